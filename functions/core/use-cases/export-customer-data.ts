/**
 * Everything held about a customer, in one JSON file that reaches the store's owner: Shopify's
 * customers/data_request, or a person of the store answering an access request (GDPR Art. 15)
 * that came another way.
 *
 * 1. Find everything held, as an erasure would (the same customers, the same orders).
 * 2. Add what is kept beside the table: the raw mail of their messages, the whole payloads of
 *    their orders, and why mail to them is suppressed.
 * 3. Keep the file under the store's private exports (replacing an older one for the customer).
 * 4. When asked (a platform's request), email the store's senior person a link to it in the
 *    console: nothing of the customer's data travels in the mail itself.
 */
import { exportDocument, exportKey, itemsOf, type HeldItem } from '../domain/customer-data.ts';
import { noticeSender } from '../domain/escalation-notice.ts';
import { base32, customerKey as deriveCustomerKey } from '../domain/keys.ts';
import type { StoreConfig } from '../domain/store.ts';
import type { Links, Mailer, SuppressionStore } from '../ports.ts';
import type { EraseDeps } from './erase-customer.ts';
import { createHash } from 'node:crypto';

export interface ExportDeps extends Omit<EraseDeps, 'customers'> {
  suppressions: SuppressionStore;
  mailer: Mailer;
  links: Links;
}

export interface ExportRequest {
  store: StoreConfig;
  email: string | null;
  orderRefs: string[];
  /** Who asked, and the platform's id of the request. */
  by: string;
  requestId?: string;
  /** Email the senior person a link to the file. */
  notify: boolean;
}

export async function exportCustomerData(
  deps: ExportDeps,
  request: ExportRequest,
): Promise<{ key: string; document: Record<string, unknown> }> {
  const { store } = request;
  const primary = request.email ? deriveCustomerKey(store.id, request.email) : null;
  const items: HeldItem[] = await deps.privacy.gather(store.id, primary, request.orderRefs);
  const others = new Set(itemsOf(items, 'order').flatMap((o) => (o.order.customerKey && o.order.customerKey !== primary ? [o.order.customerKey] : [])));
  for (const key of others) items.push(...(await deps.privacy.gather(store.id, key, [])));

  const mailIds = itemsOf(items, 'message').flatMap((m) => (m.direction === 'in' && m.mailId ? [m.mailId] : []));
  const rawMail = (await Promise.all(mailIds.map(async (mailId) => ({ mailId, raw: await deps.rawMail.find(mailId) })))).flatMap((m) =>
    m.raw ? [{ mailId: m.mailId, raw: m.raw }] : [],
  );
  const payloadKeys = itemsOf(items, 'order').flatMap((o) => o.payloadKeys);
  const payloads = (await Promise.all(payloadKeys.map(async (key) => ({ key, body: await deps.files.get(key) })))).flatMap((p) =>
    p.body ? [{ key: p.key, body: p.body }] : [],
  );
  const generatedAt = deps.clock.now().toISOString();
  const document = exportDocument({
    store: { id: store.id, name: store.name },
    email: request.email,
    generatedAt,
    request: { by: request.by, ...(request.requestId && { id: request.requestId }) },
    items,
    suppressions: request.email ? await deps.suppressions.reasons(request.email, store.id) : [],
    rawMail,
    payloads,
  });
  const key = exportKey(store.id, primary ?? `orders-${digest(request.orderRefs.join(','))}`);
  await deps.files.put(key, Buffer.from(`${JSON.stringify(document, null, 2)}\n`), 'application/json');
  deps.logger.info('customer data exported', { storeId: store.id, customerKey: primary, items: items.length, rawMail: rawMail.length });
  if (request.notify) await tellOwner(deps, store, key, request);
  return { key, document };
}

/** Where a person of the store downloads an export (behind the console's sign-in). */
export function exportUrl(publicBaseUrl: string, key: string): string {
  return `${publicBaseUrl}/console/${key}`;
}

async function tellOwner(deps: ExportDeps, store: StoreConfig, key: string, request: ExportRequest): Promise<void> {
  const url = exportUrl(deps.links.publicBaseUrl, key);
  const who = request.email ?? `the customer of orders ${request.orderRefs.join(', ')}`;
  const text = [
    `Hi ${store.senior.name},`,
    '',
    `${request.by} passed on a request from ${who} for the data ${store.name} holds about them${request.requestId ? ` (request ${request.requestId})` : ''}.`,
    'Everything the follow-ups keep about them is in one file, ready to send to them:',
    '',
    url,
    '',
    'Sign in to the console to download it. Please send it to the customer within 30 days of the request; the file itself is deleted after 30 days.',
    '',
    store.name,
    '',
  ].join('\n');
  await deps.mailer.send({
    from: { name: `${store.name} follow-ups`, address: noticeSender(deps.links.inboundDomain) },
    to: { name: store.senior.name, address: store.senior.email },
    replyTo: { name: store.senior.name, address: store.senior.email },
    subject: `A customer asked for their data (${store.name})`,
    text,
    html: null,
    headers: { 'Auto-Submitted': 'auto-generated' },
    tags: { storeId: store.id, kind: 'data-request' },
  });
}

function digest(text: string): string {
  return base32(createHash('sha256').update(text).digest()).slice(0, 16);
}
