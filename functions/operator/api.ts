/**
 * The operator API: `GET /api/escalations?status=…`, `GET /api/escalations/{id}` (with the whole
 * conversation), `POST …/{id}/ack`, `…/{id}/resolve`, and `…/{id}/reply` with `{"text": "…"}`,
 * which emails the customer from the escalation's owner in the same thread.
 */
import * as z from 'zod';
import { ESCALATION_STATUSES, type Escalation } from '../core/domain/escalation.ts';
import {
  acknowledgeEscalation,
  listEscalations,
  replyToCustomer,
  resolveEscalation,
  viewEscalation,
  type ActionResult,
  type EscalationView,
} from '../core/use-cases/operate-escalations.ts';
import { json, type HttpResult } from '../shared/http.ts';
import type { OperatorDeps } from './deps.ts';

const Reply = z.object({ text: z.string().trim().min(1, 'text must not be empty').max(10_000) });

/** What an operator sees of an escalation: the contract's fields, and the conversation when asked. */
export function present(e: Escalation | EscalationView) {
  return {
    id: e.id,
    status: e.status,
    priority: e.priority,
    category: e.category,
    owner: e.owner,
    level: e.level,
    createdAt: e.createdAt,
    dueBy: e.dueBy,
    ...(e.acknowledgedAt && { acknowledgedAt: e.acknowledgedAt }),
    ...(e.resolvedAt && { resolvedAt: e.resolvedAt }),
    storeId: e.storeId,
    conversationId: `${e.customerKey}.${e.noteId}`,
    customer: e.customer,
    order: e.order,
    reply: e.reply,
    reasons: e.reasons,
    ...('conversation' in e && { conversation: e.conversation }),
  };
}

function answer(result: ActionResult<Escalation | EscalationView>): HttpResult {
  if (result.ok) return json(200, present(result.escalation));
  const status = result.problem === 'not-found' ? 404 : result.problem === 'already-resolved' ? 409 : 502;
  return json(status, { error: result.message });
}

export async function api(deps: OperatorDeps, request: { method: string; id?: string; action?: string; status?: string; body: Buffer }): Promise<HttpResult> {
  const { method, id, action } = request;
  if (method === 'GET' && !id) {
    const status = request.status ? z.enum(ESCALATION_STATUSES).safeParse(request.status) : undefined;
    if (status && !status.success) return json(400, { error: `status must be one of ${ESCALATION_STATUSES.join(', ')}` });
    return json(200, { items: (await listEscalations(deps, status?.data)).map(present) });
  }
  if (method === 'GET' && id && !action) {
    const view = await viewEscalation(deps, id);
    return view ? json(200, present(view)) : json(404, { error: `no escalation ${id}` });
  }
  if (method === 'POST' && id && action === 'ack') return answer(await acknowledgeEscalation(deps, id));
  if (method === 'POST' && id && action === 'resolve') return answer(await resolveEscalation(deps, id));
  if (method === 'POST' && id && action === 'reply') {
    let input: unknown;
    try {
      input = JSON.parse(request.body.toString('utf8'));
    } catch {
      return json(400, { error: 'the body must be JSON: {"text": "…"}' });
    }
    const reply = Reply.safeParse(input);
    if (!reply.success) return json(400, { error: reply.error.issues.map((i) => i.message).join('; ') });
    return answer(await replyToCustomer(deps, id, reply.data.text));
  }
  return json(404, { error: 'not found' });
}
