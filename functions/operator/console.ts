/**
 * The operator console: `GET /console` (the list), `GET /console/escalations/{id}`, sign-in and
 * sign-out, and the form posts that acknowledge, resolve and answer. A browser signs in once with
 * the operator token; the same bearer token as the API works too.
 */
import { ESCALATION_STATUSES, type EscalationStatus } from '../core/domain/escalation.ts';
import {
  acknowledgeEscalation,
  listEscalations,
  replyToCustomer,
  resolveEscalation,
  viewEscalation,
} from '../core/use-cases/operate-escalations.ts';
import { html, type HttpResult } from '../shared/http.ts';
import { csrfToken, newSession, readSession, sameSecret, sessionCookie, SESSION_COOKIE } from './auth.ts';
import { detailPage, listPage, loginPage, notFoundPage } from './console-pages.ts';
import type { OperatorDeps } from './deps.ts';
import { scheduledConsoleAction, waitingSection } from './scheduled.ts';

export interface ConsoleRequest {
  method: string;
  path: string;
  id?: string;
  action?: string;
  query: Record<string, string | undefined>;
  form: URLSearchParams;
  /** The session value, or a fixed marker when the request came with the bearer token. */
  session: string | null;
  token: string;
  secure: boolean;
}

const redirect = (location: string, cookies: string[] = []): HttpResult => ({
  statusCode: 303,
  headers: { location, 'cache-control': 'no-store' },
  ...(cookies.length && { cookies }),
  body: '',
});

export async function consoleRoute(deps: OperatorDeps, request: ConsoleRequest): Promise<HttpResult> {
  const { method, path, token } = request;
  const now = deps.clock.now();
  if (path === '/console/login' && method === 'POST') {
    const given = request.form.get('token') ?? '';
    if (!given || !sameSecret(given, token)) return html(401, loginPage('That is not the operator token.'));
    const session = newSession(token, now);
    await deps.sessions.create(session.id, session.expires);
    return redirect('/console', [sessionCookie(session.value, session.maxAge, request.secure)]);
  }
  if (!request.session) return html(401, loginPage());
  const csrf = csrfToken(request.session, token);
  if (method === 'POST' && request.form.get('csrf') !== csrf) return html(403, loginPage('That form had expired. Please sign in again.'));

  if (path === '/console/logout' && method === 'POST') {
    // Ends the session on the server too: a copy of the cookie is worth nothing from now on.
    const ended = readSession(request.session, token, now);
    if (ended) await deps.sessions.revoke(ended.id);
    return redirect('/console', [`${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${request.secure ? '; Secure' : ''}`]);
  }
  const zoneOf = (storeId: string) => deps.store(storeId)?.timeZone ?? 'UTC';
  if (path.startsWith('/console/scheduled/') && method === 'POST') {
    return scheduledConsoleAction(deps, { id: request.id ?? '', ...(request.action && { action: request.action }), by: 'operator (console)' });
  }
  if (method === 'GET' && !request.id) {
    const wanted = request.query.status;
    const status = (ESCALATION_STATUSES as readonly string[]).includes(wanted ?? '') ? (wanted as EscalationStatus) : undefined;
    const waiting = await waitingSection(deps, { csrf, timeZone: zoneOf });
    return html(200, listPage({ items: await listEscalations(deps, status), status, csrf, timeZone: zoneOf, before: waiting }));
  }
  const id = request.id!;
  if (method === 'GET') {
    const view = await viewEscalation(deps, id);
    return view ? html(200, detailPage({ escalation: view, csrf, timeZone: zoneOf(view.storeId) })) : html(404, notFoundPage(csrf));
  }
  const back = `/console/escalations/${encodeURIComponent(id)}`;
  if (request.action === 'ack') {
    const result = await acknowledgeEscalation(deps, id);
    return result.ok ? redirect(back) : html(result.problem === 'not-found' ? 404 : 409, notFoundPage(csrf));
  }
  if (request.action === 'resolve') {
    const result = await resolveEscalation(deps, id);
    return result.ok ? redirect(back) : html(404, notFoundPage(csrf));
  }
  if (request.action === 'reply') {
    const text = (request.form.get('text') ?? '').trim();
    const view = await viewEscalation(deps, id);
    if (!view) return html(404, notFoundPage(csrf));
    if (!text) return html(400, detailPage({ escalation: view, csrf, timeZone: zoneOf(view.storeId), notice: 'Write something to send.' }));
    const result = await replyToCustomer({ ...deps, signer: await deps.signer() }, id, text);
    if (result.ok) return redirect(back);
    return html(502, detailPage({ escalation: view, csrf, timeZone: zoneOf(view.storeId), notice: result.message }));
  }
  return html(404, notFoundPage(csrf));
}
