/**
 * The outbox of the local SES endpoint: every accepted message, oldest first.
 *
 * With a folder, each message is a `<seq>-<id>.eml` file and `outbox.jsonl` holds one line of
 * metadata per message. Memory holds only that metadata (about half a kilobyte a message) and a
 * few recently read messages; a message is read from its file when asked for, so a runtime that
 * has sent thousands of notes stays small, and the outbox survives a restart. Without a folder
 * (tests) the raw messages stay in memory.
 *
 * The API is small on purpose: add, list, get, clear.
 */
import { appendFile, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import PostalMime, { addressParser, decodeWords, type Email } from 'postal-mime';
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

/** What a list shows of a message without reading it. */
export interface OutboxSummary {
  seq: number;
  id: string;
  sentAt: string;
  from: string;
  to: string;
  subject: string;
  /** The note's stage (`thank-you`, `check-in`…), or the kind of mail (`escalation-notice`, `owner-reply`); null for others. */
  stage: string | null;
  destinations: string[];
}

export interface OutboxFilter {
  /** Only messages to this address (an envelope recipient or in To), compared case-insensitively. */
  to?: string;
  /** Only messages whose sender, recipients or subject contain this text. */
  search?: string;
}

/** One message's metadata as memory and the index line keep it. */
interface Kept extends OutboxSummary {
  source: string;
  configurationSet: string | null;
  tags: Record<string, string>;
  file: string;
  /** Every recipient address in lower case: the envelope's and the To header's. */
  addresses: string[];
}

const INDEX = 'outbox.jsonl';
const CACHED_MESSAGES = 64;

export class Outbox {
  private kept: Kept[] = [];
  private readonly byId = new Map<string, Kept>();
  /** Raw messages, only when there is no folder. */
  private readonly memory = new Map<string, Buffer>();
  /** Recently read messages, least recently used first. */
  private readonly cache = new Map<string, SentMessage>();
  /** Writes (add, clear) run one at a time, in call order. */
  private writing: Promise<unknown> = Promise.resolve();

  constructor(private readonly dir: string | null) {}

  /** Reads the index of a kept outbox; answers the highest sequence number in it (0 when empty). */
  async open(): Promise<number> {
    if (!this.dir) return this.lastSeq();
    let index: string;
    try {
      index = await readFile(join(this.dir, INDEX), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw error;
    }
    const lines = index.split('\n').filter((line) => line.trim());
    for (const [i, line] of lines.entries()) {
      let record: Partial<Kept> & { file: string; seq: number; id: string };
      try {
        record = JSON.parse(line);
      } catch {
        // A crash can tear only the last line, written after its message file.
        if (i === lines.length - 1) break;
        throw new Error(`${join(this.dir, INDEX)} line ${i + 1} is not JSON; delete the outbox directory to start afresh`);
      }
      // Index lines written before summaries were kept name only the file: read it once.
      const kept =
        record.subject === undefined || record.to === undefined || record.from === undefined
          ? await this.readKept(record)
          : keptFrom(record as Omit<Kept, 'addresses' | 'stage'>);
      if (kept) this.remember(kept);
    }
    return this.lastSeq();
  }

  get size(): number {
    return this.kept.length;
  }

  /** Summaries, oldest first. */
  list(filter: OutboxFilter = {}): OutboxSummary[] {
    return this.kept.filter(matches(filter)).map(summary);
  }

  /** Whole messages, oldest first; each is read from its file. */
  async messages(filter: OutboxFilter = {}): Promise<SentMessage[]> {
    const out: SentMessage[] = [];
    for (const kept of this.kept.filter(matches(filter))) {
      const message = await this.read(kept);
      if (message) out.push(message);
    }
    return out;
  }

  async get(id: string): Promise<SentMessage | null> {
    const kept = this.byId.get(id);
    return kept ? this.read(kept) : null;
  }

  /** Stores an accepted message (`email` is its parsed form) and answers it as lists show it. */
  add(entry: OutboxEntry, email: Email): Promise<SentMessage> {
    const sent = describeMessage(entry, email);
    const kept = keptFrom({
      seq: entry.seq,
      id: entry.id,
      sentAt: entry.sentAt,
      source: entry.source,
      destinations: entry.destinations,
      configurationSet: entry.configurationSet,
      tags: entry.tags,
      file: `${String(entry.seq).padStart(6, '0')}-${entry.id}.eml`,
      from: sent.from,
      to: sent.to,
      subject: sent.subject,
    });
    return this.serially(async () => {
      if (this.dir) await this.append(kept, entry.raw);
      else this.memory.set(kept.id, entry.raw);
      this.remember(kept);
      this.cached(kept.id, sent);
      return sent;
    });
  }

  /** Empties the outbox; answers how many messages it held. */
  clear(): Promise<number> {
    return this.serially(async () => {
      const gone = this.kept;
      this.kept = [];
      this.byId.clear();
      this.memory.clear();
      this.cache.clear();
      if (this.dir) {
        // The index goes first: a crash half-way leaves stray files, never an index naming missing ones.
        await mkdir(this.dir, { recursive: true });
        await writeFile(join(this.dir, INDEX), '');
        for (const kept of gone) await unlink(join(this.dir, kept.file)).catch(() => undefined);
      }
      return gone.length;
    });
  }

  /** Resolves once every write asked for so far is done. */
  async idle(): Promise<void> {
    await this.writing.catch(() => undefined);
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.writing.then(work);
    this.writing = run.catch(() => undefined);
    return run;
  }

  /** The .eml is renamed into place before its index line is appended, so the index never names a partial file. */
  private async append(kept: Kept, raw: Buffer): Promise<void> {
    const dir = this.dir!;
    await mkdir(dir, { recursive: true });
    const partial = join(dir, `.${kept.file}.partial`);
    await writeFile(partial, raw);
    await rename(partial, join(dir, kept.file));
    const { addresses: _addresses, stage: _stage, ...line } = kept;
    await appendFile(join(dir, INDEX), `${JSON.stringify(line)}\n`);
  }

  private async read(kept: Kept): Promise<SentMessage | null> {
    const hit = this.cache.get(kept.id);
    if (hit) return this.cached(kept.id, hit);
    const raw = this.dir ? await readFile(join(this.dir, kept.file)).catch(() => null) : this.memory.get(kept.id);
    if (!raw) return null;
    const entry: OutboxEntry = { ...kept, raw };
    return this.cached(kept.id, describeMessage(entry, await PostalMime.parse(raw)));
  }

  private async readKept(record: Partial<Kept> & { file: string; seq: number; id: string }): Promise<Kept | null> {
    const raw = await readFile(join(this.dir!, record.file)).catch(() => null);
    if (!raw) return null;
    const sent = describeMessage(
      {
        seq: record.seq,
        id: record.id,
        sentAt: record.sentAt ?? '',
        source: record.source ?? '',
        destinations: record.destinations ?? [],
        configurationSet: record.configurationSet ?? null,
        tags: record.tags ?? {},
        raw,
      },
      await PostalMime.parse(raw),
    );
    const { seq, file } = record;
    return keptFrom({ seq, file, id: sent.id, sentAt: sent.sentAt, source: sent.source, destinations: sent.destinations, configurationSet: sent.configurationSet, tags: sent.tags, from: sent.from, to: sent.to, subject: sent.subject });
  }

  /**
   * Kept oldest first by the time SES accepted each message: the local scheduler sends the notes
   * of a stretch of virtual time side by side, each at its own moment, so they are not always
   * accepted in the order of their times.
   */
  private remember(kept: Kept): void {
    let at = this.kept.length;
    while (at > 0 && this.kept[at - 1]!.sentAt > kept.sentAt) at -= 1;
    this.kept.splice(at, 0, kept);
    this.byId.set(kept.id, kept);
  }

  private cached(id: string, message: SentMessage): SentMessage {
    this.cache.delete(id);
    this.cache.set(id, message);
    if (this.cache.size > CACHED_MESSAGES) this.cache.delete(this.cache.keys().next().value!);
    return message;
  }

  private lastSeq(): number {
    return this.kept.reduce((last, k) => Math.max(last, k.seq), 0);
  }
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

function keptFrom(record: Omit<Kept, 'addresses' | 'stage'>): Kept {
  const headerAddresses = record.to ? addressParser(record.to, { flatten: true }).flatMap((a) => (a.address ? [a.address] : [])) : [];
  return {
    seq: record.seq,
    id: record.id,
    sentAt: record.sentAt,
    from: record.from,
    to: record.to,
    subject: record.subject,
    stage: record.tags.stage ?? record.tags.kind ?? null,
    destinations: record.destinations,
    source: record.source,
    configurationSet: record.configurationSet,
    tags: record.tags,
    file: record.file,
    addresses: [...new Set([...record.destinations, ...headerAddresses].filter(Boolean).map((a) => a.trim().toLowerCase()))],
  };
}

function summary(kept: Kept): OutboxSummary {
  const { seq, id, sentAt, from, to, subject, stage, destinations } = kept;
  return { seq, id, sentAt, from, to, subject, stage, destinations };
}

function matches(filter: OutboxFilter): (kept: Kept) => boolean {
  // "Maya <maya@example.com>", as a To header reads, names the same address.
  const asked = filter.to?.trim().toLowerCase();
  const to = asked && (/<([^<>]+)>\s*$/.exec(asked)?.[1]?.trim() ?? asked);
  const search = filter.search?.trim().toLowerCase();
  return (kept) =>
    (!to || kept.addresses.includes(to)) &&
    (!search || [kept.from, kept.to, kept.subject, ...kept.destinations].some((field) => field.toLowerCase().includes(search)));
}
