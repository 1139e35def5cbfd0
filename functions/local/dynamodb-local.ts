/**
 * DynamoDB Local, the official engine, for `npm start` and the tests. AWS distributes the jar
 * from its own download site only, which a machine limited to the npm registry cannot reach; the
 * npm package amplify-dynamodb-simulator ships the jar, so we take just its `emulator/` folder
 * with `npm pack` (installing the package would pull in hundreds of unrelated packages). A fresh
 * machine therefore needs nothing beyond `npm ci` and a Java runtime.
 *
 * DynamoDB Local checks no credentials and has no option for its address: started as shipped it
 * listens on every interface. It is started through a small launcher (java/LoopbackDynamoDbLocal.java)
 * that binds it to 127.0.0.1, compiled once into the cache with the JDK's javac, or run from source
 * by a Java runtime that includes the compiler module. A runtime with neither starts the jar as
 * shipped and says so.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { access, mkdir, mkdtemp, readdir, readFile, rename, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { basename, delimiter, dirname, join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

const SIMULATOR_PACKAGE = 'amplify-dynamodb-simulator@2.9.30';
/** From `npm view amplify-dynamodb-simulator@2.9.30 dist.integrity`; the jar inside is DynamoDB Local 1.25.1. */
const SIMULATOR_INTEGRITY =
  'sha512-xTeeRLvzEfqyd5lh3bH4c0kHvSHHmmhD5ZDsHFKAQ5g2Zl6JqlFdutaQhCLHzxEp6Ry1o7TB6niIoXuQAnSewQ==';
const JAR = 'DynamoDBLocal.jar';
const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const STARTUP_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 5_000;
const JAVA_NEEDED =
  'DynamoDB Local needs Java 17 or newer: install a JRE (for example openjdk-17-jre-headless) ' +
  'and make sure `java` is on PATH or JAVA_HOME points to it';

export interface DynamoDbLocalOptions {
  /** Port to listen on, on 127.0.0.1; 0, the default, picks a free one. */
  port?: number;
  /** Keep the database in this directory (`-dbPath`); omitted means in memory. */
  dataDir?: string;
  /** Where the jar is cached; see {@link defaultCacheDir}. */
  cacheDir?: string;
  /** The java executable; default `$JAVA_HOME/bin/java`, else `java` from PATH. */
  java?: string;
}

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  /** False only when no Java compiler was available to build the loopback launcher. */
  loopbackOnly: boolean;
  /** Ends the Java process and resolves once it has exited. */
  stop(): Promise<void>;
}

/** `<project root>/.local` (gitignored), or `FOLLOWUP_CACHE_DIR` when set. */
export function defaultCacheDir(): string {
  return process.env.FOLLOWUP_CACHE_DIR || join(PROJECT_ROOT, '.local');
}

/** A client for a local endpoint: any credentials work because the server runs with -sharedDb. */
export function localDynamoDbClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

/**
 * Makes sure `<cacheDir>/dynamodb-local/DynamoDBLocal.jar` exists and returns that directory.
 * The download is unpacked in a scratch directory and renamed into place in one step, so a
 * concurrent starter sees either no jar or a complete one.
 */
export async function ensureDynamoDbLocal(cacheDir: string = defaultCacheDir()): Promise<string> {
  const home = join(cacheDir, 'dynamodb-local');
  if (await exists(join(home, JAR))) return home;
  await mkdir(cacheDir, { recursive: true });
  const scratch = await mkdtemp(join(cacheDir, '.dynamodb-local-download-'));
  try {
    process.stderr.write(
      `DynamoDB Local is not in ${home} yet: fetching ${SIMULATOR_PACKAGE} (57 MB) from the npm registry\n`,
    );
    const tarball = await packSimulator(scratch);
    await verifyIntegrity(tarball);
    await run('tar', ['-xzf', tarball, '-C', scratch, 'package/emulator'], {});
    const unpacked = join(scratch, 'package', 'emulator');
    if (!(await exists(join(unpacked, JAR)))) throw new Error(`${SIMULATOR_PACKAGE} has no emulator/${JAR}`);
    await moveIntoPlace(unpacked, home);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  return home;
}

/** Starts DynamoDB Local and resolves once it answers ListTables. */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  const home = await ensureDynamoDbLocal(options.cacheDir);
  if (options.dataDir) await mkdir(options.dataDir, { recursive: true });
  if (options.port) {
    await assertPortFree(options.port);
    return launch(home, options.port, options);
  }
  // A free port can be taken between the probe and Java binding it; try a few before giving up.
  for (let attempt = 1; ; attempt++) {
    try {
      return await launch(home, await findFreePort(), options);
    } catch (error) {
      if (!(error instanceof PortInUseError) || attempt === 3) throw error;
    }
  }
}

class PortInUseError extends Error {}

async function launch(home: string, port: number, options: DynamoDbLocalOptions): Promise<DynamoDbLocal> {
  const java = options.java ?? (process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java');
  const storage = options.dataDir ? ['-dbPath', resolve(options.dataDir)] : ['-inMemory'];
  const main = await loopbackLauncher(home, java);
  const child = spawn(
    java,
    [
      // Measured on a 2-core machine: first answer in about 1.7 s instead of 2.5-3.8 s, with no
      // lower PutItem throughput; the default collector's threads compete with Node for the cores.
      '-XX:+UseSerialGC',
      '-XX:TieredStopAtLevel=1',
      `-Djava.library.path=${join(home, 'DynamoDBLocal_lib')}`,
      ...main.args,
      '-sharedDb',
      // Telemetry (since 1.24) would try to reach AWS from every test run.
      '-disableTelemetry',
      '-port',
      String(port),
      ...storage,
    ],
    { cwd: home, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const output = new OutputTail();
  child.stdout?.on('data', (chunk: Buffer) => output.add(chunk));
  child.stderr?.on('data', (chunk: Buffer) => output.add(chunk));
  const exited = new Promise<void>((resolveExit) => child.once('close', () => resolveExit()));
  const guard = guardAgainstOrphaning(child);
  void exited.then(guard.release);

  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitUntilServing(child, port, output, java);
  } catch (error) {
    await terminate(child, exited);
    throw error;
  }
  return { endpoint, port, loopbackOnly: main.loopbackOnly, stop: () => terminate(child, exited) };
}

const LAUNCHER_CLASS = 'LoopbackDynamoDbLocal';
const LAUNCHER_SOURCE = join(PROJECT_ROOT, 'functions', 'local', 'java', `${LAUNCHER_CLASS}.java`);

/**
 * How to start DynamoDB Local bound to 127.0.0.1: the launcher compiled into the cache (once per
 * version of its source), else run from source, else, with a warning, the jar as shipped.
 */
async function loopbackLauncher(home: string, java: string): Promise<{ args: string[]; loopbackOnly: boolean }> {
  const source = await readFile(LAUNCHER_SOURCE);
  const classes = join(home, 'loopback', createHash('sha256').update(source).digest('hex').slice(0, 16));
  const compiled = { args: ['-cp', `${JAR}${delimiter}${classes}`, LAUNCHER_CLASS], loopbackOnly: true };
  if (await exists(join(classes, `${LAUNCHER_CLASS}.class`))) return compiled;
  const javac = java === 'java' ? 'javac' : join(dirname(java), 'javac');
  const scratch = await mkdtemp(join(home, '.loopback-'));
  try {
    await run(javac, ['-nowarn', '-cp', JAR, '-d', scratch, LAUNCHER_SOURCE], { cwd: home });
    await mkdir(dirname(classes), { recursive: true });
    await rename(scratch, classes).catch(async (error) => {
      // Another starter compiled the same source first.
      if (!(await exists(join(classes, `${LAUNCHER_CLASS}.class`)))) throw error;
    });
    return compiled;
  } catch {
    // No javac (a Java runtime, not a JDK): a runtime with the compiler module runs the source.
    if (await hasCompilerModule(java)) return { args: ['-cp', JAR, LAUNCHER_SOURCE], loopbackOnly: true };
    process.stderr.write(
      'DynamoDB Local listens on every interface: this Java has no compiler to build its loopback launcher (install a JDK to fix that)\n',
    );
    return { args: ['-jar', JAR], loopbackOnly: false };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

async function hasCompilerModule(java: string): Promise<boolean> {
  return new Promise((resolveCheck) => {
    const child = spawn(java, ['--list-modules'], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.once('error', () => resolveCheck(false));
    child.once('close', () => resolveCheck(/^jdk\.compiler@/m.test(out)));
  });
}

async function waitUntilServing(
  child: ChildProcess,
  port: number,
  output: OutputTail,
  java: string,
): Promise<void> {
  const endpoint = `http://127.0.0.1:${port}`;
  const failure = new Promise<never>((_, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'ENOENT' ? new Error(`${JAVA_NEEDED} (could not run ${java})`) : error),
    );
    child.once('exit', (code, signal) => {
      const tail = output.text();
      if (/BindException|Failed to bind/.test(tail)) {
        return reject(new PortInUseError(`DynamoDB Local port ${port} is in use; pick another port (or 0 for a free one)`));
      }
      const tooOld = /UnsupportedClassVersionError/.test(tail) ? `${JAVA_NEEDED}. ` : '';
      reject(
        new Error(`${tooOld}DynamoDB Local exited during startup (${signal ?? `code ${code}`}):\n${tail}`),
      );
    });
  });
  failure.catch(() => undefined); // observed below; avoids an unhandled rejection after success
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const deadline = performance.now() + STARTUP_TIMEOUT_MS;
  try {
    while (performance.now() < deadline) {
      const answered = await Promise.race([
        // Bounded, because something else holding the port may accept and never answer.
        client.send(new ListTablesCommand({ Limit: 1 }), { abortSignal: AbortSignal.timeout(2_000) }).then(
          () => true,
          () => false,
        ),
        failure,
      ]);
      if (answered) return;
      // On a bind failure the JVM prints the exception but keeps running, so read its output.
      if (/BindException|Failed to bind/.test(output.text())) {
        throw new PortInUseError(
          `DynamoDB Local port ${port} is in use; pick another port (or 0 for a free one)`,
        );
      }
      await Promise.race([delay(100), failure]);
    }
  } finally {
    client.destroy();
  }
  throw new Error(
    `DynamoDB Local did not answer on ${endpoint} within ${STARTUP_TIMEOUT_MS / 1000} s. Its last output:\n${output.text()}`,
  );
}

/** SIGTERM, then SIGKILL if the JVM has not exited after a grace period. */
async function terminate(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return exited;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}

/**
 * A JVM left behind holds 230 MB and its port. Ending with the parent is covered two ways: a
 * process 'exit' hook for ordinary exits, and (on POSIX) a tiny shell that waits for its stdin,
 * a pipe from this process, to close, which happens even when the parent is killed outright.
 */
function guardAgainstOrphaning(child: ChildProcess): { release: () => void } {
  const killChild = () => child.kill('SIGKILL');
  process.once('exit', killChild);
  const watchdog =
    process.platform === 'win32' || child.pid === undefined
      ? null
      : spawn('sh', ['-c', 'read _ignored; kill -9 "$0" 2>/dev/null', String(child.pid)], {
          stdio: ['pipe', 'ignore', 'ignore'],
        });
  watchdog?.on('error', () => undefined); // no sh: the exit hook still applies
  return {
    release: () => {
      process.off('exit', killChild);
      watchdog?.kill('SIGKILL');
    },
  };
}

/** The last few KB of the process's output, for error messages. */
class OutputTail {
  private buffer = '';
  add(chunk: Buffer): void {
    this.buffer = (this.buffer + chunk.toString('utf8')).slice(-4_000);
  }
  text(): string {
    return this.buffer.trim() || '(no output)';
  }
}

async function assertPortFree(port: number): Promise<void> {
  try {
    await listenOnce(port);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new Error(`DynamoDB Local port ${port} is in use; pick another port (or 0 for a free one)`);
    }
    throw error;
  }
}

function findFreePort(): Promise<number> {
  return listenOnce(0);
}

/** Binds every interface (free there is free on loopback too), then releases the port. */
function listenOnce(port: number): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : port));
    });
  });
}

/** Runs `npm pack` with the npm that runs us, so the user's registry settings apply. */
async function packSimulator(destination: string): Promise<string> {
  const execPath = process.env.npm_execpath;
  // Under yarn or pnpm npm_execpath is theirs, and their `pack` does not fetch from the registry.
  const [command, prefix] =
    execPath && /^np[mx]-cli\.c?js$/.test(basename(execPath))
      ? [process.execPath, [execPath.replace(/npx-cli(\.c?js)$/, 'npm-cli$1')]]
      : ['npm', []];
  await run(
    command,
    [...prefix, 'pack', SIMULATOR_PACKAGE, '--pack-destination', destination, '--ignore-scripts'],
    {
      shell: command === 'npm' && process.platform === 'win32',
    },
  );
  const tarball = (await readdir(destination)).find((name) => name.endsWith('.tgz'));
  if (!tarball) throw new Error(`npm pack ${SIMULATOR_PACKAGE} produced no tarball in ${destination}`);
  return join(destination, tarball);
}

async function verifyIntegrity(tarball: string): Promise<void> {
  const hash = createHash('sha512');
  for await (const chunk of createReadStream(tarball)) hash.update(chunk as Buffer);
  const actual = `sha512-${hash.digest('base64')}`;
  if (actual !== SIMULATOR_INTEGRITY) {
    throw new Error(
      `${SIMULATOR_PACKAGE} failed its integrity check: expected ${SIMULATOR_INTEGRITY}, got ${actual}`,
    );
  }
}

async function moveIntoPlace(unpacked: string, home: string): Promise<void> {
  try {
    await rename(unpacked, home);
  } catch (error) {
    // Another process finished the same download first: its complete copy is as good as ours.
    if (await exists(join(home, JAR))) return;
    throw new Error(
      `Could not move DynamoDB Local into ${home} (${(error as Error).message}); remove that directory and retry`,
    );
  }
}

function run(command: string, args: string[], options: { shell?: boolean; cwd?: string }): Promise<void> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(command, args, {
      stdio: ['ignore', 'ignore', 'pipe'],
      shell: options.shell ?? false,
      ...(options.cwd && { cwd: options.cwd }),
    });
    const stderr = new OutputTail();
    child.stderr?.on('data', (chunk: Buffer) => stderr.add(chunk));
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'ENOENT'
          ? new Error(`\`${command}\` is needed to fetch DynamoDB Local but was not found`)
          : error,
      ),
    );
    child.once('close', (code) =>
      code === 0
        ? resolveRun()
        : reject(
            new Error(`${basename(command)} ${args.join(' ')} failed (exit ${code}):\n${stderr.text()}`),
          ),
    );
  });
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
