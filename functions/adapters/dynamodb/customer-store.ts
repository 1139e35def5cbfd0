/**
 * Customers in DynamoDB: the profile and the notes share the customer's partition, so one
 * Query gives the send-time checks everything they need.
 *
 * Counting is idempotent without a read: the order's reference joins a set on the profile in
 * the same write that adds to the counts, conditional on not being in the set yet.
 */
import { PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CustomerProfile } from '../../core/domain/customer.ts';
import type { CountOrder, CustomerFile, CustomerStore, InboundMessage } from '../../core/ports.ts';
import { batchDeleteAll } from './batch.ts';
import { Expr, isConditionFailure } from './expression.ts';
import { customerPk, SPENT_PREFIX, toNote, toProfile } from './items.ts';

export class DynamoCustomerStore implements CustomerStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async load(customerKey: string): Promise<CustomerFile> {
    const items = await this.partition(customerKey);
    const profileItem = items.find((i) => i.sk === 'P');
    return {
      profile: profileItem ? toProfile(profileItem) : null,
      notes: items.filter((i) => String(i.sk).startsWith('N#')).map(toNote),
    };
  }

  async countOrder(input: CountOrder): Promise<CustomerProfile | null> {
    const e = new Expr()
      .set('type', 'customer')
      .set('customerKey', input.customerKey)
      .set('storeId', input.storeId)
      .set('email', input.email)
      .setIfMissing('firstOrderAt', input.orderedAt)
      .add('orderCount', 1)
      .add('countedOrders', new Set([input.orderRef]))
      .add(`${SPENT_PREFIX}${input.currency}`, input.totalMinor);
    if (input.firstName) e.set('firstName', input.firstName);
    e.when(`NOT contains(${e.name('countedOrders')}, ${e.value(input.orderRef)})`);
    try {
      const out = await this.db.send(
        new UpdateCommand({ TableName: this.tableName, Key: this.key(input.customerKey), ...e.params(), ReturnValues: 'ALL_NEW' }),
      );
      const profile = toProfile(out.Attributes!);
      // An older order reported late moves the first-order date back (rare, so a second write).
      if (profile.firstOrderAt && input.orderedAt < profile.firstOrderAt) {
        await this.moveFirstOrderBack(input.customerKey, input.orderedAt);
        profile.firstOrderAt = input.orderedAt;
      }
      return profile;
    } catch (error) {
      if (isConditionFailure(error)) return null;
      throw error;
    }
  }

  async uncountOrder(input: Omit<CountOrder, 'email' | 'firstName' | 'orderedAt'>): Promise<boolean> {
    const e = new Expr()
      .add('orderCount', -1)
      .add(`${SPENT_PREFIX}${input.currency}`, -input.totalMinor)
      .deleteFromSet('countedOrders', new Set([input.orderRef]));
    e.when(`contains(${e.name('countedOrders')}, ${e.value(input.orderRef)})`);
    try {
      await this.db.send(new UpdateCommand({ TableName: this.tableName, Key: this.key(input.customerKey), ...e.params() }));
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async ensureProfile(input: { customerKey: string; storeId: string; email: string; firstName: string | null }): Promise<void> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...this.key(input.customerKey),
            type: 'customer',
            customerKey: input.customerKey,
            storeId: input.storeId,
            email: input.email,
            firstName: input.firstName,
            orderCount: 0,
            openEscalations: 0,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  async recordReply(input: InboundMessage): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: customerPk(input.customerKey),
          sk: `M#${input.receivedAt}#${input.mailId}`,
          type: 'message',
          direction: 'in',
          ...input,
        },
      }),
    );
    const e = new Expr().set('lastReplyAt', input.receivedAt);
    e.when(`attribute_exists(${e.name('pk')})`);
    try {
      await this.db.send(new UpdateCommand({ TableName: this.tableName, Key: this.key(input.customerKey), ...e.params() }));
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  async erase(customerKey: string): Promise<void> {
    const items = await this.partition(customerKey, true);
    await batchDeleteAll(this.db, this.tableName, items.map((i) => ({ pk: i.pk, sk: i.sk })));
  }

  private key(customerKey: string) {
    return { pk: customerPk(customerKey), sk: 'P' };
  }

  private async moveFirstOrderBack(customerKey: string, orderedAt: string): Promise<void> {
    const e = new Expr().set('firstOrderAt', orderedAt);
    e.when(`${e.name('firstOrderAt')} > ${e.value(orderedAt)}`);
    try {
      await this.db.send(new UpdateCommand({ TableName: this.tableName, Key: this.key(customerKey), ...e.params() }));
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  private async partition(customerKey: string, keysOnly = false): Promise<Array<Record<string, unknown>>> {
    const items: Array<Record<string, unknown>> = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': customerPk(customerKey) },
          ConsistentRead: true,
          ...(keysOnly && { ProjectionExpression: 'pk, sk' }),
          ExclusiveStartKey: start,
        }),
      );
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }
}
