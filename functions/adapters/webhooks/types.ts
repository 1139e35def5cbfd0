/**
 * What every platform adapter offers: verify a delivery on its raw bytes, then turn it into the
 * canonical {@link PurchaseEvent}. Verification always comes first; nothing is parsed before it.
 */
import type { Platform, PurchaseEvent } from '../../core/domain/purchase.ts';
import type { StoreConfig } from '../../core/domain/store.ts';

export interface WebhookRequest {
  /** Header names in lower case. */
  headers: Record<string, string | undefined>;
  /** The exact bytes received. */
  rawBody: Buffer;
}

export type Verification =
  | { ok: true }
  /** WooCommerce's unsigned creation ping: answer 200, do nothing. */
  | { ok: true; ping: true }
  | { ok: false; reason: string };

export type Parsed =
  | { kind: 'event'; event: PurchaseEvent }
  | { kind: 'ignored'; topic: string }
  | { kind: 'invalid'; message: string };

export interface PlatformAdapter {
  readonly platform: Platform;
  /** The topics (Stripe: event types) this adapter acts on; every other one is answered `ignored`. */
  readonly topics: readonly string[];
  /**
   * @param secrets the store's secret values for this platform (Shopify: up to two during a
   *   rotation; the others: one)
   * @param nowSeconds the current time in Unix seconds, from the clock port (Stripe's tolerance)
   */
  verify(request: WebhookRequest, store: StoreConfig, secrets: string[], nowSeconds: number): Verification;
  parse(request: WebhookRequest): Parsed;
}
