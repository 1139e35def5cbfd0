/**
 * The customer's own words in a plain-text reply: what stands above the quoted history, less
 * the signature. A reply written below the quote (bottom-posting) or between quoted lines keeps
 * the lines that are not quoted. Something the customer wrote never comes back empty: a reply
 * that is only a signature keeps it.
 */
import { findQuoteStart, isQuoted, lineView, type Cut } from './quote-structure.ts';
import { signatureStart } from './signature.ts';

/** Rules and blank lines left at the edges of the words ("____", "-----", "===="). */
const EDGE = /^[-_=*~#.\s]*$/;

function tidy(lines: string[]): string {
  const kept = lines.map((l) => l.replace(/\u00a0/g, ' ').trimEnd());
  let start = 0;
  let end = kept.length;
  while (start < end && EDGE.test(kept[start]!)) start++;
  while (end > start && EDGE.test(kept[end - 1]!)) end--;
  return kept
    .slice(start, end)
    .join('\n')
    .replace(/\n{3,}/g, '\n\n');
}

function above(lines: string[], cut: Cut): string[] {
  const head = lines.slice(0, cut.line);
  if (cut.column > 0) head.push(lines[cut.line]!.slice(0, cut.column));
  return head;
}

function withoutSignature(lines: string[]): string[] {
  return lines.slice(0, signatureStart(lines.map(lineView)));
}

/** Written under the quote, or between quoted lines: the lines that are not quoted, after the first quoted one. */
function belowQuote(lines: string[], views: string[], cut: Cut, depth: number): string {
  let first = cut.line;
  while (first < views.length && !isQuoted(views[first]!)) first++;
  if (first >= views.length || depth > 0) return '';
  const unquoted = lines.filter((_, i) => i > first && !isQuoted(views[i]!));
  return strip(unquoted, depth + 1);
}

/**
 * Answers written between quoted lines: with two quoted lines or more left among the words, the
 * quoted ones are ours, not the customer's. A single one (">>> see the link <<<") is theirs.
 */
function withoutInlineQuotes(lines: string[]): string[] {
  const quoted = lines.filter((l) => isQuoted(lineView(l))).length;
  return quoted >= 2 ? lines.filter((l) => !isQuoted(lineView(l))) : lines;
}

function strip(lines: string[], depth: number): string {
  const views = lines.map(lineView);
  const cut = findQuoteStart(views);
  const mine = withoutInlineQuotes(cut ? above(lines, cut) : lines);
  const words = tidy(withoutSignature(mine));
  if (words) return words;
  if (cut) {
    const below = belowQuote(lines, views, cut, depth);
    if (below) return below;
  }
  // Nothing but a signature: that is still what the customer sent.
  return tidy(mine);
}

export function stripReply(text: string): string {
  return strip(text.replace(/\r\n?/g, '\n').split('\n'), 0);
}
