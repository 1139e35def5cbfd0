/**
 * Header surgery. Real SES replaces Message-ID and Date and leaves every other byte alone, so the
 * header block is edited as text in latin1 (one char per byte) and the body is never decoded.
 */

interface HeaderField {
  name: string;
  /** The whole field as it appeared: continuation lines and line ends included. */
  text: string;
}

/** Headers SES refuses to see twice (from its header-fields page); a duplicate is `MessageRejected`. */
// prettier-ignore
const SINGLE_OCCURRENCE_HEADERS = new Set([
  'auto-submitted', 'content-transfer-encoding', 'content-type', 'date', 'from', 'in-reply-to',
  'list-id', 'list-unsubscribe', 'list-unsubscribe-post', 'message-id', 'mime-version',
  'precedence', 'references', 'reply-to', 'return-path', 'sender', 'subject',
]);

export function splitHeaderBlock(raw: Buffer): { fields: HeaderField[]; body: Buffer; eol: string } {
  const text = raw.toString('latin1');
  const blankLine = /\r?\n\r?\n/.exec(text);
  const headerEnd = blankLine ? blankLine.index + (text[blankLine.index] === '\r' ? 2 : 1) : text.length;
  const fields: HeaderField[] = [];
  for (const line of text.slice(0, headerEnd).split(/(?<=\n)/)) {
    const last = fields[fields.length - 1];
    if (last && /^[ \t]/.test(line)) last.text += line;
    else if (line) fields.push({ name: line.slice(0, Math.max(line.indexOf(':'), 0)).trim(), text: line });
  }
  return { fields, body: raw.subarray(headerEnd), eol: /^[^\n]*\r\n/.test(text) ? '\r\n' : '\n' };
}

export function duplicatedSingleHeader(raw: Buffer): string | null {
  const seen = new Set<string>();
  for (const { name } of splitHeaderBlock(raw).fields) {
    const key = name.toLowerCase();
    if (SINGLE_OCCURRENCE_HEADERS.has(key) && seen.has(key)) return name;
    seen.add(key);
  }
  return null;
}

/** Replaces Message-ID and Date in place (or adds them at the end of the header block). */
export function rewriteSesHeaders(raw: Buffer, values: { messageId: string; date: Date }): Buffer {
  const { fields, body, eol } = splitHeaderBlock(raw);
  const replacements = new Map([
    ['message-id', `Message-ID: ${values.messageId}${eol}`],
    ['date', `Date: ${values.date.toUTCString().replace('GMT', '+0000')}${eol}`],
  ]);
  const out: string[] = [];
  for (const field of fields) {
    const key = field.name.toLowerCase();
    const replacement = replacements.get(key);
    if (replacement === undefined) {
      out.push(field.text);
    } else {
      if (replacement) out.push(replacement);
      replacements.set(key, ''); // written once; a later copy of the header is dropped
    }
  }
  const missing = [...replacements.values()].filter(Boolean);
  if (missing.length && out.length && !out[out.length - 1]!.endsWith('\n')) out.push(eol);
  return Buffer.concat([Buffer.from(out.join('') + missing.join(''), 'latin1'), body]);
}

