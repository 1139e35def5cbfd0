/**
 * The daily digest of a store (its item came due in the due index).
 *
 * 1. Only the holder of the sweeper's token runs it (a retry of the same message may finish it).
 * 2. Each person of the store with something open, passed on, or kind words received gets one
 *    mail, once a day (a retry after a failure part-way sends nobody a second one).
 * 3. While anything is open, the next digest is scheduled for the next working morning; else it
 *    rests until something new happens.
 */
import { digestDay, digestFor, digestMail, isEmpty, nextDigestAt } from '../domain/digest.ts';
import { noticeSender } from '../domain/escalation-notice.ts';
import { personKey, staffOf } from '../domain/staff.ts';
import { digestReplyAddress } from '../domain/tokens.ts';
import { MailThrottledError } from '../errors.ts';
import type { ConversationStore, DigestStore, EscalationStore, MailingDeps } from '../ports.ts';

export interface DigestDeps extends MailingDeps {
  digests: DigestStore;
  escalations: EscalationStore;
  conversations: ConversationStore;
}

const DAY_MS = 86_400_000;

export async function sendDigest(deps: DigestDeps, message: { storeId: string; token: string }): Promise<{ sent: number }> {
  const store = deps.store(message.storeId);
  const state = await deps.digests.get(message.storeId);
  if (!store || !state || (state.queueToken !== message.token && state.handledToken !== message.token)) return { sent: 0 };
  const now = deps.clock.now();
  const day = digestDay(now, store);
  const [escalations, conversations] = await Promise.all([deps.escalations.list(store.id), deps.conversations.list(store.id)]);
  // Since the last digest (a Monday's covers the weekend), at most a week back.
  const since = new Date(Math.max(now.getTime() - 7 * DAY_MS, state.lastRunAt ? Date.parse(state.lastRunAt) : now.getTime() - DAY_MS));
  let sent = 0;
  let anythingOpen = false;
  for (const person of staffOf(store)) {
    const content = digestFor({ person, store, escalations, conversations, since });
    if (content.waiting.length) anythingOpen = true;
    if (isEmpty(content) || !store.digest.enabled) continue;
    const key = personKey(store.id, person.email);
    if (state.sent[key] === day) continue;
    const mail = digestMail({ person, store, content, consoleUrl: `${deps.links.publicBaseUrl}/console` });
    try {
      await deps.mailer.send({
        from: { name: `${store.name} follow-ups`, address: noticeSender(deps.links.inboundDomain) },
        to: { name: person.name, address: person.email },
        replyTo: { name: store.name, address: digestReplyAddress(deps.signer, key, deps.links.inboundDomain) },
        subject: mail.subject,
        text: mail.text,
        html: null,
        headers: { 'Auto-Submitted': 'auto-generated' },
        tags: { storeId: store.id, kind: 'digest' },
      });
      sent += 1;
    } catch (error) {
      // Throttled: the queue offers the run again, and whoever got theirs is skipped then.
      if (error instanceof MailThrottledError) throw error;
      deps.logger.error('digest not sent', { storeId: store.id, error: (error as Error).message });
    }
    await deps.digests.markSent(store.id, key, day);
  }
  const next = anythingOpen && store.digest.enabled ? nextDigestAt(now, store).toISOString() : null;
  if (state.queueToken === message.token) await deps.digests.finish(store.id, message.token, next, now.toISOString());
  deps.logger.info('daily digest', { storeId: store.id, sent, next });
  return { sent };
}
