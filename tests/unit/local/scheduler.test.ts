/**
 * The local scheduler's walk over stretches of virtual time, with the real clock and queue and
 * a due list standing in for the table: each piece of work runs at its own due time, one
 * customer's in order, and the clock is kept before any work of a step runs.
 */
import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { NoteStore } from '../../../functions/core/ports.ts';
import { LocalClock } from '../../../functions/local/local-clock.ts';
import { LocalQueue } from '../../../functions/local/local-queue.ts';
import { LocalScheduler } from '../../../functions/local/scheduler.ts';

interface Due {
  customerKey: string;
  noteId: string;
  at: string;
}

function setUp(due: Due[], options: { failSends?: Set<string> } = {}) {
  const clock = new LocalClock(new Date('2026-11-23T15:00:00.000Z'));
  const queue = new LocalQueue({ clock, visibilityTimeoutMs: 180_000, maxReceives: 5, batchSize: 10 });
  const pending = [...due];
  const saved: string[] = [];
  const runs: Array<{ noteId: string; now: string; kept: string }> = [];
  let sweeps = 0;
  const notes = {
    nextDue: async (after: Date) => {
      const later = pending.map((d) => d.at).filter((at) => at > after.toISOString()).sort();
      return later.length ? new Date(later[0]!) : null;
    },
  } as unknown as NoteStore;
  const scheduler = new LocalScheduler({
    clock,
    notes,
    queue,
    plan: async () => undefined,
    sweep: async () => {
      sweeps += 1;
      const now = clock.now().toISOString();
      const ready = pending.filter((d) => d.at <= now).sort((a, b) => a.at.localeCompare(b.at));
      for (const d of ready) pending.splice(pending.indexOf(d), 1);
      await queue.enqueue(ready.map((d) => ({ kind: 'note' as const, customerKey: d.customerKey, noteId: d.noteId, token: 't', at: d.at })));
    },
    send: async (event: SQSEvent) => {
      const { noteId } = JSON.parse(event.Records[0]!.body) as Due;
      // Real work takes a little while; others run meanwhile.
      await new Promise((r) => setTimeout(r, noteId.endsWith('slow') ? 20 : 1));
      runs.push({ noteId, now: clock.now().toISOString(), kept: saved.at(-1) ?? '' });
      if (options.failSends?.has(noteId)) {
        options.failSends.delete(noteId);
        throw new Error('a passing failure');
      }
    },
    settle: async () => undefined,
    moved: async (now) => void saved.push(now.toISOString()),
  });
  return { clock, scheduler, runs, saved, sweeps: () => sweeps };
}

describe('the local scheduler', () => {
  it('runs each piece of work at its own due time, side by side, one customer’s in order', async () => {
    const due: Due[] = [
      { customerKey: 'a', noteId: 'a1-slow', at: '2026-11-23T15:05:00.000Z' },
      { customerKey: 'a', noteId: 'a2', at: '2026-11-23T15:10:00.000Z' },
      { customerKey: 'b', noteId: 'b1', at: '2026-11-23T15:07:30.000Z' },
      { customerKey: 'c', noteId: 'c1', at: '2026-11-23T17:00:00.000Z' },
    ];
    const { scheduler, runs, saved, sweeps } = setUp(due);
    const reached = await scheduler.advanceTo(new Date('2026-11-23T18:00:00.000Z'));
    expect(reached.toISOString()).toBe('2026-11-23T18:00:00.000Z');
    const at = Object.fromEntries(runs.map((r) => [r.noteId, r.now]));
    expect(at).toEqual(Object.fromEntries(due.map((d) => [d.noteId, d.at])));
    // Customer a's second note waited for its first, although b's ran in between.
    const order = runs.map((r) => r.noteId);
    expect(order.indexOf('a1-slow')).toBeLessThan(order.indexOf('a2'));
    expect(order.indexOf('b1')).toBeLessThan(order.indexOf('a2'));
    // The clock was kept, at least as far as each piece of work, before it ran.
    for (const r of runs) expect(r.kept >= r.now).toBe(true);
    expect(saved).toEqual([...saved].sort());
    expect(saved.at(-1)).toBe('2026-11-23T18:00:00.000Z');
    // Three notes within half an hour share their sweeps: not one walk step per due time.
    expect(sweeps()).toBeLessThan(2 * due.length);
  });

  it('offers failed work again after the visibility timeout, in the same walk, never before it is due', async () => {
    const { scheduler, runs } = setUp([{ customerKey: 'a', noteId: 'flaky', at: '2026-11-23T15:05:00.000Z' }], { failSends: new Set(['flaky']) });
    await scheduler.advanceTo(new Date('2026-11-23T16:00:00.000Z'));
    expect(runs.map((r) => r.noteId)).toEqual(['flaky', 'flaky']);
    expect(Date.parse(runs[1]!.now) - Date.parse(runs[0]!.now)).toBeGreaterThanOrEqual(180_000);
  });

  it('never moves the clock backwards', async () => {
    const { scheduler, clock } = setUp([]);
    await scheduler.advanceTo(new Date('2026-11-24T00:00:00.000Z'));
    await expect(scheduler.advanceTo(new Date('2026-11-23T00:00:00.000Z'))).rejects.toThrow(RangeError);
    expect(clock.now().toISOString()).toBe('2026-11-24T00:00:00.000Z');
  });
});
