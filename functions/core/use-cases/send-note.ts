/**
 * Sends one due note, at most once.
 *
 * 1. Claim the note with a conditional write, under a lease: only the holder of the sweeper's
 *    token wins.
 * 2. Look again at everything (refunds, unsubscribes, bounces, replies, escalations, caps, the
 *    send window) and cancel, hold or defer when a person would.
 * 3. Render the note in the customer's language.
 * 4. Take the customer's daily send slot (two notes falling due together cannot both pass the
 *    cap), then record the attempt under the claim, then make one SES call.
 * 5. Record SES's Message-ID, for threading the reply.
 *
 * Throttling puts the note back with a backoff (SES dropped it, so sending later is safe). A
 * send whose outcome is unknown is never repeated by itself: the note waits for a person, and
 * SES's Send event, whenever it comes, settles it as sent. A message that finds the lease of a
 * sender that died settles that note: back to due when no attempt was recorded under the claim
 * (nothing can have been sent), waiting for a person when one was.
 */
import { randomUUID } from 'node:crypto';
import { buildNoteContext } from '../domain/note-context.ts';
import type { Note, NoteKey, RenderedNote } from '../domain/note.ts';
import { outgoingNote } from '../domain/outgoing-note.ts';
import { afterDailyCap, dailyCapStart, decideSend } from '../domain/send-decision.ts';
import { SEND_LEASE_MS } from '../domain/send-timing.ts';
import type { StoreConfig } from '../domain/store.ts';
import { replyAddress, unsubscribeToken } from '../domain/tokens.ts';
import { ConcurrentChangeError, MailOutcomeUnknownError, MailRejectedError, MailThrottledError } from '../errors.ts';
import type { CustomerStore, MailingDeps, NoteRenderer, NoteStore, OrderStore, QueueMessage, SuppressionStore } from '../ports.ts';

export interface SendDeps extends MailingDeps {
  notes: NoteStore;
  customers: CustomerStore;
  orders: OrderStore;
  suppressions: SuppressionStore;
  renderer: NoteRenderer;
}

export type SendOutcome =
  | 'sent'
  | 'skipped'
  /** A sender died before its attempt: the note is due again. */
  | 'requeued'
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
    leaseUntil: new Date(now.getTime() + SEND_LEASE_MS).toISOString(),
  });
  if (!claim.claimed) return settleUnclaimable(deps, key, claim.note, now);

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

  // The daily cap, held under concurrency: a second note of the customer falling due in the same
  // sweep finds the slot taken and waits.
  const slot = await deps.notes.reserveSend(key, { at: now.toISOString(), capStart: note.releasedAt ? null : dailyCapStart(store, now) });
  if (!slot.reserved) {
    const until = afterDailyCap(slot.lastSendAt, store, note.timeZone ?? store.timeZone, note.noteId).toISOString();
    await deps.notes.reschedule(key, claimToken, until, 'daily-cap');
    deps.logger.info('note deferred', { ...log, reason: 'daily-cap', until });
    return 'deferred';
  }

  try {
    await deps.notes.markAttempt(key, claimToken, now.toISOString());
  } catch (error) {
    // SES was not called. Unless the claim is lost, put the note back rather than leave a marker
    // that may or may not have been written (it would make the note wait for a person).
    if (!(error instanceof ConcurrentChangeError)) {
      await deps.notes.reschedule(key, claimToken, now.toISOString(), 'attempt-not-recorded').catch(() => undefined);
    }
    throw error;
  }

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
    await deps.notes.markUnknown(key, claimToken, { storeId: note.storeId, at: now.toISOString(), reason: reason.slice(0, 200) });
    deps.logger.error('send outcome unknown; the note waits for SES to report it or for a person', { ...log, error: reason });
    return 'unknown';
  }

  try {
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
  } catch (error) {
    // SES's Send event may have settled the note first: then it is recorded already.
    if (!(error instanceof ConcurrentChangeError) || (await deps.notes.get(key))?.status !== 'sent') throw error;
  }
  deps.logger.info('note sent', { ...log, sesMessageId: result.sesMessageId, language: rendered.language, variant: rendered.variant });
  return 'sent';
}

/**
 * The note could not be claimed. When it is `sending` under a lease that ran out, its sender is
 * gone; settle it from what the note proves.
 */
async function settleUnclaimable(deps: SendDeps, key: NoteKey, note: Note | null, now: Date, again = true): Promise<SendOutcome> {
  if (note?.status !== 'sending' || !note.claimToken) return 'skipped';
  if (note.leaseUntil && note.leaseUntil > now.toISOString()) throw new NoteBusyError(`note ${key.noteId} is being sent`);
  const log = { noteId: key.noteId, customerKey: key.customerKey, stage: note.stage };
  const stale = note.claimToken;
  if (note.attemptClaim !== stale) {
    if (await deps.notes.requeue(key, stale, now.toISOString())) {
      deps.logger.warn('sender lost before sending; the note is due again', log);
      return 'requeued';
    }
    // Its sender recorded an attempt after all, or the note moved on: look once more.
    return again ? settleUnclaimable(deps, key, await deps.notes.get(key), now, false) : 'skipped';
  }
  // SES may have the mail. Its Send event settles the note whenever it comes; until then a
  // person decides. Sending again by itself could give the customer a second copy.
  if (!(await deps.notes.markUnknown(key, stale, { storeId: note.storeId, at: now.toISOString(), reason: 'sender-lost-mid-send' }))) return 'skipped';
  deps.logger.error('sender lost mid-send; the note waits for SES to report it or for a person', log);
  return 'unknown';
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
