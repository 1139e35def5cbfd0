/**
 * The few words we add around a rendered note, in the note's language: the sender's display
 * name ("Sarah at Northwind Home") and the one line under the note that lets a customer opt out.
 * Mailbox providers expect a visible way out beside the one-click header; it is worded as a
 * person would put it, after the signature, and never counts towards the note itself.
 */
import type { Language } from './store.ts';

const AT: Record<Language, string> = { en: 'at', de: 'von', fr: 'de', es: 'de' };

const OPT_OUT: Record<Language, string> = {
  en: 'Rather not get notes like this after an order?',
  de: 'Du möchtest nach einer Bestellung lieber keine solchen Nachrichten?',
  fr: 'Vous préférez ne plus recevoir ce genre de message après une commande ?',
  es: '¿Prefieres no recibir mensajes como este después de un pedido?',
};

export function senderDisplayName(signerName: string, storeName: string, language: Language): string {
  return `${signerName} ${AT[language]} ${storeName}`;
}

export function withOptOutLine(text: string, language: Language, url: string): string {
  return `${text.trimEnd()}\n\n--\n${OPT_OUT[language]} ${url}\n`;
}

