/** Raw inbound mail of the local runtime: what the S3 bucket holds in AWS, kept as .eml files. */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RawMailSource } from '../core/ports.ts';

export class RawMailFolder implements RawMailSource {
  private readonly memory = new Map<string, Buffer>();

  constructor(private readonly dir: string | null) {}

  /** Stores a received message under a new id shaped like SES's, and returns the id. */
  async save(raw: Buffer): Promise<string> {
    const id = `${randomBytes(10).toString('hex')}${randomBytes(10).toString('hex')}`;
    if (!this.dir) this.memory.set(id, raw);
    else {
      await mkdir(this.dir, { recursive: true });
      await writeFile(join(this.dir, `${id}.eml`), raw);
    }
    return id;
  }

  async get(mailId: string): Promise<Buffer> {
    if (!/^[a-z0-9]+$/.test(mailId)) throw new Error('not a mail id');
    const kept = this.memory.get(mailId);
    if (kept) return kept;
    if (!this.dir) throw new Error(`no inbound mail ${mailId}`);
    return readFile(join(this.dir, `${mailId}.eml`));
  }
}
