/**
 * Sends one due note, exactly once.
 *
 * 1. Claim the note with a conditional write: only the holder of the sweeper's token wins.
 * 2. Look again at everything (refunds, unsubscribes, bounces, replies, escalations, caps, the
 *    send window) and cancel, hold or defer when a person would.
 * 3. Render the note in the customer's language and send one attempt through SES.
 * 4. Record SES's Message-ID, for threading the reply.
 *
 * Throttling puts the note back with a backoff (SES dropped it, so sending later is safe). A
 * send whose outcome is unknown is never repeated blindly: the note waits as `unknown` until
 * SES's Send event settles it, or until enough time has passed to know SES never took it.
 */
import { randomUUID } from 'node:crypto';
import { buildNoteContext } from '../domain/note-context.ts';
import type { Note, NoteKey, RenderedNote } from '../domain/note.ts';
import type { TokenSigner } from '../domain/keys.ts';
import { outgoingNote } from '../domain/outgoing-note.ts';
import { decideSend } from '../domain/send-decision.ts';
import type { StoreConfig } from '../domain/store.ts';
import { replyAddress, unsubscribeToken } from '../domain/tokens.ts';
import { MailOutcomeUnknownError, MailRejectedError, MailThrottledError } from '../errors.ts';
import type {
  Clock,
  CustomerStore,
  Logger,
  Mailer,
  NoteRenderer,
  NoteStore,
  OrderStore,
  QueueMessage,
  SuppressionStore,
} from '../ports.ts';

export interface SendDeps {
  notes: NoteStore;
  customers: CustomerStore;
  orders: OrderStore;
  suppressions: SuppressionStore;
  renderer: NoteRenderer;
  mailer: Mailer;
  clock: Clock;
  logger: Logger;
  signer: TokenSigner;
  store(id: string): StoreConfig | undefined;
  links: { inboundDomain: string; publicBaseUrl: string };
}

export type SendOutcome =
  | 'sent'
  | 'skipped'
  | 'cancelled'
  | 'held'
  | 'deferred'
  | 'throttled'
  | 'failed'
  | 'unknown';

/** Thrown when another sender holds a live claim: the queue should offer the message again later. */
export class NoteBusyError extends Error {
  override name = 'NoteBusyError';
}

/** Longer than one send takes by far; a claim older than this belongs to a sender that died. */
const LEASE_MS = 5 * 60_000;
/** How long SES's Send event may take to arrive before we conclude SES never took the message. */
const RECONCILE_AFTER_MS = 15 * 60_000;
/** SES asks to wait up to ten minutes after throttling. */
const MAX_BACKOFF_MS = 10 * 60_000;

export type NoteMessage = Extract<QueueMessage, { customerKey: string }>;

export async function sendNote(deps: SendDeps, message: NoteMessage): Promise<SendOutcome> {
  const key: NoteKey = { customerKey: message.customerKey, noteId: message.noteId };
  const now = deps.clock.now();
  const claimToken = randomUUID();
  const claim = await deps.notes.claim(key, {
    queueToken: message.token,
    claimToken,
    leaseUntil: new Date(now.getTime() + LEASE_MS).toISOString(),
  });
  if (!claim.claimed) return handleUnclaimable(deps, key, claim.note, now);

  const note = claim.note;
  const log = { noteId: note.noteId, customerKey: note.customerKey, stage: note.stage };
  const store = deps.store(note.storeId);
  if (!store) {
    await deps.notes.finish(key, claimToken, 'failed', 'store-not-configured');
    deps.logger.error('note for a store that is no longer configured', { ...log, storeId: note.storeId });
    return 'failed';
  }

  const [file, orders] = await Promise.all([
    deps.customers.load(note.customerKey),
    deps.orders.getMany(note.storeId, Object.keys(note.orders)),
  ]);
  const profile = file.profile;
  const suppressions = profile ? await deps.suppressions.reasons(profile.email, store.id) : [];
  const timeZone = note.timeZone ?? store.timeZone;
  const decision = decideSend({ note, store, profile, orders, otherNotes: file.notes, suppressions, timeZone, now });

  switch (decision.action) {
    case 'cancel':
    case 'hold': {
      const status = decision.action === 'cancel' ? 'cancelled' : 'held';
      await deps.notes.finish(key, claimToken, status, decision.reason);
      deps.logger.info(`note ${status}`, { ...log, reason: decision.reason });
      return status;
    }
    case 'defer':
      await deps.notes.reschedule(key, claimToken, decision.until.toISOString(), decision.reason);
      deps.logger.info('note deferred', { ...log, reason: decision.reason, until: decision.until.toISOString() });
      return 'deferred';
    case 'send':
      return deliver(deps, { key, claimToken, note, store, profile: profile!, orders: decision.orders, now });
  }
}

async function deliver(
  deps: SendDeps,
  input: {
    key: NoteKey;
    claimToken: string;
    note: Note;
    store: StoreConfig;
    profile: NonNullable<Awaited<ReturnType<CustomerStore['load']>>['profile']>;
    orders: Parameters<typeof buildNoteContext>[0]['orders'];
    now: Date;
  },
): Promise<SendOutcome> {
  const { key, claimToken, note, store, profile, now } = input;
  const log = { noteId: note.noteId, customerKey: note.customerKey, stage: note.stage };
  const context = buildNoteContext({ note, store, profile, orders: input.orders, now });
  let rendered: RenderedNote;
  try {
    rendered = deps.renderer.render(context, store);
  } catch (error) {
    // A template the store broke fails the same way every time: retrying would not help.
    await deps.notes.finish(key, claimToken, 'failed', `template: ${(error as Error).message}`.slice(0, 200));
    deps.logger.error('note could not be rendered', { ...log, error: (error as Error).message });
    return 'failed';
  }
  const mail = outgoingNote({
    context,
    rendered,
    to: profile.email,
    replyAddress: replyAddress(deps.signer, key, deps.links.inboundDomain),
    unsubscribeUrl: `${deps.links.publicBaseUrl}/unsubscribe?t=${unsubscribeToken(deps.signer, note.customerKey)}`,
    htmlFor: (text) => deps.renderer.htmlFor(text),
    tags: { noteId: note.noteId, customerKey: note.customerKey, storeId: store.id, stage: note.stage },
  });

  let result: { sesMessageId: string; messageId: string };
  try {
    result = await deps.mailer.send(mail);
  } catch (error) {
    if (error instanceof MailThrottledError) {
      const backoff = Math.min(MAX_BACKOFF_MS, 60_000 * 2 ** Math.max(0, note.attempts - 1));
      const at = new Date(now.getTime() + backoff).toISOString();
      await deps.notes.reschedule(key, claimToken, at, 'throttled');
      deps.logger.warn('SES throttled the send; trying again later', { ...log, at });
      return 'throttled';
    }
    if (error instanceof MailRejectedError) {
      await deps.notes.finish(key, claimToken, 'failed', `rejected: ${error.message}`.slice(0, 200));
      deps.logger.error('SES rejected the note', { ...log, error: error.message });
      return 'failed';
    }
    const reason = error instanceof MailOutcomeUnknownError ? error.message : String(error);
    await deps.notes.markUnknown(key, claimToken, new Date(now.getTime() + RECONCILE_AFTER_MS).toISOString(), reason.slice(0, 200));
    deps.logger.error('send outcome unknown; waiting for SES to tell', { ...log, error: reason });
    return 'unknown';
  }

  await withRetries(() =>
    deps.notes.markSent(key, claimToken, {
      sentAt: now.toISOString(),
      sesMessageId: result.sesMessageId,
      messageId: result.messageId,
      subject: rendered.subject,
      text: mail.text,
      language: rendered.language,
      variant: rendered.variant,
    }),
  );
  deps.logger.info('note sent', { ...log, sesMessageId: result.sesMessageId, language: rendered.language, variant: rendered.variant });
  return 'sent';
}

async function handleUnclaimable(deps: SendDeps, key: NoteKey, note: Note | null, now: Date): Promise<SendOutcome> {
  if (note?.status === 'sending') {
    if (note.leaseUntil && note.leaseUntil > now.toISOString()) throw new NoteBusyError(`note ${key.noteId} is being sent`);
    // The sender that claimed it died mid-send: whether SES took the mail is unknown.
    await deps.notes.markUnknown(key, null, new Date(now.getTime() + RECONCILE_AFTER_MS).toISOString(), 'sender-lost');
    deps.logger.warn('sender lost mid-send; reconciling instead of resending', { noteId: key.noteId, customerKey: key.customerKey });
    return 'unknown';
  }
  return 'skipped';
}

/**
 * Recording the send must not be lost to a passing error: a note left `sending` would be
 * reconciled rather than resent, but the Message-ID for threading would be missing until then.
 */
async function withRetries(write: () => Promise<void>, attempts = 4): Promise<void> {
  for (let i = 1; ; i += 1) {
    try {
      return await write();
    } catch (error) {
      if (i >= attempts || (error as Error).name === 'ConcurrentChangeError') throw error;
      await new Promise((r) => setTimeout(r, 50 * 2 ** i));
    }
  }
}
