/**
 * The scheduler of the local runtime. In AWS a schedule runs the sweeper every minute; here the
 * virtual clock stands still until told to move, and moving it runs every piece of work that
 * falls due on the way, each at its own due time: the clock steps from one due time to the
 * next, so a note scheduled for 10:17:42 is sent with the clock at 10:17:42.
 */
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { NoteStore } from '../core/ports.ts';
import type { VirtualClock } from '../shared/clock.ts';
import type { LocalQueue } from './local-queue.ts';

export interface SchedulerParts {
  clock: VirtualClock;
  notes: NoteStore;
  queue: LocalQueue;
  /** Plans every order change written so far (the table's stream). */
  plan(): Promise<void>;
  sweep(): Promise<unknown>;
  send(event: SQSEvent): Promise<SQSBatchResponse | void>;
  /** Waits for side work to finish (SES events published after a send). */
  settle(): Promise<void>;
  /** Called after each move of the clock (persistence). */
  moved?(now: Date): Promise<void>;
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

  /** Runs what is due at the current time (after a restart, or a webhook with no delay). */
  runDue(): Promise<void> {
    const run = this.running.then(() => this.drainNow());
    this.running = run.catch(() => undefined);
    return run;
  }

  private async walk(target: Date): Promise<Date> {
    const { clock } = this.parts;
    if (target.getTime() < clock.now().getTime()) throw new RangeError('the clock never goes backwards');
    await this.drainNow();
    for (;;) {
      const next = await this.nextWork();
      if (!next || next.getTime() > target.getTime()) break;
      clock.set(next);
      await this.drainNow();
    }
    clock.set(target);
    await this.drainNow();
    await this.parts.moved?.(clock.now());
    return clock.now();
  }

  private async nextWork(): Promise<Date | null> {
    const now = this.parts.clock.now();
    const [due, visible] = [await this.parts.notes.nextDue(now), this.parts.queue.nextVisibleAt()];
    const times = [due, visible].filter((d): d is Date => d !== null && d.getTime() > now.getTime());
    return times.length ? new Date(Math.min(...times.map((d) => d.getTime()))) : null;
  }

  private async drainNow(): Promise<void> {
    for (;;) {
      await this.parts.plan();
      await this.parts.sweep();
      const delivered = await this.parts.queue.drain((event) => this.parts.send(event));
      await this.parts.settle();
      if (delivered === 0) return;
    }
  }
}
