/**
 * Notes that waited while a person was in the conversation, going on again. A reply holds the
 * customer's pending notes; they go on once the problem is resolved or the owner answered (the
 * next note acknowledges what happened), or after a quiet time when the reply needed nothing.
 * A note whose moment has passed for good (a thank-you days after the order) stays held.
 */
import { parseDuration } from './duration.ts';
import type { Note } from './note.ts';
import { nextSendMoment } from './send-window.ts';
import type { StoreConfig } from './store.ts';

/** Holds a person lifts: not refunds, bounces or unsubscribes. */
const LIFTABLE = new Set(['customer-replied', 'open-escalation']);
/** A thank-you or a shipping note means little this long after it was due. */
const TOO_LATE_MS = parseDuration('P3D')!;

export interface Resumption {
  note: Note;
  /** When it goes out now (inside the customer's send window). */
  dueAt: string;
}

/**
 * The notes to let go on at `now`: held ones (a hold a person lifts) and scheduled ones planned
 * before the reply that would hold them.
 */
export function notesToResume(notes: readonly Note[], store: StoreConfig, lastReplyAt: string | null, now: Date): Resumption[] {
  const out: Resumption[] = [];
  for (const note of notes) {
    const zone = note.timeZone ?? store.timeZone;
    if (note.status === 'held' && LIFTABLE.has(note.reason ?? '')) {
      const due = Date.parse(note.dueAt);
      if (note.stage !== 'check-in' && now.getTime() - due > TOO_LATE_MS) continue;
      out.push({ note, dueAt: nextSendMoment(now, zone, store.sendWindow, note.noteId).toISOString() });
    } else if (note.status === 'scheduled' && !note.queueToken && lastReplyAt && note.plannedAt <= lastReplyAt) {
      out.push({ note, dueAt: note.dueAt > now.toISOString() ? note.dueAt : nextSendMoment(now, zone, store.sendWindow, note.noteId).toISOString() });
    }
  }
  return out;
}
