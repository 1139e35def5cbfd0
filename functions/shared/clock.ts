/** The clocks: real time in AWS, a virtual clock that only moves when told in the local runtime. */
import type { Clock } from '../core/ports.ts';

export const systemClock: Clock = { now: () => new Date() };

export class VirtualClock implements Clock {
  private current: number;

  constructor(start: Date) {
    this.current = start.getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  /** Moves forward to `to`; never backwards. */
  set(to: Date): void {
    if (to.getTime() < this.current) throw new RangeError('the clock never goes backwards');
    this.current = to.getTime();
  }
}
