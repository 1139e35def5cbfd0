import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDeploymentConfig } from '../../../functions/core/domain/store.ts';
import { startRuntime } from '../../../functions/local/runtime.ts';
import { DEFAULT_CONFIG } from '../../../functions/shared/default-config.ts';
import { shopifyOrder } from '../../support/purchases.ts';
import { shopifyHeaders } from '../../support/sign-webhook.ts';

const config = parseDeploymentConfig(DEFAULT_CONFIG);
const start = (dataDir: string, clockStart: string) =>
  startRuntime({ config, port: 0, smtpPort: 0, dataDir, clockStart: new Date(clockStart), secrets: config.localSecrets, logLevel: 'silent' });

describe('the local runtime across a restart', () => {
  it('keeps orders, notes, sent mail, the clock and the links it signed', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'followup-restart-'));
    const first = await start(dataDir, '2026-11-23T15:00:00.000Z');
    let unsubscribe: string;
    try {
      const body = JSON.stringify(shopifyOrder({ id: '4242', email: 'kept@example.com', at: '2026-11-23T15:00:00.000Z' }));
      const res = await fetch(`${first.url}/webhooks/shopify`, { method: 'POST', body, headers: shopifyHeaders('orders/create', body, 'local-shopify-secret') });
      expect(res.status).toBe(200);
      await fetch(`${first.url}/dev/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advance: 'P1D' }) });
      const [sent] = ((await (await fetch(`${first.url}/dev/outbox`)).json()) as { items: any[] }).items;
      unsubscribe = /<(http[^>]+)>/.exec(sent.headers['list-unsubscribe'])![1]!;
    } finally {
      await first.stop();
    }

    // Started again with an earlier clock start: the kept clock wins, it never goes back.
    const second = await start(dataDir, '2026-01-01T00:00:00.000Z');
    try {
      expect(((await (await fetch(`${second.url}/dev/clock`)).json()) as { now: string }).now).toBe('2026-11-24T15:00:00.000Z');
      expect(((await (await fetch(`${second.url}/dev/outbox`)).json()) as { items: unknown[] }).items).toHaveLength(1);
      expect(await second.deps.orders.get('northwind', 'shopify', '4242')).not.toBeNull();
      const path = new URL(unsubscribe).pathname + new URL(unsubscribe).search;
      const page = await fetch(`${second.url}${path}`);
      expect(page.status).toBe(200);
    } finally {
      await second.stop();
    }
  });
});
