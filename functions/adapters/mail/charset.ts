/**
 * Text whose charset label lies: UTF-8 bytes labelled Big5 or ISO-8859-1, Windows-1252 bytes
 * labelled UTF-8, and UTF-7 (which TextDecoder does not know). The signs are replacement
 * characters (bytes the label's decoder could not read) and UTF-8 read as Latin-1 ("Ã©").
 */

/** How garbled a decoded text looks: replacement characters and Latin-1-read UTF-8 pairs. */
export function garbling(text: string | undefined): number {
  if (!text) return 0;
  let n = 0;
  for (let i = text.indexOf('\ufffd'); i >= 0; i = text.indexOf('\ufffd', i + 1)) n++;
  for (const _ of text.matchAll(/[\u00c2-\u00f4][\u0080-\u00bf]/g)) n++;
  return n;
}

/** The raw message (latin1 string) with every charset parameter set to `charset`. */
export function relabelled(raw: string, charset: string): string {
  return raw.replace(/(charset\s*=\s*)("?)[^\s";]+\2/gi, `$1${charset}`);
}

const UTF7_LABEL = /charset\s*=\s*"?(unicode-1-1-)?utf-7/i;

export const labelledUtf7 = (head: string) => UTF7_LABEL.test(head);

/**
 * UTF-7 (RFC 2152) decoded: "+" then modified base64 of UTF-16 up to "-" or any other
 * character, "+-" for a plus. The bytes are ASCII, so the Windows-1252 reading postal-mime
 * falls back to leaves them as they were.
 */
export function decodeUtf7(text: string): string {
  return text.replace(/\+([A-Za-z0-9+/]*)-?/g, (_, b64: string) => {
    if (!b64) return '+';
    const bytes = Buffer.from(b64, 'base64');
    let out = '';
    for (let i = 0; i + 1 < bytes.length; i += 2) out += String.fromCharCode((bytes[i]! << 8) | bytes[i + 1]!);
    return out;
  });
}

/** Windows-1252's characters at 0x80–0x9F, where ISO-8859-1 (and this Node's decoder) has control codes. */
const WINDOWS_1252 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/**
 * Control codes 0x80–0x9F never stand in text: they are Windows-1252 bytes (Outlook's curly
 * quotes and dashes) read as ISO-8859-1. Shown as the characters they were.
 */
export function withoutC1Controls(text: string): string {
  return /[\u0080-\u009f]/.test(text) ? text.replace(/[\u0080-\u009f]/g, (c) => WINDOWS_1252[c.charCodeAt(0) - 0x80]!) : text;
}
