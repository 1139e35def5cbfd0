/**
 * The suppression list: addresses that bounced or complained (for every store) and customers
 * who unsubscribed (from one store). Keyed by a hash of the address, so an entry outlives an
 * erasure request without keeping the address itself.
 */
import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { addressKey } from '../../core/domain/keys.ts';
import type { Suppression } from '../../core/domain/send-decision.ts';
import type { SuppressionStore } from '../../core/ports.ts';

const pk = (email: string) => `S#${addressKey(email)}`;

export class DynamoSuppressionStore implements SuppressionStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async reasons(email: string, storeId: string): Promise<Suppression[]> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk(email) },
        ConsistentRead: true,
      }),
    );
    return (out.Items ?? [])
      .filter((i) => i.scope === 'all' || i.scope === storeId)
      .map((i) => i.reason as Suppression);
  }

  async add(email: string, storeId: string | null, reason: Suppression, at: string): Promise<void> {
    const scope = storeId ?? 'all';
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: pk(email),
          sk: `${scope === 'all' ? 'ALL' : `U#${scope}`}#${reason}`,
          type: 'suppression',
          scope,
          ...(storeId && { storeId }),
          reason,
          at,
        },
      }),
    );
  }
}
