import { describe, expect, it } from 'vitest';
import type { SQSEvent } from 'aws-lambda';
import { LocalQueue } from '../../../functions/local/local-queue.ts';
import { VirtualClock } from '../../../functions/shared/clock.ts';

const message = (noteId: string) => ({ kind: 'note' as const, customerKey: 'c', noteId, token: `t-${noteId}` });
const notesOf = (event: SQSEvent) => event.Records.map((r) => JSON.parse(r.body).noteId as string);

function queue(clock: VirtualClock, maxReceives = 3) {
  return new LocalQueue({ clock, visibilityTimeoutMs: 60_000, maxReceives, batchSize: 2 });
}

describe('the local send queue behaves like SQS under Lambda', () => {
  it('delivers in batches and forgets what succeeded', async () => {
    const clock = new VirtualClock(new Date('2026-11-23T10:00:00Z'));
    const q = queue(clock);
    await q.enqueue(['a', 'b', 'c'].map(message));
    const batches: string[][] = [];
    expect(await q.drain(async (e) => void batches.push(notesOf(e)))).toBe(3);
    expect(batches).toEqual([['a', 'b'], ['c']]);
    expect(q.size).toBe(0);
  });

  it('offers a failed record again only after the visibility timeout, and only that record', async () => {
    const clock = new VirtualClock(new Date('2026-11-23T10:00:00Z'));
    const q = queue(clock);
    await q.enqueue(['a', 'b'].map(message));
    await q.drain(async (e) => ({ batchItemFailures: e.Records.filter((r) => JSON.parse(r.body).noteId === 'b').map((r) => ({ itemIdentifier: r.messageId })) }));
    expect(q.size).toBe(1);
    expect(await q.drain(async () => undefined)).toBe(0); // still invisible
    expect(q.nextVisibleAt()?.toISOString()).toBe('2026-11-23T10:01:00.000Z');
    clock.set(new Date('2026-11-23T10:01:00Z'));
    const seen: string[][] = [];
    await q.drain(async (e) => void seen.push(notesOf(e)));
    expect(seen).toEqual([['b']]);
  });

  it('fails the whole batch when the consumer throws', async () => {
    const clock = new VirtualClock(new Date('2026-11-23T10:00:00Z'));
    const q = queue(clock);
    await q.enqueue(['a', 'b'].map(message));
    await q.drain(async () => {
      throw new Error('crash');
    });
    expect(q.size).toBe(2);
  });

  it('moves a message to the dead-letter list after the last try', async () => {
    const clock = new VirtualClock(new Date('2026-11-23T10:00:00Z'));
    const q = queue(clock, 2);
    await q.enqueue([message('a')]);
    const fail = async (e: SQSEvent) => ({ batchItemFailures: e.Records.map((r) => ({ itemIdentifier: r.messageId })) });
    await q.drain(fail);
    clock.set(new Date('2026-11-23T10:01:00Z'));
    await q.drain(fail);
    expect(q.size).toBe(0);
    expect(q.deadLetters.map((d) => [JSON.parse(d.body).noteId, d.receives])).toEqual([['a', 2]]);
  });
});
