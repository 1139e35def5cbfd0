/**
 * The sweeper: finds every piece of work that has fallen due (notes to send, escalations whose
 * acknowledgement clock ran out) and hands it to the send queue.
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
import type { Clock, DueWork, EscalationStore, Logger, SendQueue, NoteStore, QueueMessage } from '../ports.ts';

export interface SweepDeps {
  notes: NoteStore;
  escalations: EscalationStore;
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
  const marked = await mapConcurrent(due, MARK_CONCURRENCY, (d, i) =>
    d.kind === 'note'
      ? deps.notes.markQueued(d, d.dueSk, messages[i]!.token, recheckAt)
      : deps.escalations.markQueued(d.escalationId, d.dueSk, messages[i]!.token),
  );
  const queued = marked.filter(Boolean).length;
  deps.logger.info('due work queued', { found: due.length, queued });
  return { queued };
}

function message(work: DueWork): Extract<QueueMessage, { token: string }> {
  const token = randomUUID();
  return work.kind === 'note'
    ? { customerKey: work.customerKey, noteId: work.noteId, token, at: work.dueSk }
    : { kind: 'escalation', escalationId: work.escalationId, token, at: work.dueSk };
}
