/**
 * The scheduler of the local runtime. In AWS a schedule runs the sweeper every minute; here the
 * virtual clock stands still until told to move, and moving it runs every piece of work that
 * falls due on the way, each at its own due time: a note scheduled for 10:17:42 is sent with the
 * clock reading 10:17:42.
 *
 * The clock moves in stretches: to the next due time plus up to {@link STRETCH_MS}. Everything
 * that fell due in the stretch is swept at once and sent side by side, each piece of work inside
 * `runAt(its due time)` (local-clock.ts), one customer's notes one after another in due order,
 * different customers at once. So a day of notes costs about what sending them costs, not one
 * full sweep per due time. Work that the stretch's work makes due inside the stretch (a note
 * deferred by minutes, a send throttled) runs in the same stretch, at its own time.
 *
 * The clock is kept (the `moved` part) at every step, before the work of the step: after a crash
 * it starts again no earlier than any work it had done.
 */
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { NoteStore } from '../core/ports.ts';
import type { LocalClock } from './local-clock.ts';
import type { LocalQueue } from './local-queue.ts';

/** The longest stretch of virtual time swept at once. */
const STRETCH_MS = 30 * 60_000;
/** Customers whose work runs side by side (the sender's bounded concurrency in AWS). */
const LANES = 8;
/** Sweeps (or planning rounds) that fail in a row before a move gives up until the next one. */
const MAX_FAILED_ROUNDS = 3;

export interface SchedulerParts {
  clock: LocalClock;
  notes: NoteStore;
  queue: LocalQueue;
  /** Plans every order change written so far (the table's stream). */
  plan(): Promise<void>;
  sweep(): Promise<unknown>;
  send(event: SQSEvent): Promise<SQSBatchResponse | void>;
  /** Waits for side work to finish (SES events published after a send). */
  settle(): Promise<void>;
  /** Called after each move of the clock, before the work of the new time (persistence). */
  moved?(now: Date): Promise<void>;
  /** A sweep or a planning round failed; the next round (or the next move) tries again. */
  failed?(what: 'sweep' | 'planning', error: Error): void;
}

export class LocalScheduler {
  private running: Promise<unknown> = Promise.resolve();

  constructor(private readonly parts: SchedulerParts) {}

  /** Moves the clock to `target`, running all work due on the way; one move at a time. */
  advanceTo(target: Date): Promise<Date> {
    const run = this.running.then(() => this.walk(target));
    this.running = run.catch(() => undefined);
    return run;
  }

  /** Runs what is due at the current time (after a restart, a reply, an operator's decision). */
  runDue(): Promise<void> {
    const run = this.running.then(() => this.drainNow(this.parts.clock.now()));
    this.running = run.catch(() => undefined);
    return run;
  }

  private async walk(target: Date): Promise<Date> {
    const { clock } = this.parts;
    if (target.getTime() < clock.now().getTime()) throw new RangeError('the clock never goes backwards');
    await this.drainNow(clock.now());
    for (;;) {
      const next = await this.nextWork();
      if (!next || next.getTime() > target.getTime()) break;
      const from = clock.now();
      await this.moveTo(new Date(Math.min(target.getTime(), next.getTime() + STRETCH_MS)));
      await this.drainNow(from);
    }
    if (clock.now().getTime() < target.getTime()) {
      const from = clock.now();
      await this.moveTo(target);
      await this.drainNow(from);
    }
    return clock.now();
  }

  private async moveTo(to: Date): Promise<void> {
    this.parts.clock.set(to);
    await this.parts.moved?.(to);
  }

  private async nextWork(): Promise<Date | null> {
    const now = this.parts.clock.now();
    const [due, visible] = [await this.parts.notes.nextDue(now), this.parts.queue.nextVisibleAt()];
    const times = [due, visible].filter((d): d is Date => d !== null && d.getTime() > now.getTime());
    return times.length ? new Date(Math.min(...times.map((d) => d.getTime()))) : null;
  }

  /** Runs everything due by now; work due after `from` runs at its own time, earlier work at `from`. */
  private async drainNow(from: Date): Promise<void> {
    for (let failedRounds = 0; ; ) {
      const planned = await this.tryPart('planning', () => this.parts.plan());
      const swept = await this.tryPart('sweep', () => this.parts.sweep());
      const delivered = await this.parts.queue.drainByLane(
        (event, delivery) => this.parts.clock.runAt(this.timeOf(event, from, delivery), () => this.parts.send(event)),
        { concurrency: LANES, lane: laneOf },
      );
      await this.parts.settle();
      failedRounds = planned && swept ? 0 : failedRounds + 1;
      if (failedRounds === 0 && delivered === 0) return;
      if (failedRounds >= MAX_FAILED_ROUNDS) return;
    }
  }

  /**
   * The due time a message carries (the sweeper's), never before the stretch began; a message
   * offered again, not before it became visible again.
   */
  private timeOf(event: SQSEvent, from: Date, delivery: { redelivered: boolean; visibleAt: Date }): Date {
    const at = Date.parse(parseBody(event.Records[0]?.body).at ?? '');
    if (Number.isNaN(at)) return this.parts.clock.now();
    return new Date(Math.max(at, from.getTime(), delivery.redelivered ? delivery.visibleAt.getTime() : 0));
  }

  private async tryPart(what: 'sweep' | 'planning', run: () => Promise<unknown>): Promise<boolean> {
    try {
      await run();
      return true;
    } catch (error) {
      this.parts.failed?.(what, error as Error);
      return false;
    }
  }
}

function parseBody(body: string | undefined): { at?: string; customerKey?: string; escalationId?: string } {
  try {
    return JSON.parse(body ?? '{}') as { at?: string; customerKey?: string; escalationId?: string };
  } catch {
    return {};
  }
}

/** One customer's notes (or one escalation's work) one after another. */
function laneOf(body: string): string {
  const message = parseBody(body);
  return message.customerKey ?? (message.escalationId ? `escalation:${message.escalationId}` : body);
}
