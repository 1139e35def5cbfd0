/**
 * The contract's "Start": `npm start` as a user runs it, with every variable the contract names
 * set to something other than its default, and stopped by a SIGTERM sent to npm itself (as a
 * process manager or a test harness sends it), which must stop the whole tree.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trigger } from '../../../functions/cli/trigger/trigger.ts';
import { loadDeploymentConfig } from '../../../functions/shared/config.ts';
import { localSecretValues } from '../../../functions/local/webhook-secrets.ts';
import { freePort } from '../../support/free-port.ts';


/** The first line an SMTP server says, or null when nothing listens. */
function smtpGreeting(port: number): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.setEncoding('utf8');
    socket.once('data', (line: string) => {
      socket.destroy();
      resolve(line);
    });
    socket.once('error', () => resolve(null));
  });
}

const CLOCK_START = '2026-03-06T17:00:00.000Z';
const VARIABLES = {
  OPERATOR_TOKEN: 'contract-operator-token',
  SHOPIFY_WEBHOOK_SECRET: 'contract-shopify-secret',
  WOOCOMMERCE_WEBHOOK_SECRET: 'contract-woocommerce-secret',
  STRIPE_WEBHOOK_SECRET: 'whsec_contract_stripe_secret',
};

let dataDir: string;
let port: number;
let smtpPort: number;
let url: string;
let npm: ReturnType<typeof spawn>;
let output = '';
const exited = () => new Promise<number | null>((resolve) => (npm.exitCode !== null ? resolve(npm.exitCode) : npm.once('exit', resolve)));

beforeAll(async () => {
  [port, smtpPort] = [await freePort(), await freePort()];
  url = `http://127.0.0.1:${port}`;
  dataDir = mkdtempSync(join(tmpdir(), 'followup-contract-start-'));
  npm = spawn('npm', ['start'], {
    env: { ...process.env, ...VARIABLES, PORT: String(port), SMTP_PORT: String(smtpPort), FOLLOWUP_DATA_DIR: dataDir, FOLLOWUP_CLOCK_START: CLOCK_START, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  npm.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  npm.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  for (let i = 0; i < 240; i += 1) {
    // Until everything is up, /health answers 503 (or nothing listens yet).
    if (await fetch(`${url}/health`).then((r) => r.ok, () => false)) break;
    if (npm.exitCode !== null) throw new Error(`npm start stopped:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}, 90_000);

afterAll(async () => {
  if (npm.exitCode === null) {
    npm.kill('SIGKILL');
    await exited();
  }
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm start with every variable of the contract set', () => {
  it('answers /health once ready, on PORT, with the clock at FOLLOWUP_CLOCK_START', async () => {
    const health = await fetch(`${url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });
    expect(await (await fetch(`${url}/dev/clock`)).json()).toEqual({ now: CLOCK_START });
  });

  it('listens for inbound mail on SMTP_PORT and keeps its state in FOLLOWUP_DATA_DIR', async () => {
    expect(await smtpGreeting(smtpPort)).toMatch(/^220 /);
    expect(readdirSync(dataDir)).toContain('dynamodb');
  });

  it('takes OPERATOR_TOKEN as the operator API’s bearer token, and no other', async () => {
    const asked = (token: string) => fetch(`${url}/api/escalations`, { headers: { authorization: `Bearer ${token}` } });
    const answer = await asked(VARIABLES.OPERATOR_TOKEN);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ items: [] });
    expect((await asked('not-the-token')).status).toBe(401);
    expect(output).toContain(VARIABLES.OPERATOR_TOKEN);
  });

  it('checks each platform’s webhooks against its variable’s secret, not the config’s', async () => {
    const config = loadDeploymentConfig({});
    const send = (platform: string, topic: string, secrets: Record<string, string>) =>
      trigger({ platform, topic, url }, { config, secrets, realNow: () => new Date(), warn: () => undefined });
    const fromVariables = localSecretValues(config, VARIABLES);
    const fromConfig = localSecretValues(config, {});
    for (const [platform, topic] of [['shopify', 'orders/paid'], ['woocommerce', 'order.created'], ['stripe', 'checkout.session.completed']] as const) {
      expect(await send(platform, topic, fromVariables), platform).toMatchObject({ status: 200, body: { status: 'accepted' } });
      expect(await send(platform, topic, fromConfig), platform).toMatchObject({ status: 401 });
    }
  });

  it('stops, whole, on a SIGTERM sent to npm', async () => {
    npm.kill('SIGTERM');
    expect(await exited()).toBe(0);
    expect(await fetch(`${url}/health`).then(() => 'up', () => 'down')).toBe('down');
    // The runtime itself, not only npm, is gone: its SMTP port is free again.
    for (let i = 0; i < 40 && (await smtpGreeting(smtpPort)) !== null; i += 1) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await smtpGreeting(smtpPort)).toBeNull();
  });
});
