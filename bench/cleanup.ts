/**
 * Everything the benchmark starts (DynamoDB Local, runtimes, workers, temporary directories) is
 * registered here and stopped in reverse order: at the end of a section, at the end of the run,
 * on an error, and on Ctrl-C or SIGTERM.
 */

type Stop = () => Promise<unknown> | unknown;

interface Entry {
  name: string;
  stop: Stop;
}

const entries: Entry[] = [];

/** Registers a stop action; the returned function runs it now (once) and forgets it. */
export function onCleanup(name: string, stop: Stop): () => Promise<void> {
  const entry: Entry = { name, stop };
  entries.push(entry);
  return async () => {
    const index = entries.indexOf(entry);
    if (index < 0) return;
    entries.splice(index, 1);
    await runStop(entry);
  };
}

async function runStop(entry: Entry): Promise<void> {
  try {
    await entry.stop();
  } catch (error) {
    process.stderr.write(`cleanup of ${entry.name} failed: ${(error as Error).message}\n`);
  }
}

/** Stops everything still registered, newest first. */
export async function cleanupAll(): Promise<void> {
  while (entries.length) await runStop(entries.pop()!);
}

let installed = false;

/** On SIGINT / SIGTERM / SIGHUP: stop everything, then exit with the conventional code. */
export function installSignalHandlers(): void {
  if (installed) return;
  installed = true;
  let stopping = false;
  const handle = (signal: NodeJS.Signals, code: number) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`\n${signal}: stopping everything the benchmark started …\n`);
    const force = setTimeout(() => process.exit(code), 20_000);
    force.unref();
    void cleanupAll().finally(() => process.exit(code));
  };
  process.on('SIGINT', () => handle('SIGINT', 130));
  process.on('SIGTERM', () => handle('SIGTERM', 143));
  process.on('SIGHUP', () => handle('SIGHUP', 129));
}
