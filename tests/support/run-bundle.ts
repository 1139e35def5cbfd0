/**
 * Runs a synthesized Lambda bundle as Lambda runs it: a fresh Node process, the bundle's own
 * folder as the working directory, only the environment given (the template's variables, the
 * region and credentials Lambda provides), `index.handler` called with each event in turn.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export type Outcome = { ok: true; result: any } | { ok: false; error: { name: string; message: string } };

const DRIVER = `
import { readFile, writeFile } from 'node:fs/promises';
const [bundle, eventsFile, resultsFile] = process.argv.slice(1);
const context = { functionName: process.env.AWS_LAMBDA_FUNCTION_NAME, awsRequestId: 'bundle-test', getRemainingTimeInMillis: () => 30000 };
const results = [];
try {
  const { handler } = await import(bundle);
  for (const event of JSON.parse(await readFile(eventsFile, 'utf8'))) {
    try {
      results.push({ ok: true, result: (await handler(event, context)) ?? null });
    } catch (error) {
      results.push({ ok: false, error: { name: error.name, message: error.message } });
    }
  }
} catch (error) {
  results.push({ ok: false, error: { name: error.name, message: error.message } });
}
await writeFile(resultsFile, JSON.stringify(results));
process.exit(0);
`;

export async function runBundle(
  assetDir: string,
  events: unknown[],
  env: Record<string, string>,
): Promise<{ outcomes: Outcome[]; logs: Array<Record<string, any>>; stderr: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'followup-invoke-'));
  try {
    const eventsFile = join(dir, 'events.json');
    const resultsFile = join(dir, 'results.json');
    await writeFile(eventsFile, JSON.stringify(events));
    const child = spawn(process.execPath, ['--input-type=module', '-e', DRIVER, '--', pathToFileURL(join(assetDir, 'index.mjs')).href, eventsFile, resultsFile], {
      cwd: assetDir,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    if (code !== 0) throw new Error(`the bundle's process exited with ${code}: ${stderr}`);
    const logs = stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, any>);
    return { outcomes: JSON.parse(await readFile(resultsFile, 'utf8')) as Outcome[], logs, stderr };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
