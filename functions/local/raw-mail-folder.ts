/**
 * Raw inbound mail of the local runtime: what the S3 bucket holds in AWS, kept as .eml files.
 *
 * A message arrives in the folder itself, dated on the virtual clock (its modification time);
 * once its store is known it moves into that store's subfolder (`_none` for mail that joined no
 * conversation), as the bucket tags it. `sweep` deletes what is past its store's retention, as
 * the bucket's lifecycle rules do.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { NO_STORE } from '../adapters/s3/raw-mail-bucket.ts';
import type { Clock, RawMailStore } from '../core/ports.ts';

const NONE = NO_STORE;
const MAIL_ID = /^[a-z0-9]{1,64}$/;
const DAY_MS = 86_400_000;

export class RawMailFolder implements RawMailStore {
  private readonly memory = new Map<string, { raw: Buffer; at: number; label: string | null }>();

  constructor(
    private readonly dir: string | null,
    private readonly clock: Clock,
  ) {}

  /** Stores a received message under a new id shaped like SES's, and returns the id. */
  async save(raw: Buffer): Promise<string> {
    const id = `${randomBytes(10).toString('hex')}${randomBytes(10).toString('hex')}`;
    const at = this.clock.now();
    if (!this.dir) this.memory.set(id, { raw, at: at.getTime(), label: null });
    else {
      await mkdir(this.dir, { recursive: true });
      const path = join(this.dir, `${id}.eml`);
      await writeFile(path, raw);
      await utimes(path, at, at);
    }
    return id;
  }

  async get(mailId: string): Promise<Buffer> {
    const raw = await this.find(mailId);
    if (!raw) throw new Error(`no inbound mail ${mailId}`);
    return raw;
  }

  async find(mailId: string): Promise<Buffer | null> {
    if (!MAIL_ID.test(mailId)) return null;
    if (!this.dir) return this.memory.get(mailId)?.raw ?? null;
    const path = await this.pathOf(mailId);
    return path ? readFile(path) : null;
  }

  async label(mailId: string, storeId: string | null): Promise<void> {
    if (!MAIL_ID.test(mailId)) return;
    const folder = storeId ?? NONE;
    if (!this.dir) {
      const kept = this.memory.get(mailId);
      if (kept) kept.label = folder;
      return;
    }
    const path = await this.pathOf(mailId);
    if (!path) return;
    await mkdir(join(this.dir, folder), { recursive: true });
    await rename(path, join(this.dir, folder, `${mailId}.eml`));
  }

  async erase(mailIds: string[]): Promise<void> {
    for (const id of mailIds) {
      if (!MAIL_ID.test(id)) continue;
      if (!this.dir) this.memory.delete(id);
      else {
        const path = await this.pathOf(id);
        if (path) await rm(path, { force: true });
      }
    }
  }

  /**
   * Deletes every message older than its folder's retention: `days(storeId)` for a store's
   * folder, `days(NO_STORE)` for mail of no conversation, `days(null)` for mail never filed.
   * Returns how many went.
   */
  async sweep(now: Date, days: (label: string | null) => number): Promise<number> {
    const before = (label: string | null) => now.getTime() - days(label) * DAY_MS;
    let swept = 0;
    if (!this.dir) {
      for (const [id, kept] of this.memory) {
        if (kept.at < before(kept.label)) {
          this.memory.delete(id);
          swept += 1;
        }
      }
      return swept;
    }
    for (const entry of await readdir(this.dir, { withFileTypes: true }).catch(() => [])) {
      const folder = entry.isDirectory() ? join(this.dir, entry.name) : this.dir;
      const label = entry.isDirectory() ? entry.name : null;
      const names = entry.isDirectory() ? await readdir(folder) : entry.name.endsWith('.eml') ? [entry.name] : [];
      for (const name of names) {
        const path = join(folder, name);
        if ((await stat(path)).mtimeMs < before(label)) {
          await rm(path, { force: true });
          swept += 1;
        }
      }
    }
    return swept;
  }

  /** Where a message is now: the folder itself, or the subfolder it was filed under. */
  private async pathOf(mailId: string): Promise<string | null> {
    const dir = this.dir!;
    const candidates = [join(dir, `${mailId}.eml`)];
    for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      if (entry.isDirectory()) candidates.push(join(dir, entry.name, `${mailId}.eml`));
    }
    for (const path of candidates) {
      if (await stat(path).then(() => true, () => false)) return path;
    }
    return null;
  }
}
