/**
 * The operator's view of notes to come: `GET /api/scheduled?store=…&until=ISO`,
 * `POST /api/scheduled/{id}/skip` and `…/send-now`, and the console's section listing the notes
 * that wait for a decision (a send whose outcome is unknown) with "Send" and "Drop".
 */
import * as z from '../core/zod.ts';
import {
  listScheduled,
  listWaiting,
  sendScheduledNow,
  skipScheduled,
  type ScheduledAction,
  type ScheduledDeps,
  type ScheduledItem,
} from '../core/use-cases/operate-scheduled.ts';
import type { Viewer } from '../core/use-cases/operate-escalations.ts';
import { escapeHtml as h, json, type HttpResult } from '../shared/http.ts';

/** How far ahead the list looks when `until` is not given. */
const DEFAULT_HORIZON_MS = 7 * 86_400_000;

const ListQuery = z.object({
  store: z.optional(z.string().check(z.minLength(1))),
  until: z.optional(z.iso.datetime({ offset: true })),
});

export async function scheduledApi(
  deps: ScheduledDeps,
  request: { method: string; id?: string; action?: string; query: Record<string, string | undefined>; viewer: Viewer },
): Promise<HttpResult> {
  const { method, id, action } = request;
  if (method === 'GET' && !id) {
    // An offset typed into a URL unencoded ("…T09:00:00+01:00") arrives with a space for its "+".
    const typed = request.query.until?.replace(/ (\d\d:\d\d)$/, '+$1');
    const query = ListQuery.safeParse({ ...request.query, ...(typed && { until: typed }) });
    if (!query.success) return json(400, { error: 'until must be an ISO time such as 2026-12-01T09:00:00Z; store a store id' });
    const { store, until } = query.data;
    if (store && !deps.config.stores.some((s) => s.id === store)) return json(400, { error: `no store ${store}` });
    const horizon = until ? new Date(until) : new Date(deps.clock.now().getTime() + DEFAULT_HORIZON_MS);
    const list = await listScheduled(deps, request.viewer, { ...(store && { storeId: store }), until: horizon });
    return json(200, { items: list.items, ...(list.truncated && { truncated: true }) });
  }
  if (method === 'POST' && id && action === 'skip') return answer(await skipScheduled(deps, request.viewer, id));
  if (method === 'POST' && id && action === 'send-now') return answer(await sendScheduledNow(deps, request.viewer, id));
  return json(404, { error: 'not found' });
}

function answer(result: ScheduledAction): HttpResult {
  if (result.ok) return json(200, result.item);
  return json(result.problem === 'not-found' ? 404 : 409, { error: result.message, problem: result.problem });
}

/** The console's section: notes waiting for a decision, each with "Send" and "Drop". Empty when none waits. */
export async function waitingSection(deps: ScheduledDeps, input: { viewer: Viewer; csrf: string; timeZone(storeId: string): string }): Promise<string> {
  const items = await listWaiting(deps, input.viewer);
  if (items.length === 0) return '';
  const now = deps.clock.now().toISOString();
  const rows = items.map((item) => row(item, input.csrf, input.timeZone(item.store), now)).join('\n');
  return `<div class="card"><h2 style="font-size:1rem;margin-top:0">Notes waiting for your decision</h2>
<p class="meta">The send of each of these was interrupted, and nothing tells whether the customer got it. <strong>Send</strong> sends it again: the customer may get it twice. <strong>Drop</strong> sends nothing more: the customer may never get it.</p>
<table><thead><tr><th>Customer</th><th>Note</th><th>Waiting since</th><th></th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

function row(item: ScheduledItem, csrf: string, timeZone: string, now: string): string {
  const form = (action: 'send' | 'drop', label: string, disabled: boolean) =>
    `<form class="inline" method="post" action="/console/scheduled/${encodeURIComponent(item.id)}/${action}"><input type="hidden" name="csrf" value="${h(csrf)}"><button${disabled ? ' disabled' : ''}>${label}</button></form>`;
  const early = Boolean(item.decisionFrom && item.decisionFrom > now);
  return `<tr><td>${h(item.customer.name ?? item.customer.email ?? 'a customer')}<div class="meta">${h(item.customer.email ?? '')}</div></td>
<td>${h(item.stage)}<div class="meta">due ${h(when(item.dueAt, timeZone))}</div></td>
<td>${h(when(item.waitingSince, timeZone))}${early ? `<div class="meta">SES may still report it; send possible from ${h(when(item.decisionFrom, timeZone))}</div>` : ''}</td>
<td>${form('send', 'Send', early)} ${form('drop', 'Drop', false)}</td></tr>`;
}

function when(iso: string | undefined, timeZone: string): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat('en-GB', { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/** `POST /console/scheduled/{id}/send|drop` (the console checked the session and the form's token). */
export async function scheduledConsoleAction(deps: ScheduledDeps, request: { id: string; action?: string; viewer: Viewer }): Promise<HttpResult> {
  const result =
    request.action === 'send'
      ? await sendScheduledNow(deps, request.viewer, request.id)
      : request.action === 'drop'
        ? await skipScheduled(deps, request.viewer, request.id)
        : null;
  if (!result) return json(404, { error: 'not found' });
  if (!result.ok) {
    return {
      statusCode: result.problem === 'not-found' ? 404 : 409,
      headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
      body: `${result.message}\n`,
    };
  }
  return { statusCode: 303, headers: { location: '/console', 'cache-control': 'no-store' }, body: '' };
}
