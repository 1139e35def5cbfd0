/**
 * What the local runtime keeps in FOLLOWUP_DATA_DIR besides the database and the outbox: the
 * virtual clock, the key that signs reply and unsubscribe tokens, and the operator token, so
 * that links in sent mail and the clock survive a restart.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Random bytes as base64url, never starting with "-": a token is pasted after `--token` on a
 * command line, where a leading dash reads as another option.
 */
function newSecret(bytes: number): string {
  for (;;) {
    const value = randomBytes(bytes).toString('base64url');
    if (!value.startsWith('-')) return value;
  }
}

export class LocalState {
  constructor(private readonly dir: string | null) {}

  async init(): Promise<void> {
    if (this.dir) await mkdir(this.dir, { recursive: true });
  }

  /** A secret generated once and kept (in memory only when there is no data folder). */
  async secret(name: string, bytes = 32): Promise<string> {
    if (!this.dir) return newSecret(bytes);
    const path = join(this.dir, name);
    try {
      return (await readFile(path, 'utf8')).trim();
    } catch {
      const value = newSecret(bytes);
      await writeFile(path, `${value}\n`, { mode: 0o600 });
      return value;
    }
  }

  async savedClock(): Promise<Date | null> {
    if (!this.dir) return null;
    try {
      const saved = JSON.parse(await readFile(join(this.dir, 'clock.json'), 'utf8')) as { now?: string };
      return saved.now ? new Date(saved.now) : null;
    } catch {
      return null;
    }
  }

  /**
   * Kept at every step of a walk, before the work of that step runs: after a crash the clock
   * starts again no earlier than any work it had done. Written aside and renamed into place, so
   * a crash mid-write keeps the previous value rather than none.
   */
  async saveClock(now: Date): Promise<void> {
    if (!this.dir) return;
    const path = join(this.dir, 'clock.json');
    await writeFile(`${path}.next`, `${JSON.stringify({ now: now.toISOString() })}\n`);
    await rename(`${path}.next`, path);
  }
}
