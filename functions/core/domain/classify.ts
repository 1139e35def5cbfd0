/**
 * What a customer's reply is about, read the way a shop owner would skim it: is something wrong,
 * are they asking something, are they pleased, do they want no more mail? Only the customer's
 * own words count (quotes and signature removed). Every decision carries its reasons, so a
 * person can see why a reply was escalated.
 *
 * The rules are deliberately simple and multilingual (English, German, French, Spanish): a
 * phrase list per language, negations ("not happy", "nicht zufrieden"), and signals of urgency
 * (a chargeback, a safety problem, shouting). A problem is never missed for the sake of a
 * compliment: "love the lamp but the shade arrived dented" is a complaint.
 */
import { detectAutomated, type InboundMail } from './inbound.ts';

export const CATEGORIES = ['complaint', 'question', 'praise', 'unsubscribe', 'auto-reply', 'bounce', 'other'] as const;
export type Category = (typeof CATEGORIES)[number];

export interface Classification {
  category: Category;
  /** A person should act: something is wrong, or the customer asked and is waiting. */
  escalate: boolean;
  urgency: 'normal' | 'high';
  autoReply: boolean;
  reasons: string[];
  strippedText: string;
}

interface Lexicon {
  problem: RegExp;
  /** "No problem", "kein Problem": words of the problem list that say the opposite. */
  benign: RegExp;
  question: RegExp;
  praise: RegExp;
  negatedPraise: RegExp;
  unsubscribe: RegExp;
  /** Money, law or safety at stake: urgent, and a complaint even without a named problem. */
  threat: RegExp;
  /** Pressure that makes a complaint urgent, but is nothing wrong by itself ("asap", "review"). */
  pressure: RegExp;
}

// Word lists are matched on lower-cased text; \b does not know accents, so accented words use
// explicit boundaries.
const B = '(?:^|[^\\p{L}])';
const E = '(?=$|[^\\p{L}])';
const words = (list: string) => new RegExp(`${B}(?:${list})${E}`, 'iu');

const LEXICONS: Record<string, Lexicon> = {
  en: {
    problem: words(
      "broken|broke|damaged|dented|cracked|chipped|scratched|torn|ripped|stain(?:s|ed)?|leak(?:s|ing|ed)?|faulty|defective|doesn'?t work|does not work|didn'?t work|stopped working|not working|wrong (?:item|size|colou?r|one|order)|(?:is|was|are|were|went|something|anything|all|it'?s) wrong|no (?:answer|reply|response)|nobody (?:answers|replies|responds|got back)|(?:haven'?t|have not) heard back|missing|never (?:arrived|came|received)|(?:hasn'?t|has not|haven'?t|have not|didn'?t|did not) (?:arrived|come|received|got)|not (?:arrived|received)|still waiting|late|delayed|lost|disappointed|disappointing|unhappy|terrible|awful|horrible|poor quality|cheap(?:ly)? made|falling apart|refund|return(?:ing)? (?:it|this|them)|send (?:it|this) back|complain(?:t)?|problems?|issues?|mistake|charged twice|overcharged",
    ),
    benign: words("no (?:problems?|issues?)|not a problem|without (?:any )?(?:problems?|issues?)|no complaints?"),
    question: words(
      "how|when|where|what|which|why|who|can i|could i|could you|can you|is there|are there|do you|does it|will it|would it|should i|any (?:way|chance)",
    ),
    praise: words(
      "love|loving|loved|great|perfect|beautiful|lovely|amazing|wonderful|excellent|fantastic|gorgeous|happy|delighted|thrilled|thank you|thanks|well made|exactly what",
    ),
    negatedPraise: words("not (?:happy|great|perfect|good|satisfied)|not what i|far from perfect|less than happy"),
    unsubscribe: words("unsubscribe|stop (?:emailing|sending|writing)|remove me|take me off|no more (?:emails|mail|messages)|don'?t (?:email|contact|write)"),
    threat: words(
      "chargeback|charge ?back|dispute (?:the|this) (?:charge|payment)|my bank|lawyer|solicitor|legal action|fraud|scam|trading standards|consumer protection|caught fire|on fire|burst into flames|started (?:smoking|sparking)|smoke came|sparks|electric shock|got a shock|burn(?:ed|t) (?:myself|my|me)|injur(?:y|ed)|cut (?:myself|my)|hurt (?:myself|me|my)|dangerous|unsafe",
    ),
    pressure: words("urgent|urgently|asap|immediately|right now|never (?:again|ordering)|worst|1-star|one star|bad review"),
  },
  de: {
    problem: words(
      "kaputt|defekt|beschädigt|zerbrochen|gebrochen|zerkratzt|verkratzt|gerissen|fleckig|undicht|funktioniert nicht|geht nicht|falsche[rsn]? (?:artikel|größe|farbe|ware)|(?:ist|war|sind|waren) falsch|keine antwort|niemand antwortet|fehlt|fehlen|fehlende|nie angekommen|nicht angekommen|noch nicht (?:angekommen|da|erhalten)|warte (?:immer )?noch|verspätet|verloren|enttäuscht|enttäuschend|unzufrieden|nicht zufrieden|schrecklich|furchtbar|mangelhaft|minderwertig|erstattung|rückerstattung|zurückschicken|zurücksenden|reklamation|beschwerde|probleme?|fehler|doppelt (?:abgebucht|berechnet)",
    ),
    benign: words("kein(?:e)? probleme?|ohne probleme?|keine beschwerden?"),
    question: words("wie|wann|wo|was|welche[rsn]?|warum|wieso|weshalb|kann ich|könnt ihr|können sie|könnten sie|gibt es|habt ihr|haben sie"),
    praise: words("liebe|toll|perfekt|wunderschön|schön|super|großartig|wunderbar|ausgezeichnet|klasse|begeistert|zufrieden|glücklich|danke|vielen dank"),
    negatedPraise: words("nicht (?:zufrieden|glücklich|toll|gut|perfekt|schön)|gar nicht gut"),
    unsubscribe: words("abmelden|abbestellen|keine (?:e-?mails|mails|nachrichten) mehr|austragen|nicht mehr (?:schreiben|kontaktieren)"),
    threat: words("rückbuchung|meine bank|anwalt|rechtliche schritte|betrug|verbraucherzentrale|fing feuer|in brand|hat gebrannt|verbrannt|qualmt|funken|stromschlag|verletzt|verletzung|gefährlich"),
    pressure: words("dringend|sofort|umgehend|nie wieder|schlechte bewertung"),
  },
  fr: {
    problem: words(
      "cassée?s?|abîmée?s?|endommagée?s?|fissurée?s?|rayée?s?|déchirée?s?|tachée?s?|fuit|défectueu(?:x|se)|ne (?:marche|fonctionne) (?:pas|plus)|mauvaise? (?:article|taille|couleur|produit)|pas (?:de|la) bonne|aucune réponse|personne ne répond|manque|manquant(?:e|s)?|jamais (?:arrivée?|reçue?)|pas (?:encore )?(?:arrivée?|reçue?)|toujours pas|en retard|retardée?|perdue?|déçue?s?|décevant(?:e)?|mécontente?|pas contente?|pas satisfaite?|horrible|affreu(?:x|se)|mauvaise qualité|remboursement|rembourser|retourner|renvoyer|réclamation|plainte|problèmes?|erreur|débitée? deux fois",
    ),
    benign: words("pas de problèmes?|aucun problème|sans (?:aucun )?problèmes?|pas de souci"),
    question: words("comment|quand|où|quoi|quel(?:le)?s?|pourquoi|qui|est-ce que|puis-je|pouvez-vous|pourriez-vous|y a-t-il|avez-vous"),
    praise: words("adore|j'adore|aime|génial|parfait(?:e)?|magnifique|superbe|merveilleu(?:x|se)|excellent(?:e)?|ravie?|contente?|heureu(?:x|se)|merci"),
    negatedPraise: words("pas (?:contente?|satisfaite?|heureu(?:x|se)|parfait(?:e)?|terrible|top)"),
    unsubscribe: words("désabonner|désinscrire|désinscription|ne plus recevoir|plus d'e-?mails|retirez-moi|arrêtez de m'écrire"),
    threat: words("rétrofacturation|faire opposition|ma banque|avocat|action en justice|fraude|arnaque|pris feu|a brûlé|brûlée?s? (?:la|le|ma|mon)|de la fumée|étincelles|électrocutée?|blessée?|dangereu(?:x|se)"),
    pressure: words("urgent|urgence|immédiatement|au plus vite|plus jamais|mauvais avis"),
  },
  es: {
    problem: words(
      "rot[oa]s?|dañad[oa]s?|estropead[oa]s?|agrietad[oa]s?|rayad[oa]s?|rasgad[oa]s?|manchad[oa]s?|gotea|defectuos[oa]s?|no funciona|dejó de funcionar|(?:artículo|talla|color|producto) equivocad[oa]|(?:está|es|estaba) mal|sin respuesta|nadie (?:responde|contesta)|falta|faltan|nunca llegó|no (?:ha )?llegado|no llegó|todavía no|sigo esperando|tarde|retrasad[oa]|perdid[oa]|decepcionad[oa]|decepcionante|no estoy content[oa]|insatisfech[oa]|horrible|terrible|mala calidad|reembolso|devolver|devolución|reclamación|queja|problemas?|error|cobrado dos veces",
    ),
    benign: words("sin (?:ningún )?problemas?|ningún problema|no hay problema|sin queja"),
    question: words("cómo|como puedo|cuándo|dónde|qué|cuál(?:es)?|por qué|quién|puedo|pueden|podrían|podéis|hay alguna|tienen"),
    praise: words("me encanta|encanta|genial|perfect[oa]|precios[oa]|preciosa|maravillos[oa]|excelente|fantástic[oa]|content[oa]|feliz|encantad[oa]|gracias|muchas gracias"),
    negatedPraise: words("no (?:estoy )?(?:content[oa]|satisfech[oa]|feliz)|nada (?:content[oa]|satisfech[oa])"),
    unsubscribe: words("darme de baja|darse de baja|dar de baja|no quiero recibir|no más (?:correos|emails|mensajes)|elimínenme|dejen de escribir"),
    threat: words("contracargo|mi banco|abogado|acciones legales|fraude|estafa|oficina del consumidor|se incendió|prendió fuego|me quemé|echó humo|chispas|descarga eléctrica|me herí|herid[oa]|peligros[oa]"),
    pressure: words("urgente|urgentemente|inmediatamente|cuanto antes|nunca más|mala reseña"),
  },
};

function matches(text: string, pattern: RegExp): string[] {
  const found = new Set<string>();
  const global = new RegExp(pattern.source, 'giu');
  for (const m of text.matchAll(global)) found.add(m[0].replace(/^[^\p{L}]+/u, '').trim());
  return [...found];
}

/** A question mark, or a sentence that opens the way questions do ("Can you tell me when…"). */
function askedQuestions(text: string): string[] {
  if (/[?¿]/.test(text)) return ['asks a question (question mark)'];
  const openers = text
    .split(/[.!\n]+/)
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean)
    .flatMap((sentence) =>
      Object.entries(LEXICONS).flatMap(([lang, lex]) => {
        const start = new RegExp(`^(?:${lex.question.source.slice(B.length + 3, -(E.length + 1))})${E}`, 'iu');
        const m = start.exec(sentence);
        return m ? [`asks a question: "${m[0]}" (${lang})`] : [];
      }),
    );
  return [...new Set(openers)];
}

/** Several lines in capitals, or many exclamation marks: a customer who is shouting. */
function isShouting(text: string): boolean {
  const letters = text.replace(/[^\p{L}]/gu, '');
  const upper = text.replace(/[^\p{Lu}]/gu, '');
  return (letters.length >= 20 && upper.length / letters.length > 0.6) || /!{3,}/.test(text);
}

/** Classifies the customer's own words (and the headers, for bounces and auto-replies). */
export function classifyReply(mail: Pick<InboundMail, 'headers' | 'from' | 'subject' | 'strippedText'>): Classification {
  const strippedText = mail.strippedText.trim();
  const automated = detectAutomated(mail);
  if (automated) {
    return {
      category: automated.kind,
      escalate: false,
      urgency: 'normal',
      autoReply: true,
      reasons: automated.reasons.map((r) => `${automated.kind}: ${r}`),
      strippedText,
    };
  }

  // The subject counts only when it is not ours echoed back ("Re: Your lamp").
  const subject = /^\s*(re|aw|antw|réf|rv|sv)\s*:/i.test(mail.subject) ? '' : mail.subject;
  let text = `${subject}\n${strippedText}`.toLowerCase();
  for (const lex of Object.values(LEXICONS)) text = text.replace(new RegExp(lex.benign.source, 'giu'), ' ');
  const found = (key: keyof Lexicon) => Object.entries(LEXICONS).flatMap(([lang, lex]) => matches(text, lex[key]).map((m) => `${m} (${lang})`));

  const problems = found('problem');
  const negated = found('negatedPraise');
  const threats = found('threat');
  if (problems.length || negated.length || threats.length) {
    const pressure = found('pressure');
    const shouting = isShouting(strippedText);
    const reasons = [
      ...problems.map((p) => `problem: ${p}`),
      ...negated.map((p) => `unhappy: ${p}`),
      ...threats.map((t) => `urgent: ${t}`),
      ...pressure.map((p) => `urgent: ${p}`),
      ...(shouting ? ['urgent: written in capitals or with many exclamation marks'] : []),
    ];
    const high = threats.length > 0 || pressure.length > 0 || shouting;
    return { category: 'complaint', escalate: true, urgency: high ? 'high' : 'normal', autoReply: false, reasons, strippedText };
  }

  const unsubscribe = found('unsubscribe');
  if (unsubscribe.length) {
    return { category: 'unsubscribe', escalate: false, urgency: 'normal', autoReply: false, reasons: unsubscribe.map((u) => `opt-out: ${u}`), strippedText };
  }

  const asked = askedQuestions(strippedText);
  if (asked.length) {
    return { category: 'question', escalate: true, urgency: 'normal', autoReply: false, reasons: asked, strippedText };
  }

  const praise = found('praise');
  if (praise.length) {
    return { category: 'praise', escalate: false, urgency: 'normal', autoReply: false, reasons: praise.map((p) => `pleased: ${p}`), strippedText };
  }
  if (!strippedText) return { category: 'other', escalate: false, urgency: 'normal', autoReply: false, reasons: ['nothing written above the quote'], strippedText };
  // Something a person should read, but nothing says it is wrong or waiting for an answer.
  return { category: 'other', escalate: false, urgency: 'normal', autoReply: false, reasons: ['no problem, question, praise or opt-out found'], strippedText };
}
