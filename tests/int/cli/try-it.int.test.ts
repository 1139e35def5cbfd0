/**
 * The README's "Try it", run as written: `npm start` in the background, then the commands a new
 * user pastes. It starts on a Friday evening (the worst day for a note), to show it works on any
 * day. The same steps also run in-process from several starting days.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trigger } from '../../../functions/cli/trigger/trigger.ts';
import { startTestRuntime, type TestRuntime } from '../../support/runtime.ts';
import { freePort } from '../../support/free-port.ts';

/** The shell blocks of the README's "Try it" section, in order. */
function tryItBlocks(): string[] {
  const readme = readFileSync('README.md', 'utf8');
  const section = readme.slice(readme.indexOf('## Try it\n'), readme.indexOf('\n## ', readme.indexOf('## Try it\n') + 1));
  return [...section.matchAll(/```bash\n([\s\S]*?)```/g)].map((m) => m[1]!);
}


async function stopped(url: string): Promise<boolean> {
  for (let i = 0; i < 40; i += 1) {
    const up = await fetch(`${url}/health`).then(() => true, () => false);
    if (!up) return true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

describe('the README’s Try it', () => {
  it('has the two blocks a new user pastes', () => {
    const blocks = tryItBlocks();
    expect(blocks).toHaveLength(2);
    expect(blocks[0]).toContain('npm start &');
    expect(blocks[0]).toContain('/health');
    expect(blocks[0]).toContain('npx followup trigger');
  });

  it('shows a note, then an escalation, when pasted into a shell', async () => {
    const [port, smtpPort] = [await freePort(), await freePort()];
    const env = {
      ...process.env,
      PORT: String(port),
      SMTP_PORT: String(smtpPort),
      FOLLOWUP_DATA_DIR: mkdtempSync(join(tmpdir(), 'followup-try-it-')),
      // Friday 2026-11-27, 15:01 in Portland, where the example's customer lives: past the last
      // moment a thank-you could still leave that day.
      FOLLOWUP_CLOCK_START: '2026-11-27T23:01:00.000Z',
    };
    // Its own process group: the runtime started in the background is stopped with the shell.
    const shell = spawn('bash', ['-c', tryItBlocks().join('\n')], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    shell.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    shell.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    try {
      // Ends in seconds; one that does not is stopped and shows what it printed.
      const code = await new Promise<number | null | 'stuck'>((resolve) => {
        const stuck = setTimeout(() => resolve('stuck'), 150_000);
        shell.on('exit', (exit) => {
          clearTimeout(stuck);
          resolve(exit);
        });
      });
      expect(code, `${err}\n--- stdout ---\n${out}`).toBe(0);
    } finally {
      process.kill(-shell.pid!, 'SIGTERM');
      expect(await stopped(`http://127.0.0.1:${port}`)).toBe(true);
    }

    expect(out).toMatch(/^\{"status":200,"body":\{"status":"accepted"\},"orderId":"\d+"\}$/m);
    expect(out).toContain('{"now":"2026-11-30T23:01:00.000Z"}');
    // Thanked on Monday, in the customer's morning.
    expect(out).toMatch(/^Sent: +2026-11-30 \d\d:\d\d UTC +\(thank-you\)$/m);
    expect(out).toMatch(/^To: +Maya <maya\.lindqvist@example\.com>$/m);
    expect(out).toMatch(/^(Hi|Hello) Maya,$/m);
    expect(out).toMatch(/"outcome":"reply".*"escalationId":"northwind\.[a-z2-7]{16}"/);
    expect(out).toMatch(/^northwind\.[a-z2-7]{16} +open +normal +complaint +Maya <maya\.lindqvist@example\.com> .* Tom .* The mug arrived chipped\. What can you do\?$/m);
  }, 180_000);
});

describe('a triggered order gets its thank-you within three days, whatever the day', () => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await startTestRuntime({ clockStart: '2026-11-27T23:01:00.000Z' });
  });
  afterAll(() => rt?.stop());

  it.each([
    ['a Friday afternoon in Portland', '2026-11-27T23:01:00.000Z'],
    ['a Saturday just after midnight', '2026-12-05T08:05:00.000Z'],
    ['a Sunday night', '2026-12-14T07:55:00.000Z'],
    ['a weekday years from now', '2031-03-12T16:00:00.000Z'],
  ])('ordered on %s', async (_day, at) => {
    await rt.advanceTo(at);
    const email = `buyer-${at.slice(0, 10)}@example.com`;
    const result = await trigger(
      { platform: 'shopify', topic: 'orders/paid', url: rt.url, email },
      { config: rt.config, secrets: rt.config.localSecrets, realNow: () => new Date(at), warn: () => undefined },
    );
    expect(result.status).toBe(200);
    await rt.planned();
    await rt.advance('P3D');
    const sent = (await rt.get(`/dev/outbox?to=${email}`)).body.items;
    expect(sent.map((m: { tags: { stage: string } }) => m.tags.stage)).toEqual(['thank-you']);
  });
});
