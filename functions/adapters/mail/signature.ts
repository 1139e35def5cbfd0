/**
 * Where the customer's signature starts in the lines above the quoted history: the "-- "
 * delimiter, a phone or app signature ("Sent from my iPhone", "Von meinem iPhone gesendet",
 * "Get Outlook for iOS") with nothing but short lines under it, a mailing list's footer under a
 * rule. "Sent from my desk, is much easier …" is a sentence, and "fix -- this" is not a
 * delimiter: both stay.
 */
import { alternation, LIST_FOOTER_WORDS, SENT_FROM, SENT_FROM_LAST } from './vocabulary.ts';

const DELIMITER = /^--\s*$/;
/** Everything under a delimiter is signature, up to this much; more is more likely the customer's. */
const MAX_SIGNATURE_CHARS = 3_000;

const SENT_FROM_START = new RegExp(`^[(<]*(${alternation(SENT_FROM)})(?!\\p{L})`, 'iu');
const SENT_FROM_END = new RegExp(`(${alternation(SENT_FROM_LAST)})[.)>]*$`, 'iu');
const EXCUSE = /excuse|typo|brevity|fautes|tippfehler|errores|errori/i;
const LINK = /<[^<>\s]*>|\(?https?:\/\/\S*\)?|\[[^\]]*\]\([^)]*\)/g;
const RULE = /^[-_=*~]{5,}$/;
const UNDERSCORES = /^_{2,}$/;
const LIST_FOOTER = new RegExp(alternation(LIST_FOOTER_WORDS), 'i');

/** A short line naming the device or app the mail was sent with. */
export function isSentFrom(view: string): boolean {
  const plain = view.replace(LINK, ' ').trim();
  const words = plain.split(/\s+/).length;
  if (words > 10 || plain.length > 90) return false;
  if (SENT_FROM_START.test(plain)) return !plain.includes(',') || EXCUSE.test(plain);
  return words <= 8 && SENT_FROM_END.test(plain) && /^(von|vanaf|van|從|从|iphone|ipad|android)/iu.test(plain);
}

/** Lines under a phone signature are more signature only if they are few and short. */
function onlyShortLinesFrom(views: string[], k: number): boolean {
  const rest = views.slice(k).filter(Boolean);
  return rest.length <= 30 && rest.every((v) => v.length <= 120);
}

function listFooterFrom(views: string[], k: number): boolean {
  const rest = views.slice(k, k + 6).filter(Boolean);
  return rest.length > 0 && rest.some((v) => LIST_FOOTER.test(v));
}

function charsFrom(views: string[], k: number): number {
  let n = 0;
  for (let i = k; i < views.length && n <= MAX_SIGNATURE_CHARS; i++) n += views[i]!.length + 1;
  return n;
}

/** The index of the line the signature starts on, or `views.length` when there is none. */
export function signatureStart(views: string[]): number {
  const first = views.findIndex(Boolean);
  if (first < 0) return views.length;
  for (let k = first + 1; k < views.length; k++) {
    const view = views[k]!;
    if (!view) continue;
    if (DELIMITER.test(view) && charsFrom(views, k + 1) <= MAX_SIGNATURE_CHARS) return k;
    if (isSentFrom(view) && onlyShortLinesFrom(views, k + 1)) return k;
    if (RULE.test(view) && listFooterFrom(views, k + 1)) return k;
    if (UNDERSCORES.test(view) && onlyShortLinesFrom(views, k + 1) && views.slice(k + 1).filter(Boolean).length <= 8) return k;
  }
  return views.length;
}
