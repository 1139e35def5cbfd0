/**
 * Findings in plain words for the people of a store, in the store's language: "says it arrived
 * damaged: “the mug was smashed in the box”". The customer's own words are quoted as written.
 */
import type { Finding, FindingKind, ReadLanguage } from './types.ts';

const WORDS: Record<FindingKind, Record<ReadLanguage, string>> = {
  damaged: { en: 'says it arrived damaged or broke', de: 'schreibt, dass etwas beschädigt ankam oder kaputtging', fr: 'signale un article abîmé ou cassé', es: 'dice que algo llegó dañado o se rompió' },
  defective: { en: 'says something does not work as it should', de: 'schreibt, dass etwas nicht richtig funktioniert', fr: 'signale que quelque chose ne fonctionne pas comme il faut', es: 'dice que algo no funciona como debería' },
  'wrong-item': { en: 'says they received the wrong item', de: 'schreibt, dass der falsche Artikel kam', fr: "signale qu'il a reçu le mauvais article", es: 'dice que recibió el artículo equivocado' },
  missing: { en: 'says something is missing', de: 'schreibt, dass etwas fehlt', fr: 'signale qu’il manque quelque chose', es: 'dice que falta algo' },
  'not-arrived': { en: 'says the order has not arrived', de: 'schreibt, dass die Bestellung nicht angekommen ist', fr: "signale que la commande n'est pas arrivée", es: 'dice que el pedido no ha llegado' },
  late: { en: 'says the delivery was late', de: 'schreibt, dass die Lieferung zu spät kam', fr: 'signale une livraison en retard', es: 'dice que la entrega llegó tarde' },
  billing: { en: 'says the bill is wrong', de: 'schreibt, dass die Abrechnung falsch ist', fr: 'signale une erreur de facturation', es: 'dice que el cobro es incorrecto' },
  return: { en: 'wants to return, exchange or cancel, or a refund', de: 'möchte zurückgeben, umtauschen, stornieren oder Geld zurück', fr: 'veut retourner, échanger, annuler ou être remboursé', es: 'quiere devolver, cambiar, cancelar o un reembolso' },
  courier: { en: 'complains about the delivery driver', de: 'beschwert sich über den Zusteller', fr: 'se plaint du livreur', es: 'se queja del repartidor' },
  disappointed: { en: 'is not happy with it', de: 'ist nicht zufrieden', fr: "n'est pas satisfait", es: 'no está contento' },
  unanswered: { en: 'says nobody answered them', de: 'schreibt, dass niemand geantwortet hat', fr: "signale que personne ne lui a répondu", es: 'dice que nadie le ha respondido' },
  'defect-question': { en: 'asks whether something is wrong', de: 'fragt, ob etwas nicht stimmt', fr: 'demande si quelque chose ne va pas', es: 'pregunta si algo está mal' },
  money: { en: 'money is at stake (a charge or refund)', de: 'es geht um Geld (Abbuchung oder Erstattung)', fr: "il y a de l'argent en jeu (débit ou remboursement)", es: 'hay dinero en juego (un cargo o un reembolso)' },
  legal: { en: 'mentions legal steps', de: 'erwähnt rechtliche Schritte', fr: 'évoque des démarches juridiques', es: 'menciona acciones legales' },
  safety: { en: 'a safety risk (heat, fire, electricity, choking)', de: 'ein Sicherheitsrisiko (Hitze, Feuer, Strom, Verschlucken)', fr: 'un risque pour la sécurité (chaleur, feu, électricité, étouffement)', es: 'un riesgo de seguridad (calor, fuego, electricidad, atragantamiento)' },
  health: { en: 'someone’s health was affected', de: 'jemandes Gesundheit ist betroffen', fr: 'la santé de quelqu’un est touchée', es: 'la salud de alguien se ha visto afectada' },
  'written-before': { en: 'says they have written before', de: 'schreibt, dass sie sich schon gemeldet haben', fr: 'dit avoir déjà écrit', es: 'dice que ya ha escrito antes' },
  praise: { en: 'is pleased', de: 'ist zufrieden', fr: 'est satisfait', es: 'está contento' },
  thanks: { en: 'says thank you', de: 'bedankt sich', fr: 'remercie', es: 'da las gracias' },
  'all-well': { en: 'says all is well', de: 'schreibt, dass alles in Ordnung ist', fr: 'dit que tout va bien', es: 'dice que todo está bien' },
  question: { en: 'asks', de: 'fragt', fr: 'demande', es: 'pregunta' },
  unsubscribe: { en: 'asks for no more emails', de: 'möchte keine E-Mails mehr', fr: 'ne veut plus recevoir d’e-mails', es: 'no quiere recibir más correos' },
  'not-yet': { en: 'has not used it yet, or it is a gift', de: 'hat es noch nicht benutzt, oder es ist ein Geschenk', fr: "ne l'a pas encore utilisé, ou c'est un cadeau", es: 'todavía no lo ha usado, o es un regalo' },
  gift: { en: 'bought it as a gift', de: 'hat es verschenkt', fr: "l'a acheté pour l'offrir", es: 'lo compró para regalar' },
  neutral: { en: 'mentions', de: 'erwähnt', fr: 'mentionne', es: 'menciona' },
  details: { en: 'gives new contact details', de: 'teilt neue Kontaktdaten mit', fr: 'donne de nouvelles coordonnées', es: 'da nuevos datos de contacto' },
  later: { en: 'will write again later', de: 'meldet sich später', fr: 'reviendra vers vous plus tard', es: 'escribirá más adelante' },
  acknowledged: { en: 'acknowledges the note', de: 'bestätigt den Empfang', fr: 'accuse réception', es: 'acusa recibo' },
  resolved: { en: 'says an earlier problem was put right', de: 'schreibt, dass ein früheres Problem gelöst wurde', fr: 'dit qu’un problème a été réglé', es: 'dice que un problema anterior se resolvió' },
};

const QUOTES: Record<ReadLanguage, [string, string]> = { en: ['“', '”'], de: ['„', '“'], fr: ['« ', ' »'], es: ['«', '»'] };

/** One line per finding, in the given language, quoting the customer. */
export function describe(findings: Finding[], language: ReadLanguage = 'en'): string[] {
  const [open, close] = QUOTES[language];
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const f of findings) {
    const line = `${WORDS[f.kind][language]}${language === 'fr' ? ' : ' : ': '}${open}${f.phrase}${close}`;
    if (seen.has(line)) continue;
    seen.add(line);
    lines.push(line);
  }
  return lines;
}

/** Plain words for a reply with nothing to quote. */
export const NOTHING_SAID: Record<ReadLanguage, string> = {
  en: 'nothing written above the quoted note',
  de: 'über der zitierten Nachricht steht nichts',
  fr: 'rien d’écrit au-dessus du message cité',
  es: 'no hay nada escrito encima del mensaje citado',
};

export const NOTHING_TO_DO: Record<ReadLanguage, string> = {
  en: 'no problem, question, praise or opt-out in it',
  de: 'kein Problem, keine Frage, kein Lob und keine Abmeldung',
  fr: 'ni problème, ni question, ni compliment, ni désinscription',
  es: 'ni problema, ni pregunta, ni elogio, ni baja',
};
