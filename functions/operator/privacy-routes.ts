/**
 * The operator's privacy routes, for requests that reach the store another way than a platform's
 * webhook (a customer of WooCommerce or Stripe writes to the owner), behind the same sign-in as
 * the rest of the operator API and console:
 *
 * - `POST /api/customers/erase` `{"store", "email", "by"?}` → `{"store", "customers", "erased": {kind: count}}`
 * - `POST /api/customers/export` `{"store", "email"}` → the customer's data as one JSON document
 * - `GET /console/privacy`, `POST /console/privacy/erase|export` (forms), and
 *   `GET /console/exports/{store}/{file}`: a file a data request left for the store's owner.
 *
 * A person with their own token acts only on the stores they are a person of. Every erasure is
 * recorded with who did it: the person (or the operator), how, and the name they gave.
 */
import * as z from '../core/zod.ts';
import type { StoreConfig } from '../core/domain/store.ts';
import { eraseCustomer, type EraseDeps } from '../core/use-cases/erase-customer.ts';
import { canSee, type Viewer } from '../core/use-cases/operate-escalations.ts';
import { exportCustomerData, type ExportDeps } from '../core/use-cases/export-customer-data.ts';
import { html, json, type HttpResult } from '../shared/http.ts';
import { staffWords } from '../core/domain/words/staff-words.ts';
import { loginPage } from './console-pages.ts';
import { privacyPage } from './privacy-pages.ts';

export type PrivacyDeps = EraseDeps & ExportDeps & { config: { stores: StoreConfig[] }; store(id: string): StoreConfig | undefined };

const CustomerRequest = z.object({
  store: z.string().check(z.minLength(1), z.maxLength(40)),
  email: z.email().check(z.maxLength(254)),
  /** The person acting, for the record. */
  by: z.optional(z.string().check(z.trim(), z.maxLength(120))),
});
type CustomerRequest = z.infer<typeof CustomerRequest>;

/** A stored export's file name: a customer key, or a digest of the orders it was asked for by. */
const EXPORT_FILE = /^([a-z2-7]{20}|orders-[a-z2-7]{16})\.json$/;

/** "operator API", "operator console: Tom", "Dana (dana@…) via the operator API: on the phone with her". */
function whoActed(how: string, viewer: Viewer, request: CustomerRequest): string {
  const who = viewer.id === 'operator' ? how : `${viewer.name} (${viewer.id}) via the ${how}`;
  return request.by ? `${who}: ${request.by}` : who;
}

/** The store, when it exists and the viewer may act on it. */
function storeFor(deps: PrivacyDeps, viewer: Viewer, id: string): StoreConfig | undefined {
  const store = deps.store(id);
  return store && canSee(viewer, store.id) ? store : undefined;
}

async function erase(deps: PrivacyDeps, store: StoreConfig, request: CustomerRequest, how: string, viewer: Viewer) {
  return eraseCustomer(deps, { store, email: request.email, orderRefs: [], scope: 'all', by: whoActed(how, viewer, request) });
}

async function exportOf(deps: PrivacyDeps, store: StoreConfig, request: CustomerRequest, how: string, viewer: Viewer) {
  return exportCustomerData(deps, { store, email: request.email, orderRefs: [], by: whoActed(how, viewer, request), notify: false });
}

/** `POST /api/customers/{action}`, the caller holding the operator's token or their own. */
export async function privacyApi(deps: PrivacyDeps, request: { action?: string; body: Buffer; viewer: Viewer; how: string }): Promise<HttpResult> {
  if (request.action !== 'erase' && request.action !== 'export') return json(404, { error: 'not found' });
  let input: unknown;
  try {
    input = JSON.parse(request.body.toString('utf8'));
  } catch {
    return json(400, { error: 'the body must be JSON: {"store": "…", "email": "…"}' });
  }
  const parsed = CustomerRequest.safeParse(input);
  if (!parsed.success) return json(400, { error: parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ') });
  const store = storeFor(deps, request.viewer, parsed.data.store);
  if (!store) return json(404, { error: `no store ${parsed.data.store}` });
  if (request.action === 'export') return json(200, (await exportOf(deps, store, parsed.data, request.how, request.viewer)).document);
  const result = await erase(deps, store, parsed.data, request.how, request.viewer);
  return json(200, { store: store.id, customers: result.customers, erased: result.counts });
}

/** The console's privacy page and its forms; `session` null means not signed in. */
export async function privacyConsole(
  deps: PrivacyDeps,
  request: {
    method: string;
    path: string;
    params: Record<string, string | undefined>;
    form: URLSearchParams;
    session: string | null;
    csrf: string | null;
    viewer: Viewer;
  },
): Promise<HttpResult> {
  if (!request.session || !request.csrf) return html(401, loginPage('en'));
  const { method, path, csrf } = request;
  const { viewer } = request;
  const stores = deps.config.stores.filter((s) => canSee(viewer, s.id));
  const show = (status: number, extra: Parameters<typeof privacyPage>[0]['notice'] = undefined, done?: { store: string; counts: Record<string, number> }) =>
    html(status, privacyPage({ stores, csrf, ...(extra && { notice: extra }), ...(done && { done }) }));

  if (path.startsWith('/console/exports/') && method === 'GET') {
    const store = storeFor(deps, viewer, request.params.storeId ?? '');
    const file = request.params.file ?? '';
    const body = store && EXPORT_FILE.test(file) ? await deps.files.get(`exports/${store.id}/${file}`) : null;
    if (!body) return show(404, 'That file is not there (exports are deleted after 30 days, and when the customer is erased).');
    return download(body, `${store!.id}-${file}`);
  }
  if (path === '/console/privacy' && method === 'GET') return show(200);
  if (method !== 'POST') return show(404, 'Not found.');
  if (request.form.get('csrf') !== csrf) return html(403, loginPage('en', staffWords('en').console.formExpired));
  const parsed = CustomerRequest.safeParse({ store: request.form.get('store') ?? '', email: request.form.get('email') ?? '', by: request.form.get('by') || undefined });
  const store = parsed.success ? storeFor(deps, viewer, parsed.data.store) : undefined;
  if (!parsed.success || !store) return show(400, 'Choose a store and give the customer’s email address.');
  if (request.params.action === 'export') {
    const { document } = await exportOf(deps, store, parsed.data, 'operator console', viewer);
    return download(Buffer.from(`${JSON.stringify(document, null, 2)}\n`), `${store.id}-customer-data.json`);
  }
  if (request.params.action === 'erase') {
    if (request.form.get('confirm') !== 'yes') return show(400, 'Tick the box to confirm the erasure.');
    const result = await erase(deps, store, parsed.data, 'operator console', viewer);
    return show(200, undefined, { store: store.name, counts: result.counts });
  }
  return show(404, 'Not found.');
}

function download(body: Buffer, name: string): HttpResult {
  return {
    statusCode: 200,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="${name.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
    body: body.toString('base64'),
    isBase64Encoded: true,
  };
}
