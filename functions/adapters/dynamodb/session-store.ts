/**
 * The console's sessions, one item each (`L#<session id>`): a session is good while its item
 * exists and has not expired, so signing out ends it at once, wherever its cookie was copied to.
 */
import { DeleteCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SessionStore } from '../../core/ports.ts';
import { TTL_ATTRIBUTE } from './table-schema.ts';

const key = (id: string) => ({ pk: `L#${id}`, sk: 'L' });

export class DynamoSessionStore implements SessionStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(id: string, expiresAt: number): Promise<void> {
    await this.db.send(
      new PutCommand({ TableName: this.tableName, Item: { ...key(id), type: 'session', [TTL_ATTRIBUTE]: expiresAt } }),
    );
  }

  async active(id: string, nowSeconds: number): Promise<boolean> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: key(id), ConsistentRead: true }));
    // TTL deletes late (up to days): an item past its time is over already.
    return Boolean(out.Item) && Number(out.Item![TTL_ATTRIBUTE]) > nowSeconds;
  }

  async revoke(id: string): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: key(id) }));
  }
}
