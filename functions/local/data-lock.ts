/**
 * One runtime per data folder. Two runtimes on the same FOLLOWUP_DATA_DIR would start two
 * DynamoDB Local engines on the same database files and two outboxes on the same folder, and
 * corrupt both. The first takes a lock file holding its process id; a second is refused with a
 * message that says which process holds the folder. A lock left behind by a process that no
 * longer runs (kill -9, a crash) is taken over.
 */
import { readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError } from '../core/domain/store.ts';

export const LOCK_FILE = 'runtime.lock';

export interface DataLock {
  release(): Promise<void>;
}

export async function lockDataFolder(dir: string, pid = process.pid): Promise<DataLock> {
  const path = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      await writeFile(path, `${pid}\n`, { flag: 'wx', mode: 0o600 });
      return { release: () => releaseIfOurs(path, pid) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = await holderOf(path);
    if (holder !== null && isRunning(holder)) {
      const who = holder === pid ? 'this process' : `process ${holder}`;
      throw new ConfigError(
        `another followup runtime (${who}) is using ${dir}; stop it first, or set FOLLOWUP_DATA_DIR to another folder`,
      );
    }
    // Stale: its process is gone. Whoever removes it first retries the exclusive create.
    await unlink(path).catch(() => undefined);
  }
  throw new ConfigError(`could not take the lock ${path}: another runtime keeps taking it`);
}

async function holderOf(path: string): Promise<number | null> {
  const text = await readFile(path, 'utf8').catch(() => '');
  const pid = Number(text.trim());
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function releaseIfOurs(path: string, pid: number): Promise<void> {
  if ((await holderOf(path)) === pid) await unlink(path).catch(() => undefined);
}
