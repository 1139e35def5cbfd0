/**
 * `npm start`: the whole pipeline on this machine, on embedded defaults. Variables (see the
 * README): PORT, SMTP_PORT, FOLLOWUP_DATA_DIR, FOLLOWUP_CLOCK_START, FOLLOWUP_CONFIG,
 * SHOPIFY_WEBHOOK_SECRET, WOOCOMMERCE_WEBHOOK_SECRET, STRIPE_WEBHOOK_SECRET, OPERATOR_TOKEN;
 * DEBUG (any value) adds stack traces to start-up errors.
 *
 * Once running, nothing a client sends or a stray promise does ends the process silently: an
 * unhandled rejection or exception is logged as an error and the servers stay up.
 */
import { resolve } from 'node:path';
import { ConfigError } from '../core/domain/store.ts';
import { loadDeploymentConfig } from '../shared/config.ts';
import { systemClock } from '../shared/clock.ts';
import { logLevel } from '../shared/observability.ts';
import { startRuntime } from './runtime.ts';
import { localSecretValues } from './webhook-secrets.ts';

function port(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) throw new ConfigError(`${name} must be a port number, not "${raw}"`);
  return value;
}

function clockStart(): Date {
  const raw = process.env.FOLLOWUP_CLOCK_START;
  if (!raw) return systemClock.now();
  const at = new Date(raw);
  if (Number.isNaN(at.getTime())) throw new ConfigError(`FOLLOWUP_CLOCK_START must be an ISO time, not "${raw}"`);
  return at;
}

async function main(): Promise<void> {
  const httpPort = port('PORT', 3000);
  const baseConfig = loadDeploymentConfig();
  // Links in sent notes must point at this server.
  const config = process.env.FOLLOWUP_CONFIG ? baseConfig : { ...baseConfig, publicBaseUrl: `http://localhost:${httpPort}` };
  const dataDir = resolve(process.env.FOLLOWUP_DATA_DIR || '.data');
  const runtime = await startRuntime({
    config,
    port: httpPort,
    smtpPort: port('SMTP_PORT', 2525),
    dataDir,
    clockStart: clockStart(),
    secrets: localSecretValues(config),
    ...(process.env.OPERATOR_TOKEN && { operatorToken: process.env.OPERATOR_TOKEN }),
    logLevel: logLevel(process.env.LOG_LEVEL),
  });
  const store = config.stores.find((s) => s.id === config.defaultStore)!;
  process.stdout.write(
    [
      '',
      `followup is running locally for "${store.name}"`,
      `  HTTP            ${runtime.url}   (health: ${runtime.url}/health)`,
      `  webhooks        POST ${runtime.url}/webhooks/{shopify|woocommerce|stripe}`,
      `  inbound SMTP    127.0.0.1:${runtime.smtpPort}`,
      `  virtual clock   ${runtime.clock.now().toISOString()}   (move it: POST ${runtime.url}/dev/clock)`,
      `  sent mail       ${runtime.url}/dev/mail   (JSON: GET ${runtime.url}/dev/outbox)`,
      `  data            ${dataDir}`,
      `  operator token  ${runtime.operatorToken}`,
      '',
      '',
    ].join('\n'),
  );

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping…\n`);
    void runtime.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

/** Keeps the runtime up through a failure nobody awaited, and says what it was. */
function guardProcess(): void {
  const report = (kind: string) => (error: unknown) =>
    process.stderr.write(
      `${JSON.stringify({ level: 'error', service: 'followup-local', message: kind, error: describe(error) })}\n${debugStack(error)}`,
    );
  process.on('unhandledRejection', report('unhandled rejection'));
  process.on('uncaughtException', report('uncaught exception'));
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The stack only when asked for (DEBUG): the message is what a person starting it needs. */
function debugStack(error: unknown): string {
  return process.env.DEBUG && error instanceof Error && error.stack ? `${error.stack}\n` : '';
}

guardProcess();
main().catch((error: unknown) => {
  process.stderr.write(`followup could not start: ${describe(error)}\n${debugStack(error)}`);
  process.exit(1);
});
