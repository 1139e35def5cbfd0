/**
 * What an operator sees of the notes to come, and what they can do about one.
 *
 * - The list: a store's notes due up to a time, soonest first, with every note that waits for a
 *   person (a send whose outcome is unknown), whatever its due time.
 * - "Skip": the note is cancelled. For a note waiting for a person this is "drop": the customer
 *   may or may not have it, and gets no second copy.
 * - "Send now": the note is due at once, past its send window and the caps (the operator's
 *   call); every other check still holds (refunds, unsubscribes, replies, escalations). For a
 *   note waiting for a person this is "send": the operator accepts that the customer may get a
 *   second copy. It is offered only once SES has had time to report the first one.
 */
import type { Note, NoteKey } from '../domain/note.ts';
import { SEND_EVENT_GRACE_MS } from '../domain/send-timing.ts';
import type { Clock, Logger, NoteStore } from '../ports.ts';
import { canSee, type Viewer } from './operate-escalations.ts';

export interface ScheduledDeps {
  notes: NoteStore;
  clock: Clock;
  logger: Logger;
  config: { stores: Array<{ id: string }> };
}

export interface ScheduledItem {
  /** `<customer key>.<note id>`, as the note's conversation is named. */
  id: string;
  store: string;
  customer: { email: string | null; name: string | null };
  stage: Note['stage'];
  dueAt: string;
  /** `scheduled`, `sending` or `unknown` in the list; after an action, what the note is now. */
  status: Note['status'];
  /** For a note waiting for a person: since when, and from when "send" is offered. */
  waitingSince?: string;
  decisionFrom?: string;
  reason?: string;
}

export type ScheduledAction =
  | { ok: true; item: ScheduledItem }
  | { ok: false; problem: 'not-found' | 'conflict' | 'too-early'; message: string };

/** Index entries read for one list at most; the answer says when there were more. */
export const LIST_LIMIT = 500;

export function noteIdOf(key: NoteKey): string {
  return `${key.customerKey}.${key.noteId}`;
}

export function parseNoteId(id: string): NoteKey | null {
  const match = /^([a-z2-7]{8,64})\.([a-z2-7]{4,64})$/.exec(id);
  return match ? { customerKey: match[1]!, noteId: match[2]! } : null;
}

export async function listScheduled(
  deps: ScheduledDeps,
  viewer: Viewer,
  input: { storeId?: string; until: Date },
): Promise<{ items: ScheduledItem[]; truncated: boolean }> {
  const stores = deps.config.stores.map((s) => s.id).filter((id) => canSee(viewer, id) && (!input.storeId || id === input.storeId));
  const [due, ...waiting] = await Promise.all([
    deps.notes.listDue(input.until.toISOString(), LIST_LIMIT),
    ...stores.map((id) => deps.notes.listWaiting(id)),
  ]);
  const notes = [...waiting.flat(), ...due.notes.filter((n) => stores.includes(n.storeId))];
  const recipients = await deps.notes.recipients(notes.map((n) => n.customerKey));
  const items = notes
    .map((note) => present(note, recipients.get(note.customerKey) ?? null))
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  return { items, truncated: due.truncated };
}

/** A note waiting for a person, for the console's section. */
export async function listWaiting(deps: ScheduledDeps, viewer: Viewer): Promise<ScheduledItem[]> {
  const stores = deps.config.stores.filter((s) => canSee(viewer, s.id));
  const notes = (await Promise.all(stores.map((s) => deps.notes.listWaiting(s.id)))).flat();
  const recipients = await deps.notes.recipients(notes.map((n) => n.customerKey));
  return notes.map((note) => present(note, recipients.get(note.customerKey) ?? null));
}

export async function skipScheduled(deps: ScheduledDeps, viewer: Viewer, id: string): Promise<ScheduledAction> {
  return decide(deps, viewer, id, 'skip');
}

export async function sendScheduledNow(deps: ScheduledDeps, viewer: Viewer, id: string): Promise<ScheduledAction> {
  return decide(deps, viewer, id, 'send');
}

async function decide(deps: ScheduledDeps, viewer: Viewer, id: string, action: 'skip' | 'send'): Promise<ScheduledAction> {
  const key = parseNoteId(id);
  const note = key ? await deps.notes.get(key) : null;
  // A note of a store the person may not see does not exist for them.
  if (!key || !note || !canSee(viewer, note.storeId)) return { ok: false, problem: 'not-found', message: `no note ${id}` };
  const by = viewer.id;
  if (note.status !== 'scheduled' && note.status !== 'unknown') {
    const what = note.status === 'sending' ? 'is being sent right now' : `is ${note.status} already`;
    return { ok: false, problem: 'conflict', message: `note ${id} ${what}` };
  }
  const now = deps.clock.now();
  if (action === 'send' && note.status === 'unknown') {
    const from = decisionFrom(note);
    if (from && from > now.toISOString()) {
      return { ok: false, problem: 'too-early', message: `SES may still report note ${id} as sent; it can be sent again from ${from}` };
    }
  }
  const input = { expected: note.status, at: now.toISOString(), by };
  const done = action === 'skip' ? await deps.notes.skip(key, input) : await deps.notes.release(key, input);
  if (!done) return { ok: false, problem: 'conflict', message: `note ${id} changed meanwhile; look again` };
  const after = (await deps.notes.get(key)) ?? note;
  deps.logger.info(action === 'skip' ? 'note skipped by an operator' : 'note released by an operator', {
    noteId: key.noteId,
    customerKey: key.customerKey,
    was: note.status,
    by,
  });
  const [recipient] = (await deps.notes.recipients([key.customerKey])).values();
  return { ok: true, item: present(after, recipient ?? null) };
}

function decisionFrom(note: Note): string | undefined {
  return note.waitingSince && new Date(Date.parse(note.waitingSince) + SEND_EVENT_GRACE_MS).toISOString();
}

function present(note: Note, recipient: { email: string; name: string | null } | null): ScheduledItem {
  return {
    id: noteIdOf(note),
    store: note.storeId,
    customer: { email: recipient?.email ?? null, name: recipient?.name ?? null },
    stage: note.stage,
    dueAt: note.dueAt,
    status: note.status,
    ...(note.waitingSince && { waitingSince: note.waitingSince, decisionFrom: decisionFrom(note)! }),
    ...(note.reason && { reason: note.reason }),
  };
}
