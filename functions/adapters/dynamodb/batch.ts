/**
 * BatchGet and BatchWrite over any number of keys, retrying what DynamoDB leaves unprocessed
 * (with a short backoff, as it asks).
 */
import { BatchGetCommand, BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

type Key = Record<string, unknown>;

const pause = (attempt: number) => new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt)));

export async function batchGetAll(db: DynamoDBDocumentClient, table: string, keys: Key[]): Promise<Key[]> {
  const found: Key[] = [];
  let pending = [...keys];
  for (let attempt = 0; pending.length > 0; attempt += 1) {
    const batch = pending.slice(0, 100);
    pending = pending.slice(100);
    const out = await db.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: batch } } }));
    found.push(...(out.Responses?.[table] ?? []));
    const unprocessed = out.UnprocessedKeys?.[table]?.Keys ?? [];
    if (unprocessed.length > 0) {
      pending.push(...unprocessed);
      await pause(attempt);
    }
  }
  return found;
}

export async function batchDeleteAll(db: DynamoDBDocumentClient, table: string, keys: Key[]): Promise<void> {
  let pending = keys.map((Key) => ({ DeleteRequest: { Key } }));
  for (let attempt = 0; pending.length > 0; attempt += 1) {
    const batch = pending.slice(0, 25);
    pending = pending.slice(25);
    const out = await db.send(new BatchWriteCommand({ RequestItems: { [table]: batch } }));
    const unprocessed = (out.UnprocessedItems?.[table] ?? []) as typeof pending;
    if (unprocessed.length > 0) {
      pending.push(...unprocessed);
      await pause(attempt);
    }
  }
}
