/**
 * Takes in one message that came back to us (SES receipt in AWS, SMTP or /dev/inbound locally).
 *
 * 1. Once per mail id, and recorded when the work is done, not when it starts: a receipt whose
 *    handling failed part-way (a throttle) is handled in full when it comes again.
 * 2. Refuse spam and virus verdicts, forged reply addresses and our own mail (loops).
 * 3. Bounces and auto-replies are recognised and never count as anyone writing; a bounce that
 *    names the conversation's customer suppresses their address.
 * 4. An answer from a person of the store to a notice (its staff address) is relayed to the
 *    customer, when it comes from the store's staff (and passes SPF/DKIM); anything else sent
 *    there is refused with a short explanation and reaches no customer (receive-staff-answer.ts).
 * 5. A reply to a note is kept in the customer's conversation and goes where what they wrote
 *    belongs: a problem to the senior person, a question to the note's owner, praise and the
 *    rest to the owner's digest, an opt-out nowhere (they are unsubscribed). Mail from another
 *    address is kept and shown to the owner as someone else's, and changes nothing of the
 *    customer's own.
 */
import { classifyReply, type Classification } from '../domain/classify.ts';
import { afterReply, conversationId, isCustomerAddress, routeReply, signerOfNote, type Conversation } from '../domain/conversation.ts';
import { answersCheckBack } from '../domain/check-back.ts';
import { segmentOf, type CustomerProfile } from '../domain/customer.ts';
import { parseDuration } from '../domain/duration.ts';
import { bounceNames, sameMessageKey, type InboundMail } from '../domain/inbound.ts';
import type { TokenSigner } from '../domain/keys.ts';
import type { Note, NoteKey } from '../domain/note.ts';
import type { Route } from '../domain/escalation.ts';
import { signerFor } from '../domain/note-context.ts';
import { ownerOf } from '../domain/staff.ts';
import type { StoreConfig } from '../domain/store.ts';
import { parseAnyReplyAddress, type ReplyToken } from '../domain/tokens.ts';
import type { Clock, CustomerStore, InboundResult, InboundStore, InboundWork, Links, Logger, NoteStore, SendQueue, SuppressionStore } from '../ports.ts';
import { scoreAnswer } from './check-back.ts';
import { escalateReply, scheduleDigest, type EscalateDeps } from './escalate.ts';
import { receiveStaffAnswer } from './receive-staff-answer.ts';

export interface ReceiveDeps extends EscalateDeps {
  inbound: InboundStore;
  customers: CustomerStore;
  notes: NoteStore;
  suppressions: SuppressionStore;
  queue: SendQueue;
  clock: Clock;
  logger: Logger;
  signer: TokenSigner;
  readMail(raw: Buffer): Promise<InboundMail>;
  /** Domains we send from: mail from them is our own coming back. */
  ownDomains: string[];
  config: { stores: StoreConfig[]; defaultStore: string };
  links: Links;
}

export interface ReceivedMail {
  mailId: string;
  /** Who is handling it: one invocation and its retries (Lambda keeps the request id across them). */
  attempt: string;
  raw: Buffer;
  /** Envelope recipients (SES receipt.recipients, SMTP RCPT TO). */
  recipients: string[];
  /** SES's verdicts: spam and virus when scanning is on; SPF, DKIM and DMARC for every receipt. */
  verdicts?: { spam?: string; virus?: string; spf?: string; dkim?: string; dmarc?: string };
}

/** Another attempt is working on this mail right now: try again shortly. */
export class InboundBusyError extends Error {
  override name = 'InboundBusyError';
}

/** Longer than handling one mail takes by far; an attempt older than this died. */
const LEASE_MS = 2 * 60_000;

export async function receiveMail(deps: ReceiveDeps, input: ReceivedMail): Promise<InboundResult> {
  const { result, again } = await once(deps, input.mailId, input.attempt, (firstAt) => judge(deps, input, firstAt));
  if (again) return result;
  deps.logger.info('mail received', {
    mailId: input.mailId,
    outcome: result.outcome,
    conversationId: result.conversationId,
    escalationId: result.escalationId,
    category: result.classification?.category,
  });
  return result;
}

/**
 * Does `run` once for a piece of work (a mail id, or a copy's key), recorded when the work is
 * done, not when it starts: a finished one gives back what it came to (`again`), one being
 * worked on now is busy, and one whose attempt failed is done again in full (every step is
 * idempotent). `kept` is what is recorded of the result.
 */
async function once(
  deps: ReceiveDeps,
  work: InboundWork,
  holder: string,
  run: (firstAt: string) => Promise<InboundResult>,
  kept: (result: InboundResult) => InboundResult = (result) => result,
): Promise<{ result: InboundResult; again: boolean }> {
  const now = deps.clock.now();
  const begun = await deps.inbound.begin(work, now.toISOString(), new Date(now.getTime() + LEASE_MS).toISOString(), holder);
  if (begun.state === 'done') return { result: begun.result, again: true };
  if (begun.state === 'busy') throw new InboundBusyError(`${typeof work === 'string' ? `mail ${work}` : 'a copy of it'} is being handled`);
  try {
    const result = await run(begun.firstAt);
    await deps.inbound.finish(work, kept(result));
    return { result, again: false };
  } catch (error) {
    await deps.inbound.release(work).catch(() => undefined);
    throw error;
  }
}

async function judge(deps: ReceiveDeps, input: ReceivedMail, at: string): Promise<InboundResult> {
  if (input.verdicts?.virus === 'FAIL') return { outcome: 'rejected', reasons: ['virus verdict'] };
  if (input.verdicts?.spam === 'FAIL') return { outcome: 'rejected', reasons: ['spam verdict'] };

  const mail = await deps.readMail(input.raw);
  const { token, forged } = findToken(deps.signer, [...input.recipients, ...mail.to, ...mail.cc]);
  if (token && token.kind !== 'customer') {
    return onceForCopies(deps, staffAnswerCopy(token, mail), input, () => receiveStaffAnswer(deps, { mail, token, input, at }));
  }

  const fromDomain = mail.from?.address.split('@')[1]?.toLowerCase();
  if (fromDomain && deps.ownDomains.includes(fromDomain)) return { outcome: 'rejected', reasons: ['our own mail came back'] };

  const key = token?.key ?? null;
  const conversation = key ? conversationId(key) : undefined;
  const classification = classifyReply(mail);
  const read = { classification, ...(conversation && { conversationId: conversation }) };
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
  const store = note && deps.store(note.storeId);
  if (!note || !profile || !store) return { outcome: 'unmatched', classification, reasons: ['conversation no longer exists'] };
  const reply = { input, at, mail, key, note, profile, store, classification, read };
  const copy = sameMessageKey(conversationId(key), mail);
  return onceForCopies(deps, copy && { copy, ...key }, input, () => takeReply(deps, reply));
}

/** A person's answer is kept by its Message-ID in the customer's partition, as a reply is. */
function staffAnswerCopy(token: ReplyToken, mail: InboundMail): InboundWork | null {
  if (token.kind !== 'staff') return null;
  const copy = sameMessageKey(`staff:${conversationId(token.key)}`, mail);
  return copy && { copy, ...token.key };
}

interface MatchedReply {
  input: ReceivedMail;
  at: string;
  mail: InboundMail;
  key: NoteKey;
  note: Note;
  profile: CustomerProfile;
  store: StoreConfig;
  classification: Classification;
  read: Pick<InboundResult, 'classification' | 'conversationId'>;
}

/**
 * A copy of a message already taken in (the same Message-ID, sender and words under a new mail
 * id) gives back what the first one came to, and nothing is done twice: no second escalation,
 * notice or answer. A copy that comes while the first is still being handled waits for it.
 */
async function onceForCopies(deps: ReceiveDeps, copy: InboundWork | null, input: ReceivedMail, work: () => Promise<InboundResult>): Promise<InboundResult> {
  if (!copy) return work();
  // Only where it went: the customer's words are kept with their message, not here too.
  const whereItWent = ({ outcome, conversationId, escalationId, storeId }: InboundResult): InboundResult => ({
    outcome,
    reasons: [],
    ...(conversationId && { conversationId }),
    ...(escalationId && { escalationId }),
    ...(storeId && { storeId }),
  });
  const { result, again } = await once(deps, copy, input.attempt, work, whereItWent);
  if (!again) return result;
  deps.logger.info('the same message came again', { mailId: input.mailId, conversationId: result.conversationId });
  return { ...result, reasons: ['the same message came again: it was handled once, when it first came'] };
}

async function takeReply(deps: ReceiveDeps, { input, at, mail, key, note, profile, store, classification, read }: MatchedReply): Promise<InboundResult> {
  const fromCustomer = isCustomerAddress(profile.email, mail.from?.address);
  const language = classification.language;
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
    language,
    messageId: mail.messageId,
  });

  const owner = signerOfNote(note, store, ownerOf(signerFor(store, segmentOf(profile, store.loyalty, new Date(note.sentAt ?? at)))));
  const route = routeReply(classification, fromCustomer);
  const before = await deps.conversations.get(store.id, conversationId(key));
  const someoneElse = fromCustomer ? null : (mail.from?.address ?? 'unknown sender');
  let next = afterReply(before, {
    key,
    storeId: store.id,
    customer: { email: profile.email, name: fromCustomer ? (mail.from?.name ?? profile.firstName) : profile.firstName },
    owner,
    category: classification.category,
    at,
    text: mail.strippedText,
    someoneElse,
    language,
    messageId: mail.messageId,
    subject: mail.subject,
  });

  if (fromCustomer && before?.escalationId) await scoreCheckBackAnswer(deps, before.escalationId, classification, at);

  const escalate = (to: Route) =>
    escalateReply(deps, {
      store,
      profile,
      note,
      mailId: input.mailId,
      classification,
      reply: { text: mail.strippedText, receivedAt: at, subject: mail.subject, messageId: mail.messageId },
      customerName: mail.from?.name ?? null,
      route: to,
      conversationOwner: owner,
      language,
    });
  let escalationId: string | undefined;
  if (route === 'problem' || route === 'question') {
    escalationId = await escalate(route === 'problem' ? 'senior' : 'owner');
    next = { ...next, escalationId };
  } else if (route === 'reply' && (await hasLiveEscalation(deps, profile.openEscalationId))) {
    // Praise or a few words while a person is on it: it joins what is open, and its owner hears.
    escalationId = await escalate('owner');
  } else if (route === 'reply') {
    next = { ...next, resumeAt: new Date(Date.parse(at) + (parseDuration(store.replies.resumeAfterQuiet) ?? 0)).toISOString() };
  }
  // Asking to stop is heard whatever else the reply says (a complaint may end "and take me off
  // your list"); only the customer can ask it.
  if (route === 'unsubscribe' || (fromCustomer && classification.optOut)) {
    await deps.suppressions.add(profile.email, profile.storeId, 'unsubscribed', at);
  }

  await saveConversation(deps, before, next);
  if (route === 'someone-else') {
    await deps.queue.enqueue([{ kind: 'conversation-notice', storeId: store.id, conversationId: next.id, mailId: input.mailId }]);
  }
  if (route !== 'unsubscribe') await scheduleDigest(deps, store);
  return {
    outcome: 'reply',
    ...read,
    storeId: note.storeId,
    ...(escalationId && { escalationId }),
    reasons: fromCustomer ? [] : ['sent from an address other than the one we wrote to: kept for the owner, changes nothing for the customer'],
  };
}

/** Written once per mail even when retried: a concurrent write makes us read and apply again. */
async function saveConversation(deps: ReceiveDeps, before: Conversation | null, next: Conversation): Promise<void> {
  if (await deps.conversations.save(next, before?.version ?? null)) return;
  const now = await deps.conversations.get(next.storeId, next.id);
  if (!now) return;
  await deps.conversations.save({ ...next, version: now.version + 1 }, now.version);
}

async function hasLiveEscalation(deps: ReceiveDeps, id: string | null): Promise<boolean> {
  const escalation = id ? await deps.escalations.get(id) : null;
  return Boolean(escalation && escalation.status !== 'resolved');
}

async function scoreCheckBackAnswer(deps: ReceiveDeps, escalationId: string, classification: Classification, at: string): Promise<void> {
  const escalation = await deps.escalations.get(escalationId);
  if (escalation && answersCheckBack(escalation, at)) await scoreAnswer(deps, escalation, classification, at);
}

/** A failure notice about the conversation's customer: their address gets no more notes, from any store (as SES bounces). */
async function suppressBounced(deps: ReceiveDeps, key: NoteKey, mail: InboundMail, at: string): Promise<void> {
  const { profile } = await deps.customers.load(key.customerKey);
  if (profile && bounceNames(mail, profile.email)) await deps.suppressions.add(profile.email, null, 'bounced', at);
}

function findToken(signer: TokenSigner, addresses: string[]): { token: ReplyToken | null; forged: boolean } {
  let forged = false;
  for (const address of addresses) {
    if (!/^reply\+/i.test(address.trim())) continue;
    const token = parseAnyReplyAddress(signer, address);
    if (token) return { token, forged: false };
    forged = true;
  }
  return { token: null, forged };
}

