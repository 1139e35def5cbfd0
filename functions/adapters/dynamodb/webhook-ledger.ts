/**
 * Deliveries that touch no order (the redact topics) are remembered here, so a retry answers
 * "duplicate"; and shop/redact erases a whole store.
 */
import { PutCommand, ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dedupeDigest } from '../../core/domain/keys.ts';
import type { WebhookLedger } from '../../core/ports.ts';
import { batchDeleteAll, batchGetAll } from './batch.ts';
import { isConditionFailure } from './expression.ts';
import { TTL_ATTRIBUTE } from './table-schema.ts';

/** Platforms retry for days (Stripe: three); a month covers every retry with room to spare. */
const KEEP_SECONDS = 30 * 86_400;

export class DynamoWebhookLedger implements WebhookLedger {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async record(storeId: string, dedupeKeys: string[], at: string): Promise<boolean> {
    const keys = dedupeKeys.map((k) => ({ pk: `W#${storeId}#${dedupeDigest(k)}`, sk: 'W' }));
    const seen = await batchGetAll(this.db, this.tableName, keys);
    if (seen.length > 0) return false;
    const expiresAt = Math.floor(Date.parse(at) / 1000) + KEEP_SECONDS;
    try {
      await Promise.all(
        keys.map((key) =>
          this.db.send(
            new PutCommand({
              TableName: this.tableName,
              Item: { ...key, type: 'delivery', at, [TTL_ATTRIBUTE]: expiresAt },
              ConditionExpression: 'attribute_not_exists(pk)',
            }),
          ),
        ),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async eraseStore(storeId: string): Promise<number> {
    let erased = 0;
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.db.send(
        new ScanCommand({
          TableName: this.tableName,
          FilterExpression: 'storeId = :store AND NOT begins_with(pk, :ledger)',
          ExpressionAttributeValues: { ':store': storeId, ':ledger': 'W#' },
          ProjectionExpression: 'pk, sk',
          ExclusiveStartKey: start,
        }),
      );
      const keys = (out.Items ?? []).map((i) => ({ pk: i.pk, sk: i.sk }));
      await batchDeleteAll(this.db, this.tableName, keys);
      erased += keys.length;
      start = out.LastEvaluatedKey;
    } while (start);
    return erased;
  }
}
