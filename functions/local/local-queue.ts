/**
 * The send queue of the local runtime, in process, with the semantics of SQS as Lambda uses
 * it: batches, per-record failures offered again after the visibility timeout (on the virtual
 * clock), and a dead-letter list after `maxReceives` tries.
 */
import { randomUUID } from 'node:crypto';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { mapConcurrent } from '../core/concurrency.ts';
import type { Clock, SendQueue, QueueMessage } from '../core/ports.ts';

interface Held {
  id: string;
  body: string;
  receives: number;
  visibleAt: number;
}

export interface DeadLetter {
  id: string;
  body: string;
  receives: number;
}

export class LocalQueue implements SendQueue {
  private readonly waiting: Held[] = [];
  readonly deadLetters: DeadLetter[] = [];

  constructor(
    private readonly options: { clock: Clock; visibilityTimeoutMs: number; maxReceives: number; batchSize: number },
  ) {}

  async enqueue(messages: QueueMessage[]): Promise<void> {
    const now = this.options.clock.now().getTime();
    for (const m of messages) this.waiting.push({ id: randomUUID(), body: JSON.stringify(m), receives: 0, visibleAt: now });
  }

  get size(): number {
    return this.waiting.length;
  }

  /** When the next message that is not visible yet becomes visible. */
  nextVisibleAt(): Date | null {
    const now = this.options.clock.now().getTime();
    const later = this.waiting.filter((m) => m.visibleAt > now).map((m) => m.visibleAt);
    return later.length ? new Date(Math.min(...later)) : null;
  }

  /** Hands every visible message to the consumer, batch by batch, until none is visible. */
  async drain(consume: (event: SQSEvent) => Promise<SQSBatchResponse | void>): Promise<number> {
    let delivered = 0;
    for (;;) {
      const now = this.options.clock.now().getTime();
      const batch = this.waiting.filter((m) => m.visibleAt <= now).slice(0, this.options.batchSize);
      if (batch.length === 0) return delivered;
      await this.deliver(batch, consume);
      delivered += batch.length;
    }
  }

  /**
   * Hands every visible message to the consumer one at a time, `concurrency` lanes side by side:
   * the messages of one lane (one customer) in the order they were queued, one after another,
   * as an SQS FIFO message group would; different lanes at once. Until none is visible.
   */
  async drainByLane(
    consume: (event: SQSEvent, delivery: { redelivered: boolean; visibleAt: Date }) => Promise<SQSBatchResponse | void>,
    options: { concurrency: number; lane(body: string): string },
  ): Promise<number> {
    let delivered = 0;
    for (;;) {
      const now = this.options.clock.now().getTime();
      const lanes = new Map<string, Held[]>();
      for (const m of this.waiting) {
        if (m.visibleAt > now) continue;
        const lane = options.lane(m.body);
        lanes.set(lane, [...(lanes.get(lane) ?? []), m]);
      }
      if (lanes.size === 0) return delivered;
      await mapConcurrent([...lanes.values()], options.concurrency, async (messages) => {
        for (const m of messages) {
          const delivery = { redelivered: m.receives > 0, visibleAt: new Date(m.visibleAt) };
          await this.deliver([m], (event) => consume(event, delivery));
        }
      });
      delivered += [...lanes.values()].reduce((n, l) => n + l.length, 0);
    }
  }

  private async deliver(batch: Held[], consume: (event: SQSEvent) => Promise<SQSBatchResponse | void>): Promise<void> {
    const now = this.options.clock.now().getTime();
    for (const m of batch) m.receives += 1;
    let failed: Set<string>;
    try {
      const response = await consume(this.event(batch, now));
      failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    } catch {
      failed = new Set(batch.map((m) => m.id)); // a thrown error fails the whole batch, as in Lambda
    }
    // The time of the answer, not of the request: the clock may have moved meanwhile.
    const answeredAt = this.options.clock.now().getTime();
    for (const m of batch) {
      const index = this.waiting.indexOf(m);
      if (!failed.has(m.id)) this.waiting.splice(index, 1);
      else if (m.receives >= this.options.maxReceives) {
        this.waiting.splice(index, 1);
        this.deadLetters.push({ id: m.id, body: m.body, receives: m.receives });
      } else m.visibleAt = answeredAt + this.options.visibilityTimeoutMs;
    }
  }

  private event(batch: Held[], now: number): SQSEvent {
    return {
      Records: batch.map((m) => ({
        messageId: m.id,
        receiptHandle: m.id,
        body: m.body,
        attributes: {
          ApproximateReceiveCount: String(m.receives),
          SentTimestamp: String(now),
          SenderId: 'local',
          ApproximateFirstReceiveTimestamp: String(now),
        },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:local:000000000000:followup-send',
        awsRegion: 'local',
      })),
    };
  }
}
