/**
 * The table's stream for the local runtime, read the way Lambda's event source mapping reads
 * it in AWS: shard by shard (a parent before its children), records in order, in batches, with
 * the same filter, and from the first failed record again when the consumer reports one. After
 * `maxAttempts` failures a record is set aside, as Lambda would send it to the on-failure
 * destination.
 */
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecordOut,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';

interface ShardState {
  id: string;
  parent: string | undefined;
  iterator: string | null;
  /** Last sequence number handed over successfully. */
  checkpoint: string | undefined;
  closed: boolean;
  failures: number;
}

export interface StreamPollerOptions {
  dynamo: DynamoDBClient;
  /** The local engine's endpoint (the streams API is served on the same port). */
  endpoint: string;
  tableName: string;
  consume(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse | void>;
  /** Which records the consumer gets (the event source mapping's filter). */
  filter(record: DynamoDBRecord): boolean;
  batchSize?: number;
  maxAttempts?: number;
  /** How often the stream is read between explicit drains. */
  intervalMs?: number;
  onError(error: unknown): void;
  onDiscard?(record: DynamoDBRecord): void;
}

export class StreamPoller {
  private readonly streams: DynamoDBStreamsClient;
  private readonly shards = new Map<string, ShardState>();
  private streamArn: string | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private paused = false;

  constructor(private readonly options: StreamPollerOptions) {
    this.streams = new DynamoDBStreamsClient({
      endpoint: options.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  }

  async start(): Promise<void> {
    const { Table } = await this.options.dynamo.send(new DescribeTableCommand({ TableName: this.options.tableName }));
    this.streamArn = Table?.LatestStreamArn;
    if (!this.streamArn) throw new Error(`table ${this.options.tableName} has no stream`);
    this.schedule();
  }

  /** Reads until every record written so far has been handed over. */
  drain(): Promise<void> {
    const run = this.running.then(async () => {
      while ((await this.round()) > 0);
    });
    this.running = run.catch(() => undefined);
    return run;
  }

  /** Stops reading in the background (an explicit drain still reads): planning waits, as if its function were throttled. */
  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    this.streams.destroy();
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      const run = this.running.then(() => (this.paused ? 0 : this.round())).catch((error) => this.options.onError(error));
      this.running = run;
      void run.finally(() => this.schedule());
    }, this.options.intervalMs ?? 200);
    this.timer.unref();
  }

  /** One pass over every readable shard; returns how many records moved the position on. */
  private async round(): Promise<number> {
    if (this.stopped || !this.streamArn) return 0;
    await this.discoverShards();
    let moved = 0;
    for (const shard of this.shards.values()) {
      const parent = shard.parent && this.shards.get(shard.parent);
      if (shard.closed || (parent && !parent.closed)) continue;
      moved += await this.readShard(shard);
    }
    return moved;
  }

  private async discoverShards(): Promise<void> {
    let start: string | undefined;
    do {
      const { StreamDescription } = await this.streams.send(
        new DescribeStreamCommand({ StreamArn: this.streamArn, ExclusiveStartShardId: start }),
      );
      for (const shard of StreamDescription?.Shards ?? []) this.track(shard);
      start = StreamDescription?.LastEvaluatedShardId;
    } while (start);
  }

  private track(shard: Shard): void {
    if (!shard.ShardId || this.shards.has(shard.ShardId)) return;
    this.shards.set(shard.ShardId, {
      id: shard.ShardId,
      parent: shard.ParentShardId,
      iterator: null,
      checkpoint: undefined,
      closed: false,
      failures: 0,
    });
  }

  private async iteratorFor(shard: ShardState): Promise<string | undefined> {
    const at = (checkpoint: string | undefined) =>
      this.streams.send(
        new GetShardIteratorCommand({
          StreamArn: this.streamArn,
          ShardId: shard.id,
          ...(checkpoint ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: checkpoint } : { ShardIteratorType: 'TRIM_HORIZON' }),
        }),
      );
    try {
      return (await at(shard.checkpoint)).ShardIterator;
    } catch (error) {
      if (!isTrimmed(error) || !shard.checkpoint) throw error;
      // The engine dropped records past our position: carry on from the oldest it still has.
      this.options.onError(new Error(`stream records of shard ${shard.id} were trimmed before they were read`));
      return (await at(undefined)).ShardIterator;
    }
  }

  /** GetRecords, taking a new iterator when the one held has expired or points at trimmed records. */
  private async records(shard: ShardState, iterator: string) {
    try {
      return await this.streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: this.options.batchSize ?? 100 }));
    } catch (error) {
      if (!isTrimmed(error) && (error as Error).name !== 'ExpiredIteratorException') throw error;
      const fresh = await this.iteratorFor(shard);
      if (!fresh) return { Records: [], NextShardIterator: undefined };
      return this.streams.send(new GetRecordsCommand({ ShardIterator: fresh, Limit: this.options.batchSize ?? 100 }));
    }
  }

  private async readShard(shard: ShardState): Promise<number> {
    let moved = 0;
    for (;;) {
      const iterator = shard.iterator ?? (await this.iteratorFor(shard));
      if (!iterator) {
        shard.closed = true;
        return moved;
      }
      const out = await this.records(shard, iterator);
      const records = (out.Records ?? []).map(toLambdaRecord);
      if (records.length === 0) {
        shard.iterator = out.NextShardIterator ?? null;
        if (!out.NextShardIterator) shard.closed = true;
        return moved;
      }
      const handed = await this.hand(shard, records);
      moved += handed;
      if (handed < records.length) {
        // Start again after the last record handed over, next round.
        shard.iterator = null;
        return moved;
      }
      shard.iterator = out.NextShardIterator ?? null;
      if (!out.NextShardIterator) {
        shard.closed = true;
        return moved;
      }
    }
  }

  /** Hands the records over; returns how many are done (up to the first failure). */
  private async hand(shard: ShardState, records: DynamoDBRecord[]): Promise<number> {
    const wanted = records.filter((r) => this.options.filter(r));
    let failedAt: string | undefined;
    if (wanted.length > 0) {
      try {
        const response = await this.options.consume({ Records: wanted });
        failedAt = response?.batchItemFailures[0]?.itemIdentifier;
      } catch (error) {
        this.options.onError(error);
        failedAt = wanted[0]!.dynamodb!.SequenceNumber;
      }
    }
    const index = failedAt === undefined ? -1 : records.findIndex((r) => r.dynamodb?.SequenceNumber === failedAt);
    if (index < 0) {
      shard.checkpoint = records.at(-1)!.dynamodb!.SequenceNumber;
      shard.failures = 0;
      return records.length;
    }
    shard.failures += 1;
    if (shard.failures >= (this.options.maxAttempts ?? 5)) {
      this.options.onDiscard?.(records[index]!);
      shard.checkpoint = records[index]!.dynamodb!.SequenceNumber;
      shard.failures = 0;
      return index + 1;
    }
    if (index > 0) shard.checkpoint = records[index - 1]!.dynamodb!.SequenceNumber;
    return index;
  }
}

function isTrimmed(error: unknown): boolean {
  return (error as Error).name === 'TrimmedDataAccessException';
}

/** A record as the streams API gives it → as Lambda hands it to a function. */
export function toLambdaRecord(record: StreamRecordOut): DynamoDBRecord {
  return {
    eventID: record.eventID,
    eventName: record.eventName as DynamoDBRecord['eventName'],
    eventSource: 'aws:dynamodb',
    eventVersion: record.eventVersion,
    awsRegion: record.awsRegion,
    dynamodb: {
      Keys: record.dynamodb?.Keys as never,
      NewImage: record.dynamodb?.NewImage as never,
      SequenceNumber: record.dynamodb?.SequenceNumber,
      SizeBytes: record.dynamodb?.SizeBytes,
      StreamViewType: record.dynamodb?.StreamViewType,
      ApproximateCreationDateTime: record.dynamodb?.ApproximateCreationDateTime
        ? record.dynamodb.ApproximateCreationDateTime.getTime() / 1000
        : undefined,
    },
  };
}
