/**
 * What the operator API and the console do with escalations: list and read them with the whole
 * conversation, acknowledge (the clock stops), resolve (the customer's notes may go on, and the
 * next one acknowledges the problem), and answer the customer from the owner, in the same
 * email thread.
 */
import type { ConversationMessage, Escalation, EscalationStatus } from '../domain/escalation.ts';
import type { TokenSigner } from '../domain/keys.ts';
import { senderDisplayName } from '../domain/opt-out-line.ts';
import type { StoreConfig } from '../domain/store.ts';
import { replyAddress } from '../domain/tokens.ts';
import { MailRejectedError, MailThrottledError } from '../errors.ts';
import type { Clock, CustomerStore, EscalationStore, Logger, Mailer, NoteStore } from '../ports.ts';

export interface OperateDeps {
  escalations: EscalationStore;
  customers: CustomerStore;
  notes: NoteStore;
  mailer: Mailer;
  clock: Clock;
  logger: Logger;
  config: { stores: StoreConfig[] };
  store(id: string): StoreConfig | undefined;
  links: { inboundDomain: string; publicBaseUrl: string };
}

export interface EscalationView extends Escalation {
  conversation: ConversationMessage[];
}

export type ActionResult<T = Escalation> =
  | { ok: true; escalation: T }
  | { ok: false; problem: 'not-found' | 'already-resolved' | 'not-sent'; message: string };

export async function listEscalations(deps: OperateDeps, status?: EscalationStatus): Promise<Escalation[]> {
  const all = (await Promise.all(deps.config.stores.map((s) => deps.escalations.list(s.id, status)))).flat();
  // Open first, urgent first, oldest first: the order in which they should be picked up.
  const rank = (e: Escalation) => (e.status === 'open' ? 0 : e.status === 'acknowledged' ? 1 : 2);
  return all.sort(
    (a, b) => rank(a) - rank(b) || (a.priority === b.priority ? 0 : a.priority === 'high' ? -1 : 1) || a.createdAt.localeCompare(b.createdAt),
  );
}

export async function viewEscalation(deps: OperateDeps, id: string): Promise<EscalationView | null> {
  const escalation = await deps.escalations.get(id);
  if (!escalation) return null;
  const [note, messages] = await Promise.all([
    deps.notes.get({ customerKey: escalation.customerKey, noteId: escalation.noteId }),
    deps.customers.conversation(escalation.customerKey, escalation.noteId),
  ]);
  const first: ConversationMessage[] =
    note?.sentAt && note.text
      ? [{ direction: 'out', at: note.sentAt, subject: note.subject ?? '', text: note.text, from: deps.store(escalation.storeId)?.persona.name ?? '' }]
      : [];
  return { ...escalation, conversation: [...first, ...messages] };
}

export async function acknowledgeEscalation(deps: OperateDeps, id: string): Promise<ActionResult> {
  const escalation = await deps.escalations.get(id);
  if (!escalation) return { ok: false, problem: 'not-found', message: `no escalation ${id}` };
  if (escalation.status === 'resolved') return { ok: false, problem: 'already-resolved', message: 'it is resolved already' };
  const at = deps.clock.now().toISOString();
  if (escalation.status === 'open') await deps.escalations.acknowledge(escalation, at);
  deps.logger.info('escalation acknowledged', { escalationId: id });
  return { ok: true, escalation: (await deps.escalations.get(id))! };
}

export async function resolveEscalation(deps: OperateDeps, id: string): Promise<ActionResult> {
  const escalation = await deps.escalations.get(id);
  if (!escalation) return { ok: false, problem: 'not-found', message: `no escalation ${id}` };
  const at = deps.clock.now().toISOString();
  if (escalation.status !== 'resolved') {
    await deps.escalations.resolve(escalation, at);
    await deps.customers.closeEscalation(escalation.customerKey, escalation.id, at);
    deps.logger.info('escalation resolved', { escalationId: id });
  }
  return { ok: true, escalation: (await deps.escalations.get(id))! };
}

/** The owner answers the customer: from their own name, in the thread the customer replied in. */
export async function replyToCustomer(
  deps: OperateDeps & { signer: TokenSigner },
  id: string,
  text: string,
): Promise<ActionResult<EscalationView>> {
  const escalation = await deps.escalations.get(id);
  const store = escalation && deps.store(escalation.storeId);
  if (!escalation || !store) return { ok: false, problem: 'not-found', message: `no escalation ${id}` };
  const note = await deps.notes.get({ customerKey: escalation.customerKey, noteId: escalation.noteId });
  const display = senderDisplayName(escalation.owner.name, store.name, note?.language ?? store.language);
  const subject = /^re:/i.test(escalation.reply.subject) ? escalation.reply.subject : `Re: ${escalation.reply.subject || note?.subject || store.name}`;
  const references = [note?.messageId, escalation.reply.messageId].filter((r): r is string => Boolean(r));
  const body = `${text.trim()}\n\n${escalation.owner.name}\n${store.name}\n`;
  let sent: { sesMessageId: string; messageId: string };
  try {
    sent = await deps.mailer.send({
      from: { name: display, address: escalation.owner.email },
      to: { name: escalation.customer.name, address: escalation.customer.email },
      replyTo: { name: display, address: replyAddress(deps.signer, { customerKey: escalation.customerKey, noteId: escalation.noteId }, deps.links.inboundDomain) },
      subject,
      text: body,
      html: null,
      headers: {
        ...(escalation.reply.messageId && { 'In-Reply-To': escalation.reply.messageId }),
        ...(references.length && { References: references.join(' ') }),
      },
      tags: { escalationId: escalation.id.replace(/[^A-Za-z0-9_-]/g, '_'), storeId: store.id, kind: 'owner-reply' },
    });
  } catch (error) {
    const retry = error instanceof MailThrottledError ? ' (SES is busy: try again in a minute)' : error instanceof MailRejectedError ? ' (SES refused it)' : '';
    deps.logger.error('owner reply not sent', { escalationId: id, error: (error as Error).message });
    return { ok: false, problem: 'not-sent', message: `the reply was not sent${retry}` };
  }
  const at = deps.clock.now().toISOString();
  await deps.customers.recordOutbound({
    storeId: escalation.storeId,
    customerKey: escalation.customerKey,
    noteId: escalation.noteId,
    sentAt: at,
    subject,
    text: body,
    from: escalation.owner.email,
    sesMessageId: sent.sesMessageId,
    messageId: sent.messageId,
  });
  // Answering the customer is the clearest acknowledgement there is.
  if (escalation.status === 'open') await deps.escalations.acknowledge(escalation, at);
  deps.logger.info('owner replied to the customer', { escalationId: id });
  return { ok: true, escalation: (await viewEscalation(deps, id))! };
}
