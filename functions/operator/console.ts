/**
 * The operator console: `GET /console` (escalations), `GET /console/escalations/{id}`,
 * `GET /console/conversations` and `/console/conversations/{id}`, sign-in and sign-out, and the
 * form posts that acknowledge, resolve, hand over, answer and close. A browser signs in once with
 * the operator token; the same bearer tokens as the API work too (a person's own token shows
 * their stores only). Pages speak the store's language.
 */
import { ESCALATION_STATUSES, type EscalationStatus } from '../core/domain/escalation.ts';
import type { Language } from '../core/domain/store.ts';
import { staffWords } from '../core/domain/words/staff-words.ts';
import {
  closeConversation,
  listConversations,
  replyInConversation,
  viewConversationById,
} from '../core/use-cases/operate-conversations.ts';
import {
  acknowledgeEscalation,
  listEscalations,
  reassignEscalation,
  replyToCustomer,
  resolveEscalation,
  viewEscalation,
  visibleStores,
  type Viewer,
} from '../core/use-cases/operate-escalations.ts';
import { html, type HttpResult } from '../shared/http.ts';
import { csrfToken, newSession, readSession, sameSecret, sessionCookie, SESSION_COOKIE } from './auth.ts';
import { conversationPage, conversationsPage, detailPage, listPage, loginPage, notFoundPage, type PageContext } from './console-pages.ts';
import type { OperatorDeps } from './deps.ts';
import { scheduledConsoleAction, waitingSection } from './scheduled.ts';

export interface ConsoleRequest {
  method: string;
  path: string;
  id?: string;
  action?: string;
  query: Record<string, string | undefined>;
  form: URLSearchParams;
  /** The session value, or a fixed marker when the request came with a bearer token. */
  session: string | null;
  /** Who is looking (the operator for a session). */
  viewer: Viewer;
  token: string;
  secure: boolean;
}

const redirect = (location: string, cookies: string[] = []): HttpResult => ({
  statusCode: 303,
  headers: { location, 'cache-control': 'no-store' },
  ...(cookies.length && { cookies }),
  body: '',
});

/** The console speaks the language of the store the viewer sees first (the default store's for the operator). */
function consoleLanguage(deps: OperatorDeps, viewer: Viewer): Language {
  const stores = visibleStores(deps, viewer);
  return (stores.find((s) => s.id === deps.config.defaultStore) ?? stores[0])?.language ?? 'en';
}

export async function consoleRoute(deps: OperatorDeps, request: ConsoleRequest): Promise<HttpResult> {
  const { method, path, token, viewer } = request;
  const now = deps.clock.now();
  const language = consoleLanguage(deps, viewer);
  if (path === '/console/login' && method === 'POST') {
    const given = request.form.get('token') ?? '';
    if (!given || !sameSecret(given, token)) return html(401, loginPage(language, staffWords(language).console.wrongToken));
    const session = newSession(token, now);
    await deps.sessions.create(session.id, session.expires);
    return redirect('/console', [sessionCookie(session.value, session.maxAge, request.secure)]);
  }
  if (!request.session) return html(401, loginPage(language));
  const csrf = csrfToken(request.session, token);
  const context: PageContext = { csrf, language };
  if (method === 'POST' && request.form.get('csrf') !== csrf) return html(403, loginPage(language, staffWords(language).console.formExpired));

  if (path === '/console/logout' && method === 'POST') {
    // Ends the session on the server too: a copy of the cookie is worth nothing from now on.
    const ended = readSession(request.session, token, now);
    if (ended) await deps.sessions.revoke(ended.id);
    return redirect('/console', [`${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${request.secure ? '; Secure' : ''}`]);
  }
  if (path.startsWith('/console/conversations')) return conversationRoute(deps, request, context);
  const zoneOf = (storeId: string) => deps.store(storeId)?.timeZone ?? 'UTC';
  const languageOf = (storeId: string) => deps.store(storeId)?.language ?? language;
  if (path.startsWith('/console/scheduled/') && method === 'POST') {
    return scheduledConsoleAction(deps, { id: request.id ?? '', ...(request.action && { action: request.action }), viewer });
  }
  if (method === 'GET' && !request.id) {
    const wanted = request.query.status;
    const status = (ESCALATION_STATUSES as readonly string[]).includes(wanted ?? '') ? (wanted as EscalationStatus) : undefined;
    const waiting = await waitingSection(deps, { viewer, csrf, timeZone: zoneOf });
    return html(200, listPage({ items: await listEscalations(deps, viewer, status), status, context, timeZone: zoneOf, before: waiting }));
  }
  const id = request.id!;
  const detail = async (notice?: string) => {
    const view = await viewEscalation(deps, viewer, id);
    if (!view) return html(404, notFoundPage(context));
    return html(notice ? 400 : 200, detailPage({ escalation: view, store: deps.store(view.storeId), context: { csrf, language: languageOf(view.storeId) }, timeZone: zoneOf(view.storeId), ...(notice && { notice }) }));
  };
  if (method === 'GET') return detail();
  const back = `/console/escalations/${encodeURIComponent(id)}`;
  const signer = async () => deps;
  if (request.action === 'ack') {
    const result = await acknowledgeEscalation(deps, viewer, id);
    return result.ok ? redirect(back) : html(result.problem === 'not-found' ? 404 : 409, notFoundPage(context));
  }
  if (request.action === 'resolve') {
    const result = await resolveEscalation(deps, viewer, id);
    return result.ok ? redirect(back) : html(404, notFoundPage(context));
  }
  if (request.action === 'reassign') {
    const result = await reassignEscalation(await signer(), viewer, id, request.form.get('to') ?? '');
    return result.ok ? redirect(back) : result.problem === 'not-found' ? html(404, notFoundPage(context)) : detail(result.message);
  }
  if (request.action === 'reply') {
    const text = (request.form.get('text') ?? '').trim();
    if (!text) return detail(staffWords(language).console.writeSomething);
    const result = await replyToCustomer(await signer(), viewer, id, text);
    if (result.ok) return redirect(back);
    return result.problem === 'not-found' ? html(404, notFoundPage(context)) : detail(result.message);
  }
  return html(404, notFoundPage(context));
}

async function conversationRoute(deps: OperatorDeps, request: ConsoleRequest, context: PageContext): Promise<HttpResult> {
  const { method, viewer } = request;
  const zoneOf = (storeId: string) => deps.store(storeId)?.timeZone ?? 'UTC';
  if (method === 'GET' && !request.id) {
    const status = request.query.status === 'all' ? 'all' : 'open';
    return html(200, conversationsPage({ items: await listConversations(deps, viewer, { status }), status, context, timeZone: zoneOf }));
  }
  const id = request.id!;
  const show = async (notice?: string) => {
    const view = await viewConversationById(deps, viewer, id);
    if (!view) return html(404, notFoundPage(context));
    const language = deps.store(view.store)?.language ?? context.language;
    return html(notice ? 400 : 200, conversationPage({ conversation: view, context: { ...context, language }, timeZone: zoneOf(view.store), ...(notice && { notice }) }));
  };
  if (method === 'GET') return show();
  const back = `/console/conversations/${encodeURIComponent(id)}`;
  if (request.action === 'close') return (await closeConversation(deps, viewer, id)) ? redirect(back) : html(404, notFoundPage(context));
  if (request.action === 'reply') {
    const text = (request.form.get('text') ?? '').trim();
    if (!text) return show(staffWords(context.language).console.writeSomething);
    const result = await replyInConversation(deps, viewer, id, text);
    return result.ok ? redirect(back) : result.problem === 'not-found' ? html(404, notFoundPage(context)) : show(result.message);
  }
  return html(404, notFoundPage(context));
}
