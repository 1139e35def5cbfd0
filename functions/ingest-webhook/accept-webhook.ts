/**
 * What a webhook delivery gets, step by step: size limit, store, signature on the raw bytes,
 * then parsing, then the pipeline. Every 4xx answer is given before anything is stored.
 */
import { adapterFor } from '../adapters/webhooks/index.ts';
import { Platform } from '../core/domain/purchase.ts';
import type { StoreConfig } from '../core/domain/store.ts';
import { ingestPurchaseEvent, type IngestDeps } from '../core/use-cases/ingest-purchase-event.ts';
import type { SecretProvider } from '../core/ports.ts';
import type { Base } from '../shared/parts/base.ts';

export type WebhookParts = IngestDeps & Pick<Base, 'config' | 'store' | 'realClock'> & { secrets: SecretProvider };

export type WebhookAnswer =
  | { statusCode: 200; body: { status: 'accepted' | 'duplicate' | 'ignored' } }
  | { statusCode: 400 | 401 | 404 | 413; body: { error: string } };

export interface WebhookDelivery {
  platform: string | undefined;
  storeId: string | undefined;
  headers: Record<string, string | undefined>;
  rawBody: Buffer;
}

function secretNamesFor(store: StoreConfig, platform: Platform): string[] | null {
  const connection = store.platforms[platform];
  if (!connection) return null;
  return 'secrets' in connection ? connection.secrets : [connection.secret];
}

export async function acceptWebhook(deps: WebhookParts, delivery: WebhookDelivery): Promise<WebhookAnswer> {
  const platform = Platform.safeParse(delivery.platform);
  if (!platform.success) return { statusCode: 404, body: { error: 'no such webhook route' } };
  if (delivery.rawBody.length > deps.config.maxBodyBytes) {
    return { statusCode: 413, body: { error: `body over ${deps.config.maxBodyBytes} bytes` } };
  }
  const store = deps.store(delivery.storeId ?? deps.config.defaultStore);
  const names = store && secretNamesFor(store, platform.data);
  if (!store || !names) return { statusCode: 401, body: { error: 'unknown store' } };

  const adapter = adapterFor(platform.data);
  const request = { headers: delivery.headers, rawBody: delivery.rawBody };
  const secrets = await Promise.all(names.map((n) => deps.secrets.get(n)));
  const seconds = (at: Date) => Math.floor(at.getTime() / 1000);
  let verification = adapter.verify(request, store, secrets, seconds(deps.clock.now()));
  // Local only: a signature made at the machine's time (Stripe's own tooling) after the virtual
  // clock has moved. The answer, if both fail, says why on the runtime's clock.
  if (!verification.ok && deps.realClock) {
    const atRealTime = adapter.verify(request, store, secrets, seconds(deps.realClock.now()));
    if (atRealTime.ok) verification = atRealTime;
  }
  if (!verification.ok) {
    deps.logger.warn('webhook refused', { storeId: store.id, platform: platform.data, reason: verification.reason });
    return { statusCode: 401, body: { error: verification.reason } };
  }
  if ('ping' in verification) return { statusCode: 200, body: { status: 'ignored' } };

  const parsed = adapter.parse(request);
  if (parsed.kind === 'invalid') {
    deps.logger.warn('webhook payload not usable', { storeId: store.id, platform: platform.data, problem: parsed.message });
    return { statusCode: 400, body: { error: parsed.message } };
  }
  if (parsed.kind === 'ignored') return { statusCode: 200, body: { status: 'ignored' } };
  const status = await ingestPurchaseEvent(deps, { store, event: parsed.event, payload: delivery.rawBody });
  return { statusCode: 200, body: { status } };
}
