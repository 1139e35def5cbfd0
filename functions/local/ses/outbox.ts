/** The outbox as the rest of the runtime sees it, and its files (they survive a restart). */
import { appendFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeWords, type Email } from 'postal-mime';
import type { SentMessage } from './types.ts';


export interface OutboxEntry {
  seq: number;
  id: string;
  sentAt: string;
  source: string;
  destinations: string[];
  configurationSet: string | null;
  tags: Record<string, string>;
  raw: Buffer;
}

export function describeMessage(entry: OutboxEntry, email: Email): SentMessage {
  const headers: Record<string, string> = {};
  for (const { key, value } of email.headers) {
    const earlier = headers[key];
    headers[key] = earlier === undefined ? value : `${earlier}, ${value}`;
  }
  const decoded = (name: string) => {
    const value = headers[name];
    return value === undefined ? undefined : decodeWords(value);
  };
  return {
    id: entry.id,
    messageId: headers['message-id'] ?? '',
    from: decoded('from') ?? '',
    to: decoded('to') ?? '',
    replyTo: decoded('reply-to') ?? null,
    subject: email.subject ?? '',
    text: email.text ?? '',
    html: email.html ?? null,
    headers,
    sentAt: entry.sentAt,
    raw: entry.raw.toString('base64'),
    configurationSet: entry.configurationSet,
    tags: entry.tags,
    source: entry.source,
    destinations: entry.destinations,
  };
}

/**
 * `<seq>-<id>.eml` per message plus `outbox.jsonl`, one line of metadata per message. The .eml is
 * renamed into place before its index line is appended, so the index never names a partial file;
 * a crash can at worst tear the last index line, which loading skips.
 */
export class OutboxFiles {
  private readonly indexPath: string;

  constructor(private readonly dir: string) {
    this.indexPath = join(dir, 'outbox.jsonl');
  }

  async load(): Promise<OutboxEntry[]> {
    let index: string;
    try {
      index = await readFile(this.indexPath, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const lines = index.split('\n').filter((line) => line.trim());
    const entries: OutboxEntry[] = [];
    for (const [i, line] of lines.entries()) {
      let record: Omit<OutboxEntry, 'raw'> & { file: string };
      try {
        record = JSON.parse(line);
      } catch {
        if (i === lines.length - 1) break;
        throw new Error(
          `${this.indexPath} line ${i + 1} is not JSON; delete the outbox directory to start afresh`,
        );
      }
      const { file, ...entry } = record;
      entries.push({ ...entry, raw: await readFile(join(this.dir, file)) });
    }
    return entries;
  }

  async append(entry: OutboxEntry): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const file = `${String(entry.seq).padStart(6, '0')}-${entry.id}.eml`;
    const partial = join(this.dir, `.${file}.partial`);
    await writeFile(partial, entry.raw);
    await rename(partial, join(this.dir, file));
    const { raw: _raw, ...metadata } = entry;
    await appendFile(this.indexPath, `${JSON.stringify({ ...metadata, file })}\n`);
  }
}

