/**
 * Files beside the table in the local runtime: what the bucket's `payloads/` and `exports/`
 * prefixes hold in AWS, as files under the data folder (in memory without one). Each file is
 * dated on the virtual clock, so `sweep` can expire it as the bucket's lifecycle rules would.
 */
import { mkdir, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Clock, FileStore } from '../core/ports.ts';

/** Keys are paths of plain segments: nothing can climb out of the folder. */
const KEY = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_.:-]+)+$/;
const DAY_MS = 86_400_000;

export class FileFolder implements FileStore {
  private readonly memory = new Map<string, { body: Buffer; at: number }>();

  constructor(
    private readonly dir: string | null,
    private readonly clock: Clock,
  ) {}

  /** The content type matters to S3 only; a file here is read back by its key. */
  async put(key: string, body: Buffer, _contentType?: string): Promise<void> {
    const path = this.path(key);
    const at = this.clock.now();
    if (!path) {
      this.memory.set(key, { body, at: at.getTime() });
      return;
    }
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, body);
    await utimes(path, at, at);
  }

  async get(key: string): Promise<Buffer | null> {
    const path = this.path(key);
    if (!path) return this.memory.get(key)?.body ?? null;
    return readFile(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw error;
    });
  }

  async delete(keys: string[]): Promise<void> {
    for (const key of keys) {
      const path = this.path(key);
      if (!path) this.memory.delete(key);
      else await rm(path, { force: true });
    }
  }

  /** Deletes the files under `prefix` (e.g. `payloads/northwind/`) older than `days`. */
  async sweep(prefix: string, now: Date, days: number): Promise<number> {
    const before = now.getTime() - days * DAY_MS;
    let swept = 0;
    if (!this.dir) {
      for (const [key, file] of this.memory) {
        if (key.startsWith(prefix) && file.at < before) {
          this.memory.delete(key);
          swept += 1;
        }
      }
      return swept;
    }
    const root = join(this.dir, prefix);
    for (const name of await readdir(root, { recursive: true }).catch(() => [] as string[])) {
      const path = join(root, name);
      const info = await stat(path).catch(() => null);
      if (info?.isFile() && info.mtimeMs < before) {
        await rm(path, { force: true });
        swept += 1;
      }
    }
    return swept;
  }

  private path(key: string): string | null {
    if (!KEY.test(key) || key.split('/').some((segment) => segment === '..' || segment === '.')) {
      throw new RangeError(`not a file key: ${key}`);
    }
    return this.dir ? join(this.dir, key) : null;
  }
}
