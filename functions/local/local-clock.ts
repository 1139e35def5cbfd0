/**
 * The local runtime's virtual clock, with one addition: a piece of work can run at its own
 * moment. When the scheduler moves the clock over a stretch of time it runs the work that fell
 * due in it side by side, each inside `runAt(its due time)`: everything that work reads the time
 * from (the sender, the logger, the SES endpoint through a request header) sees that moment, so
 * a note due at 10:17:42 is sent at 10:17:42 although the clock has moved on to 10:30.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { SESClient } from '@aws-sdk/client-ses';
import { VirtualClock } from '../shared/clock.ts';

/** The header the runtime's SES client sends its virtual time in (the endpoint's acceptance time). */
export const VIRTUAL_TIME_HEADER = 'x-followup-virtual-time';

export class LocalClock extends VirtualClock {
  private readonly moment = new AsyncLocalStorage<number>();

  override now(): Date {
    const at = this.moment.getStore();
    return at === undefined ? super.now() : new Date(at);
  }

  /** Runs `work` with the clock reading `at` inside it (never later than the clock itself). */
  runAt<T>(at: Date, work: () => Promise<T>): Promise<T> {
    const time = Math.min(at.getTime(), super.now().getTime());
    return this.moment.run(time, work);
  }
}

/** Sends the caller's virtual time with every SES call, so the endpoint accepts the mail "then". */
export function sendVirtualTime(ses: SESClient, clock: LocalClock): void {
  ses.middlewareStack.add(
    (next) => (args) => {
      const request = args.request as { headers?: Record<string, string> };
      if (request.headers) request.headers[VIRTUAL_TIME_HEADER] = clock.now().toISOString();
      return next(args);
    },
    { step: 'build', name: 'followupVirtualTime' },
  );
}
