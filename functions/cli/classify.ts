/**
 * `followup classify FILE.eml` (or `-` for standard input): the parsing, quote stripping and
 * classification the inbound handler uses, on one message, as one line of JSON.
 */
import { readFile } from 'node:fs/promises';
import { readMail } from '../adapters/mail/read-mail.ts';
import { classifyReply, type Classification } from '../core/domain/classify.ts';

export class MailFileError extends Error {
  override name = 'MailFileError';
}

async function readInput(path: string): Promise<Buffer> {
  if (path === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }
  try {
    return await readFile(path);
  } catch (error) {
    throw new MailFileError(`cannot read ${path}: ${(error as Error).message}`);
  }
}

export async function classifyFile(path: string): Promise<Classification> {
  const raw = await readInput(path);
  if (raw.length === 0) throw new MailFileError(`${path === '-' ? 'standard input' : path} is empty: give a raw RFC 5322 message`);
  return classifyReply(await readMail(raw));
}
