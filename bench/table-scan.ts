/** Reads a whole table (unmetered) to count its items by type and fingerprint its content. */
import { ScanCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createHash } from 'node:crypto';
import { itemType } from './capacity.ts';

export interface TableState {
  items: number;
  byType: Record<string, number>;
  /** SHA-256 over every item in a canonical form, independent of scan order. */
  digest: string;
}

export async function tableState(client: DynamoDBClient, tableName: string): Promise<TableState> {
  const hashes: string[] = [];
  const byType: Record<string, number> = {};
  let start: Record<string, AttributeValue> | undefined;
  do {
    const out = await client.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start }));
    for (const item of out.Items ?? []) {
      const type = itemType(item.pk?.S ?? '', item.sk?.S ?? '');
      byType[type] = (byType[type] ?? 0) + 1;
      hashes.push(createHash('sha256').update(canonical(item)).digest('hex'));
    }
    start = out.LastEvaluatedKey;
  } while (start);
  hashes.sort();
  const digest = createHash('sha256');
  for (const h of hashes) digest.update(h);
  return { items: hashes.length, byType, digest: digest.digest('hex') };
}

/** JSON with object keys sorted and string sets sorted, so equal items give equal text. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value instanceof Uint8Array) return JSON.stringify(Buffer.from(value).toString('base64'));
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${k === 'SS' || k === 'NS' ? canonical([...(v as string[])].sort()) : canonical(v)}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}
