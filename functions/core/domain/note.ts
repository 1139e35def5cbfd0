/**
 * A note: one planned email to one customer, for one stage, covering one or more orders.
 *
 * Notes live beside the customer's profile, so one read gives everything the send-time checks
 * need (caps, replies, other notes). Several orders close together share one note.
 */
import * as z from '../zod.ts';
import type { Persona } from './store.ts';
import type { LineItem, FulfillmentState, OrderStage } from './purchase.ts';
import { Language, Stage, type Segment } from './terms.ts';

export const NOTE_STATUSES = [
  /** Waiting in the due index, or handed to the send queue (then `queueToken` is set). */
  'scheduled',
  /**
   * Claimed by one sender under a lease. Until the sender records its attempt (`attemptClaim`)
   * no email can be on its way; after that, it may be.
   */
  'sending',
  'sent',
  /** Will never be sent (refund, cancellation, unsubscribe, bounce, an operator's skip). */
  'cancelled',
  /** Stopped because a person took over (the customer replied, an escalation is open). */
  'held',
  /**
   * A send was attempted and nothing tells whether SES took it: it waits for a person ("send"
   * or "drop"), never resent by itself. SES's Send event, whenever it comes, settles it as sent.
   */
  'unknown',
  /** SES refused the message for good. */
  'failed',
] as const;
export type NoteStatus = (typeof NOTE_STATUSES)[number];

/** A note as it is kept: the one description of its shape, checked whenever one is read back. */
export const Note = z.object({
  customerKey: z.string(),
  noteId: z.string(),
  storeId: z.string(),
  stage: Stage,
  /** Orders the note covers (`platform:id`) with the moment each would make the note due. */
  orders: z.record(z.string(), z.string()),
  status: z.enum(NOTE_STATUSES),
  /** When the note falls due (ISO). */
  dueAt: z.string(),
  /** When the plan was made or last changed: replies after it hold the note. */
  plannedAt: z.string(),
  /** The customer's time zone, guessed when the note was planned: its send window is theirs. */
  timeZone: z.optional(z.string()),
  attempts: z.number().check(z.int()),
  version: z.number().check(z.int()),
  reason: z.optional(z.string()),
  /** Set by the sweeper when it hands the note to the queue; only that message may claim it. */
  queueToken: z.optional(z.string()),
  claimToken: z.optional(z.string()),
  leaseUntil: z.optional(z.string()),
  /**
   * The claim under which the sender was about to call SES, written before the call. A lease
   * that ran out under a claim with no attempt proves nothing was sent: the note goes back to
   * due. One that ran out after it is settled by evidence, or waits for a person.
   */
  attemptClaim: z.optional(z.string()),
  attemptedAt: z.optional(z.string()),
  /** Since when an `unknown` note has been waiting for a person. */
  waitingSince: z.optional(z.string()),
  /** An operator sent it now (or again, accepting the risk of a second copy): no window, no cap. */
  releasedAt: z.optional(z.string()),
  /** When and by whom an operator decided about it (send now, skip, send again, drop). */
  decidedAt: z.optional(z.string()),
  decidedBy: z.optional(z.string()),
  sentAt: z.optional(z.string()),
  sesMessageId: z.optional(z.string()),
  /** The RFC 5322 Message-ID as delivered, with angle brackets, for threading replies. */
  messageId: z.optional(z.string()),
  language: z.optional(Language),
  subject: z.optional(z.string()),
  /** The text as sent: the escalation packet shows the customer's own words beside it. */
  text: z.optional(z.string()),
  variant: z.optional(z.string()),
});
export type Note = z.infer<typeof Note>;

/** Where a note lives: the customer's partition. */
export interface NoteKey {
  customerKey: string;
  noteId: string;
}

/** What a template gets to say, and nothing more. */
export interface NoteContext {
  storeId: string;
  storeName: string;
  stage: Stage;
  language: Language;
  /** Seed for the stable choice of phrasing: the same customer and note, the same words. */
  variantSeed: string;
  customer: {
    firstName: string | null;
    /** Paid orders so far, this one included. */
    orderCount: number;
    /** Whole years since the first order (0 in the first year). */
    yearsSinceFirstOrder: number;
    segment: Segment;
    /** Hook for the note after a resolved problem: true once such a problem exists. */
    hadResolvedProblem: boolean;
  };
  orders: Array<{
    name: string;
    items: LineItem[];
    totalMinor: number;
    currency: string;
    highValue: boolean;
    stage: OrderStage;
    fulfillment: FulfillmentState;
  }>;
  signer: Persona;
}

export interface RenderedNote {
  subject: string;
  text: string;
  /** A minimal HTML part that mirrors the text, or null. */
  html: string | null;
  language: Language;
  /** Which phrasing was chosen (for audits and tests), e.g. "b". */
  variant: string;
}
