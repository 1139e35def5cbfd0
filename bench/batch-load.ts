/** Loads items fast: BatchWriteItem of 25, several in flight, unprocessed items sent again. */
import { BatchWriteItemCommand, type AttributeValue, type DynamoDBClient, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { setTimeout as delay } from 'node:timers/promises';

export type Item = Record<string, AttributeValue>;

export async function batchWriteAll(
  client: DynamoDBClient,
  tableName: string,
  items: Iterable<Item>,
  options: { concurrency?: number } = {},
): Promise<{ items: number; wallMs: number }> {
  const iterator = items[Symbol.iterator]();
  let written = 0;
  let exhausted = false;
  const nextBatch = (): WriteRequest[] => {
    const batch: WriteRequest[] = [];
    while (!exhausted && batch.length < 25) {
      const next = iterator.next();
      if (next.done) exhausted = true;
      else batch.push({ PutRequest: { Item: next.value } });
    }
    return batch;
  };
  const loop = async () => {
    for (;;) {
      let pending = nextBatch();
      if (pending.length === 0) return;
      const size = pending.length;
      for (let attempt = 0; pending.length > 0; attempt += 1) {
        if (attempt > 0) await delay(Math.min(1000, 20 * 2 ** attempt));
        const out = await client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: pending } }));
        pending = out.UnprocessedItems?.[tableName] ?? [];
      }
      written += size;
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: options.concurrency ?? 8 }, loop));
  return { items: written, wallMs: performance.now() - start };
}
