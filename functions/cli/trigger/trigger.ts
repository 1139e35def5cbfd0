/**
 * `followup trigger <platform> <topic>`: a purchase webhook as the platform would send it, dated
 * on the runtime's clock and signed with the store's secret, posted to the runtime. Like a
 * platform's own "send test notification", without a store on the platform.
 */
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { adapterFor } from '../../adapters/webhooks/index.ts';
import { readJson } from '../../adapters/webhooks/payload.ts';
import { Platform, PLATFORMS } from '../../core/domain/purchase.ts';
import type { DeploymentConfig, StoreConfig } from '../../core/domain/store.ts';
import { SECRET_VARIABLES, secretName } from '../../local/webhook-secrets.ts';
import { signedDelivery } from './delivery.ts';
import { examplePayload } from './examples.ts';
import { redate } from './redate.ts';

/** A request the command cannot make: the message says what to change. */
export class TriggerError extends Error {
  override name = 'TriggerError';
}

export interface TriggerRequest {
  platform: string;
  topic: string;
  /** A payload of one's own instead of the example. */
  orderFile?: string;
  /** A named store; the config's default store otherwise. */
  storeId?: string;
  /** Base URL of the runtime. */
  url: string;
  /** The customer's address in the example (not with orderFile). */
  email?: string;
  /** The order the example is about (not with orderFile); a new one otherwise. */
  orderId?: string;
  /** Send orderFile's times as they are. */
  keepDates?: boolean;
}

export interface TriggerResult {
  status: number;
  body: unknown;
  orderId: string | null;
}

export interface TriggerDeps {
  config: DeploymentConfig;
  /** Secret values by name, resolved as the local runtime resolves them. */
  secrets: Record<string, string>;
  /** This machine's time, for a runtime without a virtual clock. */
  realNow: () => Date;
  warn: (line: string) => void;
}

export async function trigger(request: TriggerRequest, deps: TriggerDeps): Promise<TriggerResult> {
  const platform = platformOf(request.platform);
  const adapter = adapterFor(platform);
  const read = adapter.topics.includes(request.topic);
  if (!read) {
    // Sent all the same, as the platform would: the runtime answers it "ignored".
    const what = platform === 'stripe' ? 'event type' : 'topic';
    deps.warn(
      `followup: ${platform} ${what} "${request.topic}" is not one the product reads: the runtime answers it "ignored".\n` +
        `The ${what}s it reads: ${adapter.topics.join(', ')}`,
    );
  }
  if (request.orderFile && (request.email || request.orderId)) {
    throw new TriggerError('--email and --order-id change the example payload; with --order, edit your file instead');
  }
  const store = pickStore(deps.config, request.storeId, platform);
  const secret = secretFor(deps, store, platform);
  const base = request.url.replace(/\/+$/, '');
  const now = await clockOf(base, deps);

  const text = request.orderFile
    ? ownPayload(platform, request.topic, request.orderFile, now)
    : examplePayload(platform, read ? request.topic : ORDER_TOPIC[platform], { ...(request.orderId && { orderId: request.orderId }), ...(request.email && { email: request.email }) }, request.topic);
  const body = Buffer.from(request.orderFile && request.keepDates ? text : redate(platform, text, now));
  const delivery = signedDelivery({ platform, topic: request.topic, body, secret, store, now });
  const parsed = adapter.parse({ headers: delivery.headers, rawBody: delivery.body });
  const orderId = parsed.kind === 'event' && parsed.event.kind === 'order' ? parsed.event.orderId : null;

  const path = `/webhooks/${platform}${request.storeId ? `/${encodeURIComponent(store.id)}` : ''}`;
  let res: Response;
  try {
    res = await fetch(`${base}${path}`, { method: 'POST', headers: delivery.headers, body: delivery.body, signal: AbortSignal.timeout(30_000) });
  } catch (error) {
    throw unreachable(base, error);
  }
  const answer = await res.text();
  return { status: res.status, body: jsonOrText(answer), orderId };
}

/** The example an unread topic carries: an order, as most of a platform's topics do. */
const ORDER_TOPIC: Record<Platform, string> = { shopify: 'orders/create', woocommerce: 'order.created', stripe: 'checkout.session.completed' };

function platformOf(name: string): Platform {
  const platform = Platform.safeParse(name);
  if (!platform.success) throw new TriggerError(`no platform "${name}"; platforms: ${PLATFORMS.join(', ')}`);
  return platform.data;
}

function pickStore(config: DeploymentConfig, id: string | undefined, platform: Platform): StoreConfig {
  const wanted = id ?? config.defaultStore;
  const store = config.stores.find((s) => s.id === wanted);
  if (!store) throw new TriggerError(`no store "${wanted}" in the config; stores: ${config.stores.map((s) => s.id).join(', ')}`);
  if (!store.platforms[platform]) throw new TriggerError(`store "${store.id}" is not connected to ${platform}`);
  return store;
}

function secretFor(deps: TriggerDeps, store: StoreConfig, platform: Platform): string {
  const name = secretName(store, platform)!;
  const value = deps.secrets[name];
  if (value) return value;
  const variable = store.id === deps.config.defaultStore ? `set ${SECRET_VARIABLES[platform]}, or ` : '';
  throw new TriggerError(`no value for the secret "${name}" of store "${store.id}": ${variable}put it in the config's localSecrets (FOLLOWUP_CONFIG)`);
}

/** The runtime's virtual clock; this machine's time, with a note, where there is none (a deployed API). */
async function clockOf(base: string, deps: TriggerDeps): Promise<Date> {
  let res: Response;
  try {
    res = await fetch(`${base}/dev/clock`, { signal: AbortSignal.timeout(10_000) });
  } catch (error) {
    throw unreachable(base, error);
  }
  if (res.ok) {
    const now = (jsonOrText(await res.text()) as { now?: unknown } | null)?.now;
    if (typeof now === 'string' && !Number.isNaN(Date.parse(now))) return new Date(now);
  }
  deps.warn(`followup: ${base} has no virtual clock (GET /dev/clock answered ${res.status}), so it is not the local runtime: the payload is dated on this machine's clock`);
  return deps.realNow();
}

/**
 * A payload from a file: the resource or event as the platform sends it. A Shopify order as the
 * Admin API wraps it ({"order": …}) is unwrapped; a bare Stripe object becomes the data of an
 * event of the asked type.
 */
function ownPayload(platform: Platform, topic: string, file: string, now: Date): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new TriggerError(`cannot read ${file}: ${(error as Error).message}`);
  }
  const json = readJson(Buffer.from(text));
  if (!json.ok) throw new TriggerError(`${file}: ${json.message}`);
  const value = json.value as Record<string, unknown> | null;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new TriggerError(`${file} holds no JSON object`);
  if (platform === 'shopify' && topic.startsWith('orders/') && isObject(value.order) && !('line_items' in value)) {
    return JSON.stringify(value.order);
  }
  if (platform === 'stripe') {
    if (value.object === 'event' || ('type' in value && isObject(value.data))) {
      if (value.type !== topic) throw new TriggerError(`${file} is a ${String(value.type)} event, not ${topic}`);
      return text;
    }
    const created = Math.floor(now.getTime() / 1000);
    return `{"id":"evt_${randomBytes(12).toString('hex')}","object":"event","type":${JSON.stringify(topic)},"created":${created},"livemode":false,"data":{"object":${text.trim()}}}`;
  }
  return text;
}

function unreachable(base: string, error: unknown): TriggerError {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const reason = cause?.code ?? cause?.message ?? (error as Error).message;
  return new TriggerError(`nothing answers at ${base} (${reason}): start the runtime with "npm start", or give --url`);
}

function jsonOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

