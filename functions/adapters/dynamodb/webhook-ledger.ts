/**
 * Deliveries that touch no order (the privacy topics), remembered so that a retry of a completed
 * delivery answers "duplicate". A delivery is written here only after its work is done: one that
 * failed half-way is not remembered, and the platform's retry does it again (erasing twice
 * deletes nothing more; exporting twice replaces the file).
 */
import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dedupeDigest } from '../../core/domain/keys.ts';
import type { WebhookLedger } from '../../core/ports.ts';
import { batchGetAll } from './batch.ts';
import { TTL_ATTRIBUTE } from './table-schema.ts';

/** Platforms retry for days (Shopify: 48 hours; Stripe: three days); a month covers every retry. */
const KEEP_SECONDS = 30 * 86_400;

export class DynamoWebhookLedger implements WebhookLedger {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async seen(storeId: string, dedupeKeys: string[]): Promise<boolean> {
    const seen = await batchGetAll(this.db, this.tableName, this.keys(storeId, dedupeKeys));
    return seen.length > 0;
  }

  async record(storeId: string, dedupeKeys: string[], at: string): Promise<void> {
    const expiresAt = Math.floor(Date.parse(at) / 1000) + KEEP_SECONDS;
    await Promise.all(
      this.keys(storeId, dedupeKeys).map((key) =>
        this.db.send(new PutCommand({ TableName: this.tableName, Item: { ...key, type: 'delivery', at, [TTL_ATTRIBUTE]: expiresAt } })),
      ),
    );
  }

  private keys(storeId: string, dedupeKeys: string[]) {
    return dedupeKeys.map((k) => ({ pk: `W#${storeId}#${dedupeDigest(k)}`, sk: 'W' }));
  }
}
