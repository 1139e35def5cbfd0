/**
 * The operator API.
 *
 * - `GET /api/escalations?status=…&store=…`, `GET /api/escalations/{id}` (with the whole
 *   conversation), `POST …/{id}/ack`, `…/resolve`, `…/reply` `{"text"}` (emails the customer in
 *   the same thread, once even when posted twice), `…/reassign` `{"to": person id or rung}`.
 * - `GET /api/conversations?status=open|closed|all&category=…&store=…&customer=…`,
 *   `GET /api/conversations/{id or customer address}` (every message in order),
 *   `POST …/{id}/reply` `{"text"}`, `…/close`.
 * - `GET /api/people`: the people of each store with their own API tokens (operator only).
 *
 * A person's token sees only their stores; every action records who made it.
 */
import * as z from '../core/zod.ts';
import type { Category } from '../core/domain/classify.ts';
import type { ConversationView } from '../core/domain/conversation.ts';
import { ESCALATION_STATUSES, type Escalation, type HistoryEntry } from '../core/domain/escalation.ts';
import { personId, staffOf, type Owner } from '../core/domain/staff.ts';
import { languageName } from '../core/domain/words/format.ts';
import {
  closeConversation,
  listConversations,
  replyInConversation,
  viewConversationById,
  type ConversationDetail,
} from '../core/use-cases/operate-conversations.ts';
import {
  acknowledgeEscalation,
  listEscalations,
  reassignEscalation,
  replyToCustomer,
  resolveEscalation,
  viewEscalation,
  type ActionResult,
  type EscalationView,
  type Viewer,
} from '../core/use-cases/operate-escalations.ts';
import { json, type HttpResult } from '../shared/http.ts';
import { personToken } from './auth.ts';
import type { OperatorDeps } from './deps.ts';

const Reply = z.object({ text: z.string().check(z.trim(), z.minLength(1, 'text must not be empty'), z.maxLength(10_000)) });
const Reassign = z.object({ to: z.union([z.string().check(z.trim(), z.minLength(1)), z.number().check(z.int(), z.gte(0))]) });
const ConversationQuery = z.object({
  status: z.optional(z.enum(['open', 'closed', 'all'])),
  // A category's name; the list itself lives with the classifier, which this function need not load.
  category: z.optional(z.string().check(z.regex(/^[a-z-]{1,20}$/)) as z.ZodMiniType<Category>),
  store: z.optional(z.string()),
  customer: z.optional(z.string()),
});

const person = (o: Owner) => ({ id: personId(o.email), name: o.name, email: o.email, ...(o.role && { role: o.role }) });

const historyEntry = (h: HistoryEntry) => ({ ...h, ...(h.owner && { owner: person(h.owner) }), ...(h.from && { from: person(h.from) }) });

/** What an operator sees of an escalation: the contract's fields, and the conversation when asked. */
export function present(e: Escalation | EscalationView) {
  return {
    id: e.id,
    status: e.status,
    priority: e.priority,
    category: e.category,
    owner: person(e.owner),
    level: e.level,
    route: e.route ?? 'senior',
    createdAt: e.createdAt,
    dueBy: e.dueBy,
    ...(e.acknowledgedAt && { acknowledgedAt: e.acknowledgedAt, acknowledgedBy: e.acknowledgedBy ?? null }),
    ...(e.resolvedAt && { resolvedAt: e.resolvedAt, resolvedBy: e.resolvedBy ?? null }),
    ...(e.answeredAt && { answeredAt: e.answeredAt, answeredBy: e.answeredBy ?? null }),
    ...(e.quietSince && { remindersStoppedAt: e.quietSince }),
    storeId: e.storeId,
    conversationId: `${e.customerKey}.${e.noteId}`,
    customer: e.customer,
    order: e.order,
    reply: { ...e.reply, language: e.language ?? null, ...(e.language && { languageName: languageName(e.language, 'en') }) },
    reasons: e.reasons,
    reminders: e.reminders ?? {},
    checkBack: e.checkBack ?? null,
    history: (e.history ?? []).map(historyEntry),
    ...('conversation' in e && { conversation: e.conversation }),
  };
}

export function presentConversation(c: ConversationView | ConversationDetail) {
  return {
    id: c.id,
    store: c.store,
    customer: c.customer,
    owner: person(c.owner),
    category: c.category,
    status: c.status,
    dueBy: c.dueBy,
    lastMessage: c.lastMessage,
    escalationId: c.escalationId,
    escalationStatus: c.escalationStatus,
    language: c.language,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    ...('messages' in c && { messages: c.messages }),
  };
}

function answer(result: ActionResult<Escalation | EscalationView>): HttpResult {
  if (result.ok) return json(200, present(result.escalation));
  const status = result.problem === 'not-found' ? 404 : result.problem === 'already-resolved' ? 409 : result.problem === 'bad-request' ? 400 : 502;
  return json(status, { error: result.message });
}

function body<T>(raw: Buffer, schema: z.ZodMiniType<T>, example: string): { ok: true; value: T } | { ok: false; result: HttpResult } {
  let input: unknown;
  try {
    input = JSON.parse(raw.toString('utf8'));
  } catch {
    return { ok: false, result: json(400, { error: `the body must be JSON: ${example}` }) };
  }
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  // Which field is wrong, and what a good body looks like: `to: Invalid input (send {"to": …})`.
  const problems = parsed.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
  return { ok: false, result: json(400, { error: `${problems} (send ${example})` }) };
}

export interface ApiRequest {
  method: string;
  resource: 'escalations' | 'conversations' | 'people' | null;
  id?: string;
  action?: string;
  query: Record<string, string | undefined>;
  body: Buffer;
  idempotencyKey: string | null;
  viewer: Viewer;
  /** The operator token: the key people's own tokens are made with. */
  operatorToken: string;
}

export async function api(deps: OperatorDeps, request: ApiRequest): Promise<HttpResult> {
  if (request.resource === 'conversations') return conversations(deps, request);
  if (request.resource === 'people') return people(deps, request);
  if (request.resource !== 'escalations') return json(404, { error: 'not found' });
  const { method, id, action, viewer } = request;
  if (method === 'GET' && !id) {
    const status = request.query.status ? z.enum(ESCALATION_STATUSES).safeParse(request.query.status) : undefined;
    if (status && !status.success) return json(400, { error: `status must be one of ${ESCALATION_STATUSES.join(', ')}` });
    return json(200, { items: (await listEscalations(deps, viewer, status?.data, request.query.store)).map(present) });
  }
  if (method === 'GET' && id && !action) {
    const view = await viewEscalation(deps, viewer, id);
    return view ? json(200, present(view)) : json(404, { error: `no escalation ${id}` });
  }
  if (method !== 'POST' || !id) return json(404, { error: 'not found' });
  if (action === 'ack') return answer(await acknowledgeEscalation(deps, viewer, id));
  if (action === 'resolve') return answer(await resolveEscalation(deps, viewer, id));
  if (action === 'reply') {
    const reply = body(request.body, Reply, '{"text": "…"}');
    if (!reply.ok) return reply.result;
    return answer(await replyToCustomer(deps, viewer, id, reply.value.text, request.idempotencyKey));
  }
  if (action === 'reassign') {
    const to = body(request.body, Reassign, '{"to": "<person id or rung>"}');
    if (!to.ok) return to.result;
    return answer(await reassignEscalation(deps, viewer, id, to.value.to));
  }
  return json(404, { error: 'not found' });
}

async function conversations(deps: OperatorDeps, request: ApiRequest): Promise<HttpResult> {
  const { method, id, action, viewer } = request;
  if (method === 'GET' && !id) {
    const query = ConversationQuery.safeParse(request.query);
    if (!query.success) return json(400, { error: 'status is open, closed or all; category a category such as complaint, question or praise' });
    const items = await listConversations(deps, viewer, query.data);
    return json(200, { items: items.map(presentConversation) });
  }
  if (method === 'GET' && id && !action) {
    const view = await viewConversationById(deps, viewer, id);
    return view ? json(200, presentConversation(view)) : json(404, { error: `no conversation ${id}` });
  }
  if (method === 'POST' && id && action === 'reply') {
    const reply = body(request.body, Reply, '{"text": "…"}');
    if (!reply.ok) return reply.result;
    const result = await replyInConversation(deps, viewer, id, reply.value.text, request.idempotencyKey);
    if (result.ok) return json(200, presentConversation(result.conversation));
    return json(result.problem === 'not-found' ? 404 : 502, { error: result.message });
  }
  if (method === 'POST' && id && action === 'close') {
    const view = await closeConversation(deps, viewer, id);
    return view ? json(200, presentConversation(view)) : json(404, { error: `no conversation ${id}` });
  }
  return json(404, { error: 'not found' });
}

/** The people of each store and their own tokens: only the operator may hand these out. */
async function people(deps: OperatorDeps, request: ApiRequest): Promise<HttpResult> {
  if (request.viewer.stores !== 'all') return json(403, { error: 'only the operator token may list people and their tokens' });
  const token = request.operatorToken;
  const byId = new Map<string, { id: string; name: string; email: string; stores: string[]; token: string }>();
  for (const store of deps.config.stores) {
    for (const m of staffOf(store)) {
      const entry = byId.get(m.id) ?? { id: m.id, name: m.name, email: m.email, stores: [], token: personToken(token, m.id) };
      entry.stores.push(store.id);
      byId.set(m.id, entry);
    }
  }
  return json(200, { items: [...byId.values()] });
}
