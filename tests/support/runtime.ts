/**
 * The local runtime started inside a test: real HTTP server, DynamoDB Local (the run's shared
 * engine, a table of its own), the local SES endpoint, the in-process queue, the virtual clock.
 */
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import type { DeploymentConfig } from '../../functions/core/domain/store.ts';
import type { FunctionDeclaration } from '../../functions/shared/declaration.ts';
import type { FunctionName } from '../../functions/shared/functions.ts';
import { startRuntime, type Runtime } from '../../functions/local/runtime.ts';
import { testConfig } from './stores.ts';
import { shopifyHeaders, stripeHeaders, wooHeaders } from './sign-webhook.ts';

const JSON_TYPE = { 'content-type': 'application/json' };

export interface TestRuntime extends Runtime {
  config: DeploymentConfig;
  post(path: string, body: string | Buffer, headers?: Record<string, string>): Promise<{ status: number; body: any; text: string }>;
  get(path: string): Promise<{ status: number; body: any; text: string }>;
  shopify(topic: string, payload: unknown, opts?: { webhookId?: string; store?: string; secret?: string }): Promise<{ status: number; body: any }>;
  woo(topic: string, payload: unknown, opts?: { secret?: string }): Promise<{ status: number; body: any }>;
  stripe(payload: unknown, opts?: { secret?: string; t?: number }): Promise<{ status: number; body: any }>;
  advance(duration: string): Promise<string>;
  advanceTo(iso: string): Promise<string>;
  outbox(): Promise<any[]>;
}

export async function startTestRuntime(options: {
  config?: DeploymentConfig;
  clockStart: string;
  log?: (line: string) => void;
  /** Declarations that replace the shipped ones. */
  declarations?: Partial<Record<FunctionName, FunctionDeclaration>>;
}): Promise<TestRuntime> {
  const config = options.config ?? testConfig();
  const runtime = await startRuntime({
    config,
    port: 0,
    smtpPort: 0,
    dataDir: null,
    clockStart: new Date(options.clockStart),
    secrets: config.localSecrets,
    dynamo: { endpoint: inject('dynamoEndpoint'), tableName: `followup-${randomUUID()}` },
    ...(options.declarations && { declarations: options.declarations }),
    logLevel: options.log ? 'debug' : 'silent',
    ...(options.log && { log: options.log }),
  });
  /** A webhook, then its planning: tests look at notes right after. */
  const webhook = async (path: string, body: string, headers: Record<string, string>) => {
    const answer = await request('POST', path, body, headers);
    await runtime.planned();
    return answer;
  };
  const request = async (method: string, path: string, body?: string | Buffer, headers: Record<string, string> = {}) => {
    const res = await fetch(`${runtime.url}${path}`, { method, headers, ...(body !== undefined && { body }) });
    const text = await res.text();
    let parsed: unknown = null;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
    return { status: res.status, body: parsed as any, text };
  };
  const secrets = config.localSecrets;
  return {
    ...runtime,
    config,
    post: (path, body, headers) => request('POST', path, body, headers),
    get: (path) => request('GET', path),
    shopify: (topic, payload, opts = {}) => {
      const body = JSON.stringify(payload);
      const path = opts.store ? `/webhooks/shopify/${opts.store}` : '/webhooks/shopify';
      return webhook(path, body, shopifyHeaders(topic, body, opts.secret ?? secrets['northwind/shopify']!, { webhookId: opts.webhookId ?? randomUUID() }));
    },
    woo: (topic, payload, opts = {}) => {
      const body = JSON.stringify(payload);
      return webhook('/webhooks/woocommerce', body, wooHeaders(topic, body, opts.secret ?? secrets['northwind/woocommerce']!));
    },
    stripe: (payload, opts = {}) => {
      const body = JSON.stringify(payload);
      const t = opts.t ?? Math.floor(runtime.clock.now().getTime() / 1000);
      return webhook('/webhooks/stripe', body, stripeHeaders(body, opts.secret ?? secrets['northwind/stripe']!, t));
    },
    advance: async (duration) => (await request('POST', '/dev/clock', JSON.stringify({ advance: duration }), JSON_TYPE)).body.now,
    advanceTo: async (iso) => (await request('POST', '/dev/clock', JSON.stringify({ to: iso }), JSON_TYPE)).body.now,
    outbox: async () => (await request('GET', '/dev/outbox')).body.items,
  };
}
