/**
 * What the operator API and the console do with escalations: list and read them with the whole
 * conversation, acknowledge (the clock stops), resolve (the customer's notes may go on, the next
 * one acknowledges the problem, and a check-back is planned), hand them to another person, and
 * answer the customer in the same email thread.
 *
 * Whoever acts is a viewer: the holder of the operator token (every store), or a person of a
 * store with their own token (their stores only). Every action records who made it.
 */
import { conversationId, signerOfNote } from '../domain/conversation.ts';
import { deadline, levelOf, withHistory, type ConversationMessage, type Escalation, type EscalationStatus } from '../domain/escalation.ts';
import { segmentOf } from '../domain/customer.ts';
import type { TokenSigner } from '../domain/keys.ts';
import { signerFor } from '../domain/note-context.ts';
import type { Note } from '../domain/note.ts';
import { findPerson, ownerOf, sameOwner, staffOf, type Owner } from '../domain/staff.ts';
import type { StoreConfig } from '../domain/store.ts';
import type { DigestStore, Links, Mailer } from '../ports.ts';
import { answerCustomer, consoleAnswerKey, deliverOutbound, type AnswerDeps, type DeliverDeps } from './answer-customer.ts';
import { planCheckBack } from './check-back.ts';
import { scheduleDigest, sendNotice } from './escalate.ts';
import { resumeNotes } from './resume-notes.ts';

export interface OperateDeps extends AnswerDeps, Omit<DeliverDeps, 'signer'> {
  mailer: Mailer;
  digests: DigestStore;
  config: { stores: StoreConfig[]; defaultStore: string };
  links: Links;
}

/** Who is looking: `operator` (every store) or a person of the store, who sees their stores only. */
export interface Viewer {
  id: string;
  name: string;
  stores: 'all' | string[];
}

export const OPERATOR: Viewer = { id: 'operator', name: 'Operator', stores: 'all' };

export function canSee(viewer: Viewer, storeId: string): boolean {
  return viewer.stores === 'all' || viewer.stores.includes(storeId);
}

export function visibleStores(deps: { config: { stores: StoreConfig[] } }, viewer: Viewer, only?: string): StoreConfig[] {
  return deps.config.stores.filter((s) => canSee(viewer, s.id) && (!only || s.id === only));
}

export interface EscalationView extends Escalation {
  conversation: ConversationMessage[];
}

export type ActionResult<T = Escalation> =
  | { ok: true; escalation: T }
  | { ok: false; problem: 'not-found' | 'already-resolved' | 'not-sent' | 'bad-request'; message: string };

const notFound = (id: string) => ({ ok: false as const, problem: 'not-found' as const, message: `no escalation ${id}` });

export async function listEscalations(deps: OperateDeps, viewer: Viewer, status?: EscalationStatus, store?: string): Promise<Escalation[]> {
  const all = (await Promise.all(visibleStores(deps, viewer, store).map((s) => deps.escalations.list(s.id, status)))).flat();
  // Open first, urgent first, oldest first: the order in which they should be picked up.
  const rank = (e: Escalation) => (e.status === 'open' ? 0 : e.status === 'acknowledged' ? 1 : 2);
  return all.sort(
    (a, b) => rank(a) - rank(b) || (a.priority === b.priority ? 0 : a.priority === 'high' ? -1 : 1) || a.createdAt.localeCompare(b.createdAt),
  );
}

async function visible(deps: OperateDeps, viewer: Viewer, id: string): Promise<Escalation | null> {
  const escalation = await deps.escalations.get(id);
  return escalation && canSee(viewer, escalation.storeId) ? escalation : null;
}

/** The note as the first message, shown as sent by whoever signed it. */
export function noteMessage(note: Note | null, store: StoreConfig | undefined, signer: Owner | null): ConversationMessage[] {
  if (!note?.sentAt || !note.text || !store) return [];
  const by = signer ?? ownerOf(store.persona);
  return [{ direction: 'out', at: note.sentAt, subject: note.subject ?? '', text: note.text, from: by.name, by: 'note', kind: 'note', status: 'sent' }];
}

/** Who signed the note of a conversation (the person it belongs to). */
export async function noteSigner(deps: Pick<OperateDeps, 'customers'>, note: Note, store: StoreConfig): Promise<Owner> {
  const { profile } = await deps.customers.load(note.customerKey);
  const segment = profile ? segmentOf(profile, store.loyalty, new Date(note.sentAt ?? note.plannedAt)) : 'first-order';
  return signerOfNote(note, store, ownerOf(signerFor(store, segment)));
}

export async function viewEscalation(deps: OperateDeps, viewer: Viewer, id: string): Promise<EscalationView | null> {
  const escalation = await visible(deps, viewer, id);
  if (!escalation) return null;
  const store = deps.store(escalation.storeId);
  const [note, messages] = await Promise.all([
    deps.notes.get({ customerKey: escalation.customerKey, noteId: escalation.noteId }),
    deps.customers.conversation(escalation.customerKey, escalation.noteId),
  ]);
  const signer = note && store ? (escalation.conversationOwner ?? (await noteSigner(deps, note, store))) : null;
  return { ...escalation, conversation: [...noteMessage(note, store, signer), ...messages] };
}

export async function acknowledgeEscalation(deps: OperateDeps, viewer: Viewer, id: string): Promise<ActionResult> {
  const escalation = await visible(deps, viewer, id);
  if (!escalation) return notFound(id);
  if (escalation.status === 'resolved') return { ok: false, problem: 'already-resolved', message: 'it is resolved already' };
  const at = deps.clock.now().toISOString();
  if (escalation.status === 'open') {
    await deps.escalations.save(
      escalation,
      { status: 'acknowledged', acknowledgedAt: at, acknowledgedBy: viewer.id, history: withHistory(escalation, { at, action: 'acknowledged', by: viewer.id }) },
      { due: null },
    );
  }
  deps.logger.info('escalation acknowledged', { escalationId: id });
  return { ok: true, escalation: (await deps.escalations.get(id))! };
}

export async function resolveEscalation(deps: OperateDeps, viewer: Viewer, id: string): Promise<ActionResult> {
  const escalation = await visible(deps, viewer, id);
  const store = escalation && deps.store(escalation.storeId);
  if (!escalation || !store) return notFound(id);
  const now = deps.clock.now();
  const at = now.toISOString();
  if (escalation.status !== 'resolved') {
    const checkBack = planCheckBack(escalation, store, now, handler(escalation, store, viewer));
    const saved = await deps.escalations.save(
      escalation,
      {
        status: 'resolved',
        resolvedAt: at,
        resolvedBy: viewer.id,
        history: withHistory(escalation, { at, action: 'resolved', by: viewer.id }),
        ...(checkBack && { checkBack }),
      },
      { due: checkBack?.dueAt ?? null },
    );
    if (!saved) return { ok: false, problem: 'already-resolved', message: 'it changed meanwhile: look again' };
    await deps.customers.closeEscalation(escalation.customerKey, escalation.id, at, { problem: escalation.category === 'complaint' });
    await resumeNotes(deps, store, escalation.customerKey, 'escalation resolved');
    deps.logger.info('escalation resolved', { escalationId: id, checkBack: Boolean(checkBack) });
  }
  return { ok: true, escalation: (await deps.escalations.get(id))! };
}

/** Who handled a problem (and writes its check-back): the last person who answered, else the resolver or the owner. */
function handler(escalation: Escalation, store: StoreConfig, viewer: Viewer): Owner {
  const staff = staffOf(store);
  const answered = [...(escalation.history ?? [])].reverse().find((h) => h.action === 'answered' && staff.some((m) => m.id === h.by));
  const person = staff.find((m) => m.id === (answered?.by ?? viewer.id));
  return person ? ownerOf(person) : escalation.owner;
}

/** Who an answer from the console is from: the person acting, or (for the operator) the escalation's owner. */
function answerFrom(store: StoreConfig, viewer: Viewer, owner: Owner): Owner {
  const person = staffOf(store).find((m) => m.id === viewer.id);
  return person ? ownerOf(person) : owner;
}

/**
 * The owner answers the customer: from their own name, in the thread the customer replied in,
 * signed once. The same answer posted twice (at once, or again after a failure) is sent once.
 */
export async function replyToCustomer(
  deps: OperateDeps & { signer: TokenSigner },
  viewer: Viewer,
  id: string,
  text: string,
  idempotencyKey: string | null = null,
): Promise<ActionResult<EscalationView>> {
  const escalation = await visible(deps, viewer, id);
  const store = escalation && deps.store(escalation.storeId);
  if (!escalation || !store) return notFound(id);
  const note = await deps.notes.get({ customerKey: escalation.customerKey, noteId: escalation.noteId });
  if (!note) return notFound(id);
  const sent = await answerAndDeliver(deps, { store, note, viewer, owner: escalation.owner, text, idempotencyKey, lastInboundAt: escalation.reply.receivedAt });
  if (!sent.ok) return sent;
  return { ok: true, escalation: (await viewEscalation(deps, viewer, id))! };
}

/** Keeps and sends an answer from the console or the API; shared by escalations and conversations. */
export async function answerAndDeliver(
  deps: OperateDeps & { signer: TokenSigner },
  input: { store: StoreConfig; note: Note; viewer: Viewer; owner: Owner; text: string; idempotencyKey: string | null; lastInboundAt: string | null },
): Promise<{ ok: true } | { ok: false; problem: 'not-sent'; message: string }> {
  const { store, note, viewer } = input;
  const at = deps.clock.now().toISOString();
  const key = consoleAnswerKey({ conversationId: conversationId(note), text: input.text, lastInboundAt: input.lastInboundAt, idempotencyKey: input.idempotencyKey });
  const { pending } = await answerCustomer(deps, {
    store,
    note,
    from: answerFrom(store, viewer, input.owner),
    actor: { id: viewer.id, name: viewer.name },
    text: input.text,
    key,
    at,
  });
  if (pending.status === 'sent' || pending.status === 'sending') return { ok: true };
  const { outcome, pending: after } = await deliverOutbound(deps, note.customerKey, key);
  if (outcome === 'sent' || after?.status === 'sent' || after?.status === 'sending') return { ok: true };
  const why = outcome === 'throttled' ? ' (SES is busy: try again in a minute)' : outcome === 'failed' ? ' (SES refused it)' : outcome === 'unknown' ? ' (it may have gone: look at the conversation before sending it again)' : '';
  return { ok: false, problem: 'not-sent', message: `the reply was not sent${why}` };
}

/** Hands an escalation to a person (by id, address or name) or a rung of the ladder. */
export async function reassignEscalation(
  deps: OperateDeps & { signer: TokenSigner },
  viewer: Viewer,
  id: string,
  to: string | number,
): Promise<ActionResult> {
  const escalation = await visible(deps, viewer, id);
  const store = escalation && deps.store(escalation.storeId);
  if (!escalation || !store) return notFound(id);
  if (escalation.status === 'resolved') return { ok: false, problem: 'already-resolved', message: 'it is resolved already' };
  const person = findPerson(store, to);
  if (!person) return { ok: false, problem: 'bad-request', message: `nobody of ${store.name} is "${to}": give a person's id (their address), a name, or a rung (0 is ${store.senior.name})` };
  // Already theirs: nothing changes, and they get no second notice of the same problem.
  if (sameOwner(person, escalation.owner)) return { ok: true, escalation };
  const now = deps.clock.now();
  const at = now.toISOString();
  const open = escalation.status === 'open';
  const dueBy = open ? deadline(now, escalation, store).toISOString() : escalation.dueBy;
  const saved = await deps.escalations.save(
    escalation,
    {
      owner: person,
      level: levelOf(escalation, store, person),
      dueBy,
      history: withHistory(escalation, { at, action: 'reassigned', by: viewer.id, owner: person, from: escalation.owner }),
    },
    open ? { due: dueBy } : {},
  );
  if (!saved) return { ok: false, problem: 'already-resolved', message: 'it changed meanwhile: look again' };
  await sendNotice(deps, { escalationId: id, reason: 'reassigned', by: viewer.name, key: `reassigned:${saved.version}` });
  await scheduleDigest(deps, store);
  deps.logger.info('escalation reassigned', { escalationId: id, rung: saved.level });
  return { ok: true, escalation: (await deps.escalations.get(id))! };
}
