/**
 * How long a sender may hold a note, and how the send queue must be set around it. The CDK
 * stack and the local runtime take these figures from here, so they cannot drift apart.
 *
 *   send-mail's timeout  <  the lease  <  the queue's visibility timeout
 *
 * A sender cannot outlive its function's timeout, so a lease longer than that has expired only
 * when its sender is gone. A visibility timeout longer than the lease means a message offered
 * again always finds the lease expired and settles the note, instead of meeting a live lease
 * five times and going to the dead-letter queue.
 */

/** The send-mail function's timeout in AWS (it sends notes, notices and answers). */
export const SEND_FUNCTION_TIMEOUT_MS = 30_000;
/** A claim older than this belongs to a sender that died. */
export const SEND_LEASE_MS = 2 * 60_000;
/** SQS visibility timeout of the send queue (≥ 6 × the function timeout, as Lambda asks). */
export const SEND_VISIBILITY_TIMEOUT_MS = 6 * SEND_FUNCTION_TIMEOUT_MS;
/**
 * A note handed to the queue is looked at again by the sweeper this much later if its message
 * came to nothing (lost, dead-lettered): long enough for a queue backlog to drain first.
 */
export const QUEUE_RECHECK_MS = 60 * 60_000;
/** Receives before a message goes to the dead-letter queue. */
export const SEND_MAX_RECEIVES = 5;
/**
 * An `unknown` note's Send event may still be on its way: an operator may send it again only
 * after this long, so a normal delay of SES's event publishing never makes a second copy.
 */
export const SEND_EVENT_GRACE_MS = 15 * 60_000;
