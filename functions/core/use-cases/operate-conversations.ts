/**
 * What the operator API and the console do with conversations: every conversation a customer
 * (or someone) wrote into, newest first, filtered by whether it waits for a person, by the
 * category of its latest reply and by store; one with every message in order; an answer to the
 * customer (as for escalations); and closing one that needs nothing more.
 */
import type { Category } from '../domain/classify.ts';
import { parseConversationId, viewConversation, type Conversation, type ConversationView } from '../domain/conversation.ts';
import type { ConversationMessage, Escalation } from '../domain/escalation.ts';
import { customerKey as customerKeyOf } from '../domain/keys.ts';
import type { TokenSigner } from '../domain/keys.ts';
import { answerAndDeliver, canSee, noteMessage, noteSigner, visibleStores, type OperateDeps, type Viewer } from './operate-escalations.ts';

export interface ConversationFilter {
  /** `open` when not given; `closed` for those no one needs to answer. */
  status?: 'open' | 'closed' | 'all';
  category?: Category;
  store?: string;
  /** One customer's conversations (their address). */
  customer?: string;
}

export interface ConversationDetail extends ConversationView {
  messages: ConversationMessage[];
}

async function joined(deps: OperateDeps, storeId: string, conversations: Conversation[]): Promise<ConversationView[]> {
  const escalations = new Map((await deps.escalations.list(storeId)).map((e) => [e.id, e] as const));
  return conversations.map((c) => viewConversation(c, c.escalationId ? (escalations.get(c.escalationId) ?? null) : null));
}

export async function listConversations(deps: OperateDeps, viewer: Viewer, filter: ConversationFilter = {}): Promise<ConversationView[]> {
  const stores = visibleStores(deps, viewer, filter.store);
  const views = (
    await Promise.all(
      stores.map(async (s) => {
        const only = filter.customer ? { customerKey: customerKeyOf(s.id, filter.customer) } : {};
        return joined(deps, s.id, await deps.conversations.list(s.id, only));
      }),
    )
  ).flat();
  return views
    .filter((v) => (filter.status ?? 'open') === 'all' || v.status === (filter.status ?? 'open'))
    .filter((v) => !filter.category || v.category === filter.category)
    .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
}

/** The store a conversation belongs to, from its note; null when the viewer may not see it. */
async function find(deps: OperateDeps, viewer: Viewer, id: string): Promise<{ conversation: Conversation; escalation: Escalation | null } | null> {
  const key = parseConversationId(id);
  const note = key ? await deps.notes.get(key) : null;
  if (!note || !canSee(viewer, note.storeId)) return null;
  const conversation = await deps.conversations.get(note.storeId, id);
  if (!conversation) return null;
  const escalation = conversation.escalationId ? await deps.escalations.get(conversation.escalationId) : null;
  return { conversation, escalation };
}

/** One conversation with every message in order; by id, or a customer's latest by their address. */
export async function viewConversationById(deps: OperateDeps, viewer: Viewer, idOrEmail: string): Promise<ConversationDetail | null> {
  let id = idOrEmail;
  if (idOrEmail.includes('@')) {
    const [latest] = await listConversations(deps, viewer, { status: 'all', customer: idOrEmail });
    if (!latest) return null;
    id = latest.id;
  }
  const found = await find(deps, viewer, id);
  if (!found) return null;
  const { conversation, escalation } = found;
  const store = deps.store(conversation.storeId);
  const [note, messages] = await Promise.all([
    deps.notes.get({ customerKey: conversation.customerKey, noteId: conversation.noteId }),
    deps.customers.conversation(conversation.customerKey, conversation.noteId),
  ]);
  const signer = note && store ? await noteSigner(deps, note, store) : null;
  return { ...viewConversation(conversation, escalation), messages: [...noteMessage(note, store, signer), ...messages] };
}

export async function replyInConversation(
  deps: OperateDeps & { signer: TokenSigner },
  viewer: Viewer,
  id: string,
  text: string,
  idempotencyKey: string | null = null,
): Promise<{ ok: true; conversation: ConversationDetail } | { ok: false; problem: 'not-found' | 'not-sent'; message: string }> {
  const found = await find(deps, viewer, id);
  const store = found && deps.store(found.conversation.storeId);
  const note = found ? await deps.notes.get({ customerKey: found.conversation.customerKey, noteId: found.conversation.noteId }) : null;
  if (!found || !store || !note) return { ok: false, problem: 'not-found', message: `no conversation ${id}` };
  const owner = found.escalation && found.escalation.status !== 'resolved' ? found.escalation.owner : found.conversation.owner;
  const sent = await answerAndDeliver(deps, { store, note, viewer, owner, text, idempotencyKey, lastInboundAt: found.conversation.lastInbound?.at ?? null });
  if (!sent.ok) return sent;
  return { ok: true, conversation: (await viewConversationById(deps, viewer, id))! };
}

/** Nothing more to do here (someone else's message read, say): it no longer waits. */
export async function closeConversation(deps: OperateDeps, viewer: Viewer, id: string): Promise<ConversationDetail | null> {
  const found = await find(deps, viewer, id);
  if (!found) return null;
  const c = found.conversation;
  if (c.waiting) await deps.conversations.save({ ...c, waiting: false, version: c.version + 1 }, c.version);
  deps.logger.info('conversation closed', { conversationId: id, by: viewer.id === 'operator' ? 'operator' : 'staff' });
  return viewConversationById(deps, viewer, id);
}
