/**
 * The sweeper: finds every piece of work that has fallen due (notes to send, escalations whose
 * clock ran out or whose check-back is due, conversations whose quiet time is over, digests) and
 * hands it to the send queue.
 *
 * 1. Read the due index (all shards) up to `now`: notes due, the ends of leases of senders that
 *    died, escalation deadlines.
 * 2. Enqueue a message per item, each with a fresh token.
 * 3. Mark each item handed over under that token; a note's entry moves on to a recheck time, in
 *    case its message comes to nothing. The sender settles what each one is.
 *
 * Enqueueing comes first: a crash after it leaves the note in the index for the next sweep,
 * and the orphaned message cannot claim the note because its token was never recorded.
 */
import { randomUUID } from 'node:crypto';
import { mapConcurrent } from '../concurrency.ts';
import { QUEUE_RECHECK_MS } from '../domain/send-timing.ts';
import type { Clock, ConversationStore, DigestStore, DueWork, EscalationStore, Logger, SendQueue, NoteStore, QueueMessage } from '../ports.ts';

export interface SweepDeps {
  notes: NoteStore;
  escalations: EscalationStore;
  conversations: ConversationStore;
  digests: DigestStore;
  queue: SendQueue;
  clock: Clock;
  logger: Logger;
}

/** Keeps one sweep well inside a one-minute schedule; the rest waits for the next sweep. */
const DEFAULT_LIMIT = 5_000;
/** Conditional writes in flight at once. */
const MARK_CONCURRENCY = 32;

export async function sweepDue(deps: SweepDeps, options: { limit?: number } = {}): Promise<{ queued: number }> {
  const now = deps.clock.now();
  const due = await deps.notes.findDue(now, options.limit ?? DEFAULT_LIMIT);
  if (due.length === 0) return { queued: 0 };

  const messages = due.map(message);
  const recheckAt = new Date(now.getTime() + QUEUE_RECHECK_MS).toISOString();
  await deps.queue.enqueue(messages);
  const marked = await mapConcurrent(due, MARK_CONCURRENCY, (d, i) => markQueued(deps, d, messages[i]!.token, recheckAt));
  const queued = marked.filter(Boolean).length;
  deps.logger.info('due work queued', { found: due.length, queued });
  return { queued };
}

function markQueued(deps: SweepDeps, d: DueWork, token: string, recheckAt: string): Promise<boolean> {
  switch (d.kind) {
    case 'note':
      return deps.notes.markQueued(d, d.dueSk, token, recheckAt);
    case 'escalation':
      return deps.escalations.markQueued(d.escalationId, d.dueSk, token);
    case 'conversation':
      return deps.conversations.markQueued(d.storeId, d.conversationId, d.dueSk, token);
    case 'digest':
      return deps.digests.markQueued(d.storeId, d.dueSk, token);
  }
}

function message(work: DueWork): Extract<QueueMessage, { token: string }> {
  const token = randomUUID();
  switch (work.kind) {
    case 'note':
      return { kind: 'note', customerKey: work.customerKey, noteId: work.noteId, token, at: work.dueSk };
    case 'escalation':
      return { kind: 'escalation', escalationId: work.escalationId, token, at: work.dueSk };
    case 'conversation':
      return { kind: 'conversation', storeId: work.storeId, conversationId: work.conversationId, token, at: work.dueSk };
    case 'digest':
      return { kind: 'digest', storeId: work.storeId, token, at: work.dueSk };
  }
}
