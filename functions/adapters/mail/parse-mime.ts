/**
 * The MIME of a received message, read with postal-mime within limits: nesting deeper than
 * {@link LIMITS.mimeDepth} or a header section larger than {@link LIMITS.mimeHeaders} leaves the
 * body unread (the headers still are, with the reason), never an exception. format=flowed is
 * unwrapped per quote depth, and a charset label that does not fit the bytes is replaced by the
 * reading that garbles least.
 */
import PostalMime, { type Email } from 'postal-mime';
import { decodeUtf7, garbling, labelledUtf7, relabelled, withoutC1Controls } from './charset.ts';
import { flowedIn, unflow, withoutFlowed } from './flowed.ts';
import { LIMITS } from './limits.ts';

export interface ParsedMime {
  mail: Email;
  /** Why the body could not be read, when it could not. */
  unreadable?: string;
}

const options = { maxNestingDepth: LIMITS.mimeDepth, maxHeadersSize: LIMITS.mimeHeaders };

async function parse(raw: Buffer | string): Promise<Email> {
  return PostalMime.parse(typeof raw === 'string' ? Buffer.from(raw, 'latin1') : raw, options);
}

/** The header section alone, for a message whose body cannot be read. */
async function headersOnly(raw: Buffer): Promise<Email> {
  const head = raw.subarray(0, LIMITS.mimeHeaders).toString('latin1');
  const end = /\r?\n\r?\n/.exec(head)?.index ?? head.length;
  return parse(Buffer.concat([raw.subarray(0, end), Buffer.from('\r\n\r\n')]));
}

const sample = (mail: Email) => garbling(mail.text?.slice(0, 100_000)) + garbling(mail.html?.slice(0, 100_000));

/** The first {@link LIMITS.rawLines} lines and {@link LIMITS.rawBytes} bytes of the message. */
export function headOfMessage(raw: Buffer): Buffer {
  let end = Math.min(raw.length, LIMITS.rawBytes);
  for (let lines = 0, at = raw.indexOf(10); at >= 0 && at < end; at = raw.indexOf(10, at + 1)) {
    if (++lines === LIMITS.rawLines) end = at + 1;
  }
  return end < raw.length ? raw.subarray(0, end) : raw;
}

export async function parseMime(message: Buffer): Promise<ParsedMime> {
  const raw = headOfMessage(message);
  const head = raw.subarray(0, 64 * 1024).toString('latin1');
  const { flowed, delSp } = flowedIn(head);
  const latin1 = flowed || raw.length <= LIMITS.charsetRetryBytes ? raw.toString('latin1') : null;
  let mail: Email;
  try {
    mail = await parse(flowed ? withoutFlowed(latin1!) : raw);
  } catch (error) {
    // postal-mime's own limits (nesting, header size): keep what the headers say.
    try {
      return { mail: await headersOnly(raw), unreadable: (error as Error).message };
    } catch {
      return { mail: { headers: [], headerLines: [], attachments: [] }, unreadable: (error as Error).message };
    }
  }
  if (latin1 !== null && sample(mail) > 0) {
    for (const charset of ['utf-8', 'windows-1252']) {
      const again = await parse(relabelled(flowed ? withoutFlowed(latin1) : latin1, charset)).catch(() => null);
      if (again && sample(again) < sample(mail)) mail = again;
    }
  }
  const utf7 = labelledUtf7(head);
  if (mail.text) mail.text = withoutC1Controls(utf7 ? decodeUtf7(mail.text) : mail.text);
  if (mail.html) mail.html = withoutC1Controls(utf7 ? decodeUtf7(mail.html) : mail.html);
  if (flowed && mail.text) mail.text = unflow(mail.text, delSp);
  return { mail };
}
