/**
 * The customer's words from whichever parts a message has. The text part is read line by line;
 * the HTML part is cut where its client marked the quote, then read the same way. When both
 * exist, the HTML reading wins only if it is the text reading's beginning (the client marked a
 * quote the text rules did not know); otherwise the text part's reading stands.
 */
import type { HtmlReading } from './html-text.ts';
import { LIMITS } from './limits.ts';
import { stripReply } from './strip-reply.ts';

export interface CustomerWords {
  words: string;
  /** The words were longer than {@link LIMITS.words} and were cut there. */
  truncated: boolean;
}

/** For comparing two readings: no white space and no emphasis marks (*bold* in text, <b> in HTML). */
const squashed = (s: string) => s.replace(/[\s*_\u00a0]+/g, '');

function fromHtml(html: HtmlReading): string {
  return stripReply(html.reply) || stripReply(html.unquoted);
}

/** Cut at a limit, at the last line or word break before it when there is one nearby. */
function capped(words: string): CustomerWords {
  if (words.length <= LIMITS.words) return { words, truncated: false };
  const cut = words.slice(0, LIMITS.words);
  const breakAt = Math.max(cut.lastIndexOf('\n'), cut.lastIndexOf(' '));
  return { words: (breakAt > LIMITS.words - 200 ? cut.slice(0, breakAt) : cut).trimEnd(), truncated: true };
}

export function customerWords(text: string | undefined, html: HtmlReading | null): CustomerWords {
  const plain = text?.trim() ? stripReply(text.slice(0, LIMITS.scannedText)) : '';
  const marked = html ? fromHtml(html) : '';
  if (!plain || !marked) return capped(plain || marked);
  const a = squashed(plain);
  const b = squashed(marked);
  return capped(b.length > 0 && b.length < a.length && a.startsWith(b) ? marked : plain);
}
