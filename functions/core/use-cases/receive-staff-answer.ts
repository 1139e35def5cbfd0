/**
 * Mail to a staff address of ours (the Reply-To of a notice or a digest): a person of the store
 * answering a customer from their own mail client.
 *
 * 1. Automatic mail (out-of-office, bounces) is dropped: never relayed, nobody told.
 * 2. The answer must come from an address of the store's staff and, in AWS, pass SES's SPF and
 *    DKIM checks (or DMARC); it must say something above the quoted notice, and must not carry
 *    the notice itself. Anything else is refused with a short explanation to the sender (not to
 *    a sender whose address failed SPF: that would be mail to whoever was forged) and reaches no
 *    customer.
 * 3. A good answer is kept and relayed to the customer from that person (answer-customer.ts);
 *    the sender sends it. An answer to a digest names no customer and is refused.
 */
import type { InboundMail } from '../domain/inbound.ts';
import { detectAutomated } from '../domain/inbound.ts';
import { conversationId } from '../domain/conversation.ts';
import { ownerOf, staffByAddress } from '../domain/staff.ts';
import type { StoreConfig } from '../domain/store.ts';
import { staffReplyAddress, type ReplyToken } from '../domain/tokens.ts';
import type { RefusalReason } from '../domain/words/staff-words.ts';
import type { InboundResult } from '../ports.ts';
import { answerCustomer, queueDelivery } from './answer-customer.ts';
import type { ReceiveDeps, ReceivedMail } from './receive-mail.ts';

export interface StaffMail {
  mail: InboundMail;
  token: Exclude<ReplyToken, { kind: 'customer' }>;
  input: ReceivedMail;
  at: string;
}

/** SES's verdicts say the mail really comes from its From domain. */
function verified(v: ReceivedMail['verdicts']): boolean {
  if (!v) return false;
  return v.dmarc === 'PASS' || (v.spf === 'PASS' && v.dkim === 'PASS');
}

/** The answer still carries our notice (a quote the stripper missed): it must not reach a customer. */
function carriesNotice(text: string, deps: ReceiveDeps): boolean {
  const lower = text.toLowerCase();
  return (
    lower.includes(`${deps.links.publicBaseUrl.toLowerCase()}/console/`) ||
    /reply\+[sd][a-z2-7]{20,}@/i.test(text) ||
    lower.includes(`escalations@${deps.links.inboundDomain.toLowerCase()}`)
  );
}

export async function receiveStaffAnswer(d: ReceiveDeps, staffMail: StaffMail): Promise<InboundResult> {
  const { mail, token, input, at } = staffMail;
  const automated = detectAutomated(mail);
  if (automated) return { outcome: automated.kind, reasons: automated.reasons.map((r) => `${automated.kind}: ${r}`) };

  const refuse = async (reason: RefusalReason, store: StoreConfig | null, why: string, replyTo: string | null = null): Promise<InboundResult> => {
    // Telling a forged sender would be mail to a stranger: only when SPF did not fail.
    if (mail.from && input.verdicts?.spf !== 'FAIL') {
      await d.queue.enqueue([
        {
          kind: 'refusal',
          refusal: { to: mail.from.address, subject: mail.subject, reason, storeId: store?.id ?? null, inReplyTo: mail.messageId, replyTo },
        },
      ]);
    }
    d.logger.info('answer to a staff address refused', { reason, storeId: store?.id });
    return { outcome: 'rejected', reasons: [why] };
  };

  if (token.kind === 'digest') {
    const store = d.config.stores.find((s) => staffByAddress(s, mail.from?.address)) ?? null;
    return refuse(store ? 'digest' : 'not-staff', store, 'an answer to a daily digest names no customer');
  }

  const note = await d.notes.get(token.key);
  const store = note ? (d.store(note.storeId) ?? null) : null;
  if (!note || !store) return refuse('gone', null, 'conversation no longer exists');
  const person = staffByAddress(store, mail.from?.address);
  const again = staffReplyAddress(d.signer, token.key, d.links.inboundDomain);
  if (!person) return refuse('not-staff', store, 'an answer to a notice from an address that is not one of the store\'s people');
  if (!verified(input.verdicts)) return refuse('unverified', store, 'an answer to a notice whose SPF/DKIM checks did not pass', again);
  const text = mail.strippedText.trim();
  if (!text) return refuse('empty', store, 'nothing written above the quoted notice', again);
  if (carriesNotice(text, d)) return refuse('quoted-notice', store, 'the answer still carries the notice', again);

  const { pending } = await answerCustomer(d, {
    store,
    note,
    from: ownerOf(person),
    actor: { id: person.id, name: person.name },
    text,
    key: `mail-${input.mailId.replace(/[^A-Za-z0-9-]/g, '')}`,
    at,
  });
  // Queued again on a retry: the sender sends it only if it is still waiting.
  if (pending.status === 'queued') await queueDelivery(d.queue, pending);
  return {
    outcome: 'reply',
    conversationId: conversationId(token.key),
    ...(pending.escalationId && { escalationId: pending.escalationId }),
    reasons: ['an answer from a person of the store, passed on to the customer'],
  };
}
