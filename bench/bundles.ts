/**
 * Section 3: each Lambda bundle built with infra/bundling.ts's esbuild options (as CDK builds
 * it), its minified size, and the time to import() it in a fresh Node process over bare
 * `node -e ""`. Runs of the bare process and of every bundle are interleaved, so drift on a
 * shared machine hits them alike.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { loadDeploymentConfig } from '../functions/shared/config.ts';
import { FUNCTION_NAMES, type FunctionName } from '../functions/shared/functions.ts';
import { BUNDLE_ENTRY_FILE, esbuildOptions, handlerEntry } from '../infra/bundling.ts';
import { onCleanup } from './cleanup.ts';
import { median } from './stats.ts';

export interface BundleResult {
  fn: FunctionName;
  error?: string;
  bytes?: number;
  /** Minified bytes by what they come from (an npm package, or a folder of ours), largest first. */
  carries?: Array<{ from: string; bytes: number }>;
  gzipBytes?: number;
  buildMs?: number;
  /** Median over runs of (wall time of `node -e "import(bundle)"` − wall time of the bare run of the same round). */
  importOverBareMs?: number;
  /** Median of the import() call itself, timed inside the child. */
  importCallMs?: number;
  importWallMs?: number;
  importFailures?: number;
}

export interface BundlesResult {
  runs: number;
  bareWallMs: number;
  bundles: BundleResult[];
}

/** What a bundle's bytes come from: each npm package, and our code by folder of functions/. */
function composition(inputs: Record<string, { bytesInOutput: number }>): Array<{ from: string; bytes: number }> {
  const by = new Map<string, number>();
  for (const [path, { bytesInOutput }] of Object.entries(inputs)) {
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1];
    const from = pkg ?? `ours: ${path.replace(/^.*?functions\//, '').split('/').slice(0, -1).join('/') || 'functions'}`;
    by.set(from, (by.get(from) ?? 0) + bytesInOutput);
  }
  return [...by].map(([from, bytes]) => ({ from, bytes })).sort((a, b) => b.bytes - a.bytes);
}

/** Environment of the child processes: no loader or options inherited from tsx. */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
  delete env.NODE_OPTIONS;
  return env;
}

function timeNode(code: string, env: NodeJS.ProcessEnv): { wallMs: number; stdout: string; ok: boolean; stderr: string } {
  const start = performance.now();
  const child = spawnSync(process.execPath, ['-e', code], { env, encoding: 'utf8' });
  const wallMs = performance.now() - start;
  return { wallMs, stdout: child.stdout ?? '', stderr: child.stderr ?? '', ok: child.status === 0 };
}

export async function benchBundles(options: { runs: number; log: (line: string) => void }): Promise<BundlesResult> {
  const dir = await mkdtemp(join(tmpdir(), 'followup-bench-bundles-'));
  const removeDir = onCleanup('bundle directory', () => rm(dir, { recursive: true, force: true }));
  try {
    const config = loadDeploymentConfig(process.env);
    const bundles: Array<BundleResult & { file?: string }> = [];
    for (const fn of FUNCTION_NAMES) {
      const outfile = join(dir, fn, BUNDLE_ENTRY_FILE);
      const start = performance.now();
      try {
        const built = await build({ ...esbuildOptions(config), entryPoints: [handlerEntry(fn)], outfile, logLevel: 'silent', metafile: true });
        const code = await readFile(outfile);
        const carries = composition(Object.values(built.metafile.outputs)[0]?.inputs ?? {});
        bundles.push({ fn, file: outfile, bytes: code.length, gzipBytes: gzipSync(code).length, buildMs: performance.now() - start, carries });
      } catch (error) {
        bundles.push({ fn, error: (error as Error).message.split('\n').slice(0, 3).join(' ') });
      }
    }
    options.log(`  built ${bundles.filter((b) => b.file).length}/${bundles.length} bundles; timing import() over ${options.runs} rounds`);

    const env = childEnv();
    const importable = bundles.filter((b) => b.file);
    const bare: number[] = [];
    const samples = new Map(importable.map((b) => [b.fn, { over: [] as number[], call: [] as number[], wall: [] as number[], failures: 0, error: '' }]));
    for (let round = 0; round < options.runs; round += 1) {
      const bareRun = timeNode('', env);
      bare.push(bareRun.wallMs);
      // Rotate the order each round so no bundle always runs right after the bare process.
      for (let k = 0; k < importable.length; k += 1) {
        const b = importable[(k + round) % importable.length]!;
        const url = pathToFileURL(b.file!).href;
        const run = timeNode(
          `const t = performance.now(); import(${JSON.stringify(url)}).then(() => process.stdout.write(String(performance.now() - t)), (e) => { console.error(e); process.exit(1); })`,
          env,
        );
        const s = samples.get(b.fn)!;
        if (!run.ok) {
          s.failures += 1;
          s.error ||= run.stderr.trim().split('\n').slice(0, 2).join(' ');
          continue;
        }
        s.over.push(run.wallMs - bareRun.wallMs);
        s.call.push(Number(run.stdout));
        s.wall.push(run.wallMs);
      }
    }
    return {
      runs: options.runs,
      bareWallMs: median(bare),
      bundles: bundles.map(({ file: _file, ...b }) => {
        const s = samples.get(b.fn);
        if (!s) return b;
        return {
          ...b,
          ...(s.over.length && { importOverBareMs: median(s.over), importCallMs: median(s.call), importWallMs: median(s.wall) }),
          ...(s.failures && { importFailures: s.failures, error: s.error }),
        };
      }),
    };
  } finally {
    await removeDir();
  }
}
