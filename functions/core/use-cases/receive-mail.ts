/**
 * Takes in one message that came back to us (SES receipt in AWS, SMTP or /dev/inbound locally).
 *
 * 1. Once per mail id: SES may deliver the same receipt twice.
 * 2. Refuse spam and virus verdicts, forged reply addresses and our own mail (loops).
 * 3. Bounces and auto-replies are recognised and never count as the customer writing; a bounce
 *    that names the conversation's customer suppresses their address.
 * 4. A reply is classified (complaint, question, praise, opt-out …), kept in the customer's
 *    conversation, and pending notes hold from now on; a customer who asks to stop is
 *    unsubscribed from the store.
 */
import { classifyReply } from '../domain/classify.ts';
import { bounceNames, type InboundMail } from '../domain/inbound.ts';
import { normaliseEmail, type TokenSigner } from '../domain/keys.ts';
import type { NoteKey } from '../domain/note.ts';
import { parseReplyAddress } from '../domain/tokens.ts';
import type { Clock, CustomerStore, InboundResult, InboundStore, Logger, NoteStore, SuppressionStore } from '../ports.ts';
import { escalateReply, type EscalateDeps } from './escalate.ts';

export interface ReceiveDeps extends EscalateDeps {
  inbound: InboundStore;
  customers: CustomerStore;
  notes: NoteStore;
  suppressions: SuppressionStore;
  clock: Clock;
  logger: Logger;
  signer: TokenSigner;
  readMail(raw: Buffer): Promise<InboundMail>;
  /** Domains we send from: mail from them is our own coming back. */
  ownDomains: string[];
}

export interface ReceivedMail {
  mailId: string;
  raw: Buffer;
  /** Envelope recipients (SES receipt.recipients, SMTP RCPT TO). */
  recipients: string[];
  /** SES's spam and virus verdicts, when scanning is on. */
  verdicts?: { spam?: string; virus?: string };
}

export async function receiveMail(deps: ReceiveDeps, input: ReceivedMail): Promise<InboundResult> {
  const at = deps.clock.now().toISOString();
  const seen = await deps.inbound.begin(input.mailId, at);
  if (!seen.first) return seen.result ?? { outcome: 'unmatched', reasons: ['already received'] };
  const result = await judge(deps, input, at);
  await deps.inbound.finish(input.mailId, result);
  deps.logger.info('mail received', {
    mailId: input.mailId,
    outcome: result.outcome,
    conversationId: result.conversationId,
    category: result.classification?.category,
    escalate: result.classification?.escalate,
  });
  return result;
}

async function judge(deps: ReceiveDeps, input: ReceivedMail, at: string): Promise<InboundResult> {
  if (input.verdicts?.virus === 'FAIL') return { outcome: 'rejected', reasons: ['virus verdict'] };
  if (input.verdicts?.spam === 'FAIL') return { outcome: 'rejected', reasons: ['spam verdict'] };

  const mail = await deps.readMail(input.raw);
  const fromDomain = mail.from?.address.split('@')[1]?.toLowerCase();
  if (fromDomain && deps.ownDomains.includes(fromDomain)) return { outcome: 'rejected', reasons: ['our own mail came back'] };

  const { key, forged } = findConversation(deps.signer, [...input.recipients, ...mail.to, ...mail.cc]);
  const conversationId = key ? `${key.customerKey}.${key.noteId}` : undefined;
  const classification = classifyReply(mail);
  const read = { classification, ...(conversationId && { conversationId }) };
  if (classification.category === 'bounce' || classification.category === 'auto-reply') {
    if (classification.category === 'bounce' && key) await suppressBounced(deps, key, mail, at);
    return { outcome: classification.category, ...read, reasons: classification.reasons };
  }
  if (!key) {
    return forged
      ? { outcome: 'rejected', classification, reasons: ['reply address with a bad signature'] }
      : { outcome: 'unmatched', classification, reasons: ['no reply address of ours'] };
  }

  const note = await deps.notes.get(key);
  const { profile } = await deps.customers.load(key.customerKey);
  if (!note || !profile) return { outcome: 'unmatched', classification, reasons: ['conversation no longer exists'] };
  const fromCustomer = Boolean(mail.from && normaliseEmail(mail.from.address) === normaliseEmail(profile.email));
  await deps.customers.recordReply({
    storeId: profile.storeId,
    customerKey: key.customerKey,
    noteId: key.noteId,
    mailId: input.mailId,
    receivedAt: at,
    subject: mail.subject,
    text: mail.strippedText,
    fromCustomer,
    fromAddress: mail.from?.address ?? null,
    classification: {
      category: classification.category,
      escalate: classification.escalate,
      urgency: classification.urgency,
      reasons: classification.reasons,
    },
  });
  if (classification.category === 'unsubscribe') await deps.suppressions.add(profile.email, profile.storeId, 'unsubscribed', at);
  const store = deps.store(note.storeId);
  const escalationId =
    classification.escalate && store
      ? await escalateReply(deps, {
          store,
          profile,
          note,
          mailId: input.mailId,
          classification,
          reply: { text: mail.strippedText, receivedAt: at, subject: mail.subject, messageId: mail.messageId },
          customerName: mail.from?.name ?? null,
        })
      : undefined;
  return {
    outcome: 'reply',
    ...read,
    storeId: note.storeId,
    ...(escalationId && { escalationId }),
    reasons: fromCustomer ? [] : ['sent from an address other than the one we wrote to'],
  };
}

/** A failure notice about the conversation's customer: their address gets no more notes, from any store (as SES bounces). */
async function suppressBounced(deps: ReceiveDeps, key: NoteKey, mail: InboundMail, at: string): Promise<void> {
  const { profile } = await deps.customers.load(key.customerKey);
  if (profile && bounceNames(mail, profile.email)) await deps.suppressions.add(profile.email, null, 'bounced', at);
}

function findConversation(signer: TokenSigner, addresses: string[]): { key: NoteKey | null; forged: boolean } {
  let forged = false;
  for (const address of addresses) {
    if (!/^reply\+/i.test(address.trim())) continue;
    const key = parseReplyAddress(signer, address);
    if (key) return { key, forged: false };
    forged = true;
  }
  return { key: null, forged };
}
