/**
 * The one line under every note that lets a customer opt out. Mailbox providers expect a
 * visible way out beside the one-click header; it is worded as a person would put it, after
 * the signature, and never counts towards the note itself.
 */
import type { Language } from './store.ts';

const LINES: Record<Language, (url: string) => string> = {
  en: (url) => `Rather not get notes like this after an order? ${url}`,
  de: (url) => `Lieber keine solchen Nachrichten nach einer Bestellung? ${url}`,
  fr: (url) => `Vous préférez ne plus recevoir ce genre de message après une commande ? ${url}`,
  es: (url) => `¿Prefieres no recibir mensajes como este después de un pedido? ${url}`,
};

export function withOptOutLine(text: string, language: Language, url: string): string {
  return `${text.trimEnd()}\n\n--\n${LINES[language](url)}\n`;
}
