/**
 * Getting a customer to someone senior, quickly.
 *
 * - A reply that needs a person opens an escalation owned by the store's senior person, with the
 *   order and the customer's own words, and notifies them at once. A customer who writes again
 *   while one is open joins it (and can make it urgent), rather than opening another.
 * - When nobody acknowledges it in time, the sweeper hands it to the sender, which passes it up
 *   the ladder (or reminds the last person on it).
 * - The notice itself is emailed by the sender (`sendNotice`); whoever opens or passes on an
 *   escalation only announces it, so the inbound function needs no mail client.
 */
import { acknowledgeBy, escalationId, ladder, nextOnLadder, ownerOf, type Escalation } from '../domain/escalation.ts';
import { escalationNotice, noticeSender, type NoticeReason } from '../domain/escalation-notice.ts';
import type { Classification } from '../domain/classify.ts';
import type { CustomerProfile } from '../domain/customer.ts';
import type { Note } from '../domain/note.ts';
import { fulfillmentState } from '../domain/purchase.ts';
import type { StoreConfig } from '../domain/store.ts';
import { MailThrottledError } from '../errors.ts';
import type { Clock, CustomerStore, EscalationStore, Logger, Mailer, NoticeQueue, OrderStore } from '../ports.ts';

export interface EscalateDeps {
  escalations: EscalationStore;
  customers: CustomerStore;
  orders: OrderStore;
  notices: NoticeQueue;
  clock: Clock;
  logger: Logger;
  store(id: string): StoreConfig | undefined;
}

export interface NoticeDeps {
  escalations: EscalationStore;
  mailer: Mailer;
  logger: Logger;
  store(id: string): StoreConfig | undefined;
  links: { inboundDomain: string; publicBaseUrl: string };
}

export interface EscalatedReply {
  store: StoreConfig;
  profile: CustomerProfile;
  note: Note;
  mailId: string;
  classification: Classification;
  reply: Escalation['reply'];
  customerName: string | null;
}

export async function escalateReply(deps: EscalateDeps, input: EscalatedReply): Promise<string> {
  const { store, profile, classification } = input;
  const now = deps.clock.now();
  const open = profile.openEscalationId ? await deps.escalations.get(profile.openEscalationId) : null;
  if (open && open.status !== 'resolved') {
    const priority = open.priority === 'high' || classification.urgency === 'high' ? 'high' : 'normal';
    const becameUrgent = priority === 'high' && open.priority !== 'high';
    const dueBy = becameUrgent ? acknowledgeBy(now, 'high', store).toISOString() : undefined;
    const reasons = [...new Set([...classification.reasons, ...open.reasons])].slice(0, 12);
    if (await deps.escalations.addReply(open, input.reply, { priority, reasons, ...(dueBy && open.status === 'open' && { dueBy }) })) {
      await deps.notices.announce(open.id, 'new-message');
    }
    return open.id;
  }

  const id = escalationId(store.id, input.mailId);
  const [order] = await deps.orders.getMany(store.id, Object.keys(input.note.orders));
  const snapshot = order?.snapshot;
  const escalation: Escalation = {
    id,
    storeId: store.id,
    status: 'open',
    priority: classification.urgency,
    category: classification.category,
    owner: ownerOf(ladder(store)[0]!),
    level: 0,
    createdAt: now.toISOString(),
    dueBy: acknowledgeBy(now, classification.urgency, store).toISOString(),
    customerKey: profile.customerKey,
    noteId: input.note.noteId,
    customer: { email: profile.email, name: input.customerName ?? profile.firstName },
    order:
      order && snapshot
        ? {
            platform: order.platform,
            id: order.orderId,
            name: snapshot.orderName,
            items: snapshot.items,
            total: snapshot.totalMinor,
            currency: snapshot.currency,
            fulfillment: fulfillmentState(order),
          }
        : null,
    reply: input.reply,
    reasons: classification.reasons,
    version: 1,
  };
  if (await deps.escalations.create(escalation)) {
    await deps.customers.openEscalation(profile.customerKey, id);
    await deps.notices.announce(id, 'new');
    deps.logger.info('escalation opened', { escalationId: id, priority: escalation.priority, category: escalation.category });
  }
  return id;
}

/** The acknowledgement clock ran out: up the ladder, or a reminder at its top. */
export async function passOnOverdue(
  deps: EscalateDeps,
  message: { escalationId: string; token: string },
): Promise<'passed-on' | 'reminded' | 'skipped'> {
  const current = await deps.escalations.get(message.escalationId);
  const store = current && deps.store(current.storeId);
  if (!current || !store || current.status !== 'open') return 'skipped';
  const next = nextOnLadder(store, current.level);
  const dueBy = acknowledgeBy(deps.clock.now(), current.priority, store).toISOString();
  const updated = await deps.escalations.passOn(current.id, message.token, { owner: ownerOf(next.owner), level: next.level, dueBy });
  if (!updated) return 'skipped';
  const reason = next.level > current.level ? 'passed-on' : 'reminder';
  await deps.notices.announce(updated.id, reason);
  deps.logger.info(`escalation ${reason}`, { escalationId: updated.id, level: updated.level });
  return reason === 'passed-on' ? 'passed-on' : 'reminded';
}

/**
 * Emails the owner, as the escalation stands now. Throttling is thrown (the queue offers the
 * notice again); a notice SES refuses is logged, and the console still shows the escalation.
 */
export async function sendNotice(deps: NoticeDeps, input: { escalationId: string; reason: NoticeReason }): Promise<void> {
  const escalation = await deps.escalations.get(input.escalationId);
  const store = escalation && deps.store(escalation.storeId);
  if (!escalation || !store) return;
  const reason = input.reason;
  const consoleUrl = `${deps.links.publicBaseUrl}/console/escalations/${escalation.id}`;
  const notice = escalationNotice({ escalation, store, reason, consoleUrl });
  try {
    await deps.mailer.send({
      from: { name: `${store.name} follow-ups`, address: noticeSender(deps.links.inboundDomain) },
      to: { name: escalation.owner.name, address: escalation.owner.email },
      replyTo: { name: store.persona.name, address: store.persona.email },
      subject: notice.subject,
      text: notice.text,
      html: null,
      headers: { 'Auto-Submitted': 'auto-generated' },
      tags: { escalationId: escalation.id.replace(/[^A-Za-z0-9_-]/g, '_'), storeId: store.id, kind: 'escalation-notice' },
    });
  } catch (error) {
    if (error instanceof MailThrottledError) throw error;
    deps.logger.error('escalation notice not sent', { escalationId: escalation.id, reason, error: (error as Error).message });
  }
}
