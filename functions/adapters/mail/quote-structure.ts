/**
 * Finds where the quoted history of a plain-text reply begins, by the shape of its lines rather
 * than one pattern per mail client:
 *
 * - an attribution ("On Mon, 2 Apr 2012 at 18:26, Megan <m@x.com> wrote:"), recognised as a run
 *   of up to four lines that ends in a "wrote" verb (any listed language) or in an address and a
 *   colon, carries a date, a time or an address, and starts like one (a date, a weekday, "On",
 *   "Le", "Am" …), also when it shares its first line with the reply;
 * - a header block ("From: … / Sent: … / To: … / Subject: …", bold or indented, in any listed
 *   language): a run of known header field names of at least two kinds;
 * - a separator ("-----Original Message-----", "---------- Forwarded message ---------",
 *   "Begin forwarded message:");
 * - a block of ">"-quoted lines (two or more, or at the very end).
 *
 * Every test looks at one line cut to {@link LINE_VIEW} characters, or at a window of a few such
 * lines, so the work is linear in the length of the text whatever it holds.
 */
import { alternation, ATTRIBUTION_STARTS, FORWARD_INTROS, HEADER_FIELDS, SEPARATOR_WORDS, WEEKDAYS, WROTE_VERBS, type HeaderKind } from './vocabulary.ts';

/** The longest part of a line any pattern looks at. */
export const LINE_VIEW = 1_000;

/** Marks that change nothing a reader sees: zero-width spaces, direction marks, BOM. */
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

/** A line as the patterns see it: cut, visible characters only, no-break spaces as spaces, trimmed. */
export function lineView(line: string): string {
  return line.slice(0, LINE_VIEW).replace(INVISIBLE, '').replace(/[\u00a0\t]/g, ' ').trim();
}

// ---- header blocks -------------------------------------------------------------------------

const KIND_OF_FIELD = new Map<string, HeaderKind>();
for (const [kind, names] of Object.entries(HEADER_FIELDS) as [HeaderKind, readonly string[]][]) for (const n of names) KIND_OF_FIELD.set(n, kind);

/** "From:", "*From:*", "**Von:**", "De :", "Envoyé le :", "发件人：". */
const HEADER_FIELD = new RegExp(`^[*_]{0,2}(${alternation([...KIND_OF_FIELD.keys()])})[*_]{0,2} {0,2}[:：]`, 'iu');

/** Orange and others head the block with the date and no colon: "Message du 23/11/26 10:02". */
const DATED_INTRO = /^(message du|nachricht vom|mensaje del|messaggio del|bericht van)\s*:?\s*\d/i;

export function headerKind(view: string): HeaderKind | null {
  const m = HEADER_FIELD.exec(view);
  if (m) return KIND_OF_FIELD.get(m[1]!.toLowerCase()) ?? null;
  return DATED_INTRO.test(view) ? 'date' : null;
}

/**
 * A header block starting at line `i`: header fields of at least two kinds, one of them the
 * sender with a date or subject, or three kinds (wrapped values and one blank line allowed
 * between fields). "Date: / Time: / Address:" in a reply is not one.
 */
export function isHeaderBlock(views: string[], i: number): boolean {
  if (!headerKind(views[i]!)) return false;
  const kinds = new Set<HeaderKind>();
  let fields = 0;
  let gap = 0;
  for (let j = i; j < views.length && j < i + 16; j++) {
    const kind = headerKind(views[j]!);
    if (kind) {
      kinds.add(kind);
      fields++;
      gap = 0;
      continue;
    }
    // A value wrapped onto the next line, or one blank line Outlook puts between fields.
    if (++gap > 2 || (views[j] === '' && fields >= 4)) break;
  }
  if (kinds.size >= 3) return true;
  return kinds.size === 2 && kinds.has('from') && (kinds.has('date') || kinds.has('subject'));
}

// ---- separators ----------------------------------------------------------------------------

const RULE_CHARS = '-=_*~';
const SEPARATOR_WORD = new RegExp(`(?<!\\p{L})(${alternation(SEPARATOR_WORDS)})(?!\\p{L})`, 'iu');
const FORWARD_INTRO = new RegExp(`^[->\\s]*(${alternation(FORWARD_INTROS)})\\s*[:：]?[-\\s]*$`, 'iu');

/** "-----Original Message-----", "---------- Forwarded message ---------", "Begin forwarded message:". */
export function isSeparator(view: string): boolean {
  if (view.length > 200) return false;
  if (FORWARD_INTRO.test(view)) return true;
  // Rules on both sides of a few words, scanned by hand: a pattern would backtrack on long rules.
  let head = 0;
  while (head < view.length && RULE_CHARS.includes(view[head]!)) head++;
  let tail = view.length;
  while (tail > head && RULE_CHARS.includes(view[tail - 1]!)) tail--;
  const words = view.slice(head, tail).trim();
  return head >= 2 && view.length - tail >= 2 && words.length >= 3 && words.length <= 80 && SEPARATOR_WORD.test(words);
}

// ---- ">" quoting ---------------------------------------------------------------------------

export const isQuoted = (view: string) => view.startsWith('>');

/**
 * A ">" block starting at line `i` is quoted history when it has two quoted lines or more, or
 * when nothing but blank lines follows it. A single ">" line inside the text (">>> see the link
 * <<<") is the customer's.
 */
export function isQuoteBlock(views: string[], i: number, lastContent: number): boolean {
  if (!isQuoted(views[i]!)) return false;
  let quoted = 0;
  let j = i;
  for (; j < views.length && (isQuoted(views[j]!) || views[j] === ''); j++) if (isQuoted(views[j]!)) quoted++;
  return quoted >= 2 || j > lastContent;
}

// ---- attributions --------------------------------------------------------------------------

const LATIN_VERBS = WROTE_VERBS.filter((v) => !/[\u3000-\u9fff\uac00-\ud7af]/u.test(v));
const CJK_VERBS = WROTE_VERBS.filter((v) => /[\u3000-\u9fff\uac00-\ud7af]/u.test(v));
const VERB = new RegExp(`(?<!\\p{L})(${alternation(LATIN_VERBS)})(?!\\p{L})|${alternation(CJK_VERBS)}`, 'iu');
const START_WORD = new RegExp(`^-*\\s*(${alternation(ATTRIBUTION_STARTS)})[\\s,]`, 'iu');
const WEEKDAY_DATE = new RegExp(`^-*\\s*(${alternation(WEEKDAYS)})\\.?,?\\s+\\d`, 'iu');
const DIGIT_START = /^-*\s*\d/;
const YEAR = /(?<!\d)(19|20)\d\d(?!\d)/;
const TIME = /(?<!\d)\d{1,2}[:.h]\d\d(?!\d)/;
const ADDRESS_LEFT = /[^\s<>()"'@:;,]$/;
const ADDRESS_RIGHT = /^[^\s<>()"'@:;,]+\.[a-z]{2,}/i;
const YOU = /(?<!\p{L})you(?!\p{L})/iu;
/** The end of an attribution without a verb: "… Name <name@example.com>:" (Yandex, Mail.ru, Gmail in Russian). */
const ADDRESS_COLON = /@[^\s<>()"'@]+\.[a-z]{2,}[>)\]"']*\s*[:：]$/i;
const DASH_FORM = /^-{2,}.*-{2,}$/;
const COLON_END = /[:：]$/;

/** Longest attribution taken, joined over its lines. */
const MAX_ATTRIBUTION = 400;

function startsLikeAttribution(text: string): boolean {
  return START_WORD.test(text) || WEEKDAY_DATE.test(text) || DIGIT_START.test(text);
}

/**
 * Whether `text` (an attribution's lines joined) has the shape of one. `quoteFollows`: the next
 * line is ">"-quoted, which is evidence enough for "Am Montag schrieb Sarah:".
 */
/** An e-mail address anywhere in `text`, looked for around each "@" only (linear). */
export function hasAddress(text: string): boolean {
  for (let at = text.indexOf('@'); at > 0; at = text.indexOf('@', at + 1)) {
    if (ADDRESS_LEFT.test(text.slice(at - 1, at)) && ADDRESS_RIGHT.test(text.slice(at + 1, at + 256))) return true;
  }
  return false;
}

export function isAttribution(text: string, quoteFollows: boolean): boolean {
  if (text.length > MAX_ATTRIBUTION) return false;
  // The verb stands near the end, not counting addresses (a long reply address sits between).
  const tail = text.replace(/<[^<>]{0,300}>/g, '<>').slice(-100);
  if (DASH_FORM.test(text)) return VERB.test(tail);
  if (!COLON_END.test(text)) return false;
  const address = hasAddress(text);
  const dated = YEAR.test(text) || TIME.test(text);
  if (VERB.test(tail)) {
    const evidence = dated || address || YOU.test(text) || quoteFollows;
    return evidence && (address || startsLikeAttribution(text));
  }
  return ADDRESS_COLON.test(text) && dated && startsLikeAttribution(text);
}

export interface Cut {
  line: number;
  /** Where on that line the quote starts (an attribution sharing its line with the reply). */
  column: number;
  kind: 'attribution' | 'header block' | 'separator' | 'quote';
}

/** Lines before an attribution's last line that it may span (blank lines included). */
const ATTRIBUTION_REACH = 6;

/** An attribution whose last line is `j`, as the cut where it starts. */
export function attributionEndingAt(views: string[], j: number, nextIsQuoted: boolean): Cut | null {
  const last = views[j]!;
  if (!COLON_END.test(last) && !/-{2,}$/.test(last)) return null;
  const parts: string[] = [];
  let blanks = 0;
  let nonBlank = 0;
  let plain: { line: number; rest: string } | null = null;
  for (let s = j; s >= 0 && s >= j - ATTRIBUTION_REACH; s--) {
    const view = views[s]!;
    if (view === '') {
      if (++blanks > 1) break;
      continue;
    }
    if (++nonBlank > 4) break;
    parts.unshift(view);
    const text = parts.join(' ');
    if (text.length > MAX_ATTRIBUTION) break;
    if (!isAttribution(text, nextIsQuoted)) continue;
    if (startsLikeAttribution(text)) return { line: s, column: 0, kind: 'attribution' };
    if (blanks === 0 && plain === null) plain = { line: s, rest: parts.slice(1).join(' ') };
  }
  if (plain === null) return null;
  return { line: plain.line, column: columnOfStart(views[plain.line]!, plain.rest, nextIsQuoted), kind: 'attribution' };
}

const INNER_START = new RegExp(`\\s(?=(${alternation(ATTRIBUTION_STARTS)})\\s)`, 'giu');

/** "reply On Wed, Apr 4, 2012 at 3:59 PM, bob@example.com wrote:": the attribution starts mid-line. */
function columnOfStart(line: string, rest: string, nextIsQuoted: boolean): number {
  for (const m of line.matchAll(INNER_START)) {
    const from = m.index + 1;
    const text = rest ? `${line.slice(from)} ${rest}` : line.slice(from);
    if (!isAttribution(text, nextIsQuoted) || !startsLikeAttribution(text)) continue;
    // Only quote marks or dashes before it: the whole line is the attribution.
    return /^[\s>\-*]*$/.test(line.slice(0, from)) ? 0 : from;
  }
  return 0;
}

/**
 * The first place the quoted history starts, or null when the text has none. Lines are judged
 * in order; the first that opens a quote decides.
 */
export function findQuoteStart(views: string[], from = 0): Cut | null {
  let lastContent = views.length - 1;
  while (lastContent >= 0 && views[lastContent] === '') lastContent--;
  for (let i = from; i <= lastContent; i++) {
    const view = views[i]!;
    if (view === '') continue;
    let next = i + 1;
    while (next <= lastContent && views[next] === '') next++;
    const attribution = attributionEndingAt(views, i, next <= lastContent && isQuoted(views[next]!));
    if (attribution && attribution.line >= from) return attribution;
    if (isSeparator(view)) return { line: i, column: 0, kind: 'separator' };
    if (isHeaderBlock(views, i)) return { line: i, column: 0, kind: 'header block' };
    if (isQuoteBlock(views, i, lastContent)) return { line: i, column: 0, kind: 'quote' };
  }
  return null;
}
