/**
 * Customers in DynamoDB: the profile and the notes share the customer's partition, so one
 * Query gives the send-time checks everything they need.
 *
 * Counting is idempotent without a read: the order's reference joins a set on the profile in
 * the same write that adds to the counts, conditional on not being in the set yet.
 *
 * The profile expires with the store's order retention from its latest order; a message with the
 * conversation retention from when it was written. A message keeps the customer's words up to a
 * length a person reads (the whole mail stays in raw mail), so any reply fits in an item.
 */
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CustomerProfile } from '../../core/domain/customer.ts';
import { fitText, fitWords, SUBJECT_LIMIT } from '../../core/domain/item-size.ts';
import type { ExpiryPolicy } from '../../core/domain/retention.ts';
import type { ConversationMessage } from '../../core/domain/escalation.ts';
import type { CountOrder, CustomerFile, CustomerStore, InboundMessage, OutboundMessage } from '../../core/ports.ts';
import { PendingOutbound } from '../../core/domain/pending-outbound.ts';
import { Expr, isConditionFailure, written } from './expression.ts';
import { customerPk, SPENT_PREFIX, toNote, toProfile } from './items.ts';
import { TTL_ATTRIBUTE } from './table-schema.ts';

/** A message to the customer kept before it is sent: under its once-only key. */
const outboundSk = (key: string) => `M#O#${key}`;

function toPendingOutbound(raw: Record<string, unknown>): PendingOutbound {
  return PendingOutbound.parse(raw);
}

export class DynamoCustomerStore implements CustomerStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly expiry: ExpiryPolicy,
  ) {}

  async load(customerKey: string): Promise<CustomerFile> {
    // Notes (N#…) and the profile (P): the conversation's messages (M#…) sort before them.
    const items = await this.partition(customerKey, false, { from: 'N#' });
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
      .add(`${SPENT_PREFIX}${input.currency}`, input.totalMinor)
      .set(TTL_ATTRIBUTE, this.expiry.expiresAt(input.storeId, 'orders'));
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
    return written(
      this.db.send(new UpdateCommand({ TableName: this.tableName, Key: this.key(input.customerKey), ...e.params() })),
    );
  }

  async ensureProfile(input: { customerKey: string; storeId: string; email: string; firstName: string | null }): Promise<void> {
    // A failed condition means it is so already.
    await written(
      this.db.send(
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
            [TTL_ATTRIBUTE]: this.expiry.expiresAt(input.storeId, 'orders'),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }

  async recordReply(input: InboundMessage): Promise<void> {
    // Keyed by the mail alone: a retried receipt writes the same item again, never a second one.
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: customerPk(input.customerKey),
          sk: `M#I#${input.mailId}`,
          type: 'message',
          direction: 'in',
          ...input,
          ...this.fitted(input),
          fromAddress: input.fromAddress === null ? null : fitText(input.fromAddress, 320),
          [TTL_ATTRIBUTE]: this.expiry.expiresAt(input.storeId, 'conversations'),
        },
      }),
    );
    // Someone else writing in holds nothing of the customer's.
    if (!input.fromCustomer) return;
    const e = new Expr().set('lastReplyAt', input.receivedAt);
    e.when(`attribute_exists(${e.name('pk')})`);
    e.when(`attribute_not_exists(${e.name('lastReplyAt')}) OR ${e.name('lastReplyAt')} < ${e.value(input.receivedAt)}`);
    // A customer erased since has no profile to mark.
    await written(
      this.db.send(new UpdateCommand({ TableName: this.tableName, Key: this.key(input.customerKey), ...e.params() })),
    );
  }

  async recordOutbound(input: OutboundMessage): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: customerPk(input.customerKey),
          sk: `M#${input.sentAt}#${input.sesMessageId}`,
          type: 'message',
          direction: 'out',
          ...input,
          ...this.fitted(input),
          [TTL_ATTRIBUTE]: this.expiry.expiresAt(input.storeId, 'conversations'),
        },
      }),
    );
  }

  async queueOutbound(input: PendingOutbound): Promise<boolean> {
    return written(
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: customerPk(input.customerKey),
            sk: outboundSk(input.key),
            type: 'message',
            direction: 'out',
            ...input,
            [TTL_ATTRIBUTE]: this.expiry.expiresAt(input.storeId, 'conversations'),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }

  async getOutbound(customerKey: string, key: string): Promise<PendingOutbound | null> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: customerPk(customerKey), sk: outboundSk(key) }, ConsistentRead: true }),
    );
    return out.Item ? toPendingOutbound(out.Item) : null;
  }

  async claimOutbound(customerKey: string, key: string, claimToken: string, at: string): Promise<PendingOutbound | null> {
    const e = new Expr().set('status', 'sending').set('claimToken', claimToken).set('claimedAt', at);
    e.when(`${e.name('status')} = ${e.value('queued')}`);
    try {
      const out = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: customerPk(customerKey), sk: outboundSk(key) },
          ...e.params(),
          ReturnValues: 'ALL_NEW',
        }),
      );
      return toPendingOutbound(out.Attributes!);
    } catch (error) {
      if (isConditionFailure(error)) return null;
      throw error;
    }
  }

  async settleOutbound(
    customerKey: string,
    key: string,
    claimToken: string,
    outcome: { status: 'queued' | 'sent' | 'failed' | 'unknown'; sentAt?: string; sesMessageId?: string; messageId?: string; reason?: string },
  ): Promise<void> {
    const e = new Expr().remove('claimToken', 'claimedAt');
    for (const [name, value] of Object.entries(outcome)) if (value !== undefined) e.set(name, value);
    e.when(`${e.name('claimToken')} = ${e.value(claimToken)}`);
    await written(
      this.db.send(new UpdateCommand({ TableName: this.tableName, Key: { pk: customerPk(customerKey), sk: outboundSk(key) }, ...e.params() })),
    );
  }

  /** The words and subject as kept: whole when they fit, cut and marked otherwise. */
  private fitted(message: { subject: string; text: string }) {
    const text = fitWords(message.text);
    return { subject: fitText(message.subject, SUBJECT_LIMIT), text, ...(text !== message.text && { textCut: true }) };
  }

  async conversation(customerKey: string, noteId: string): Promise<ConversationMessage[]> {
    const items = await this.partition(customerKey, false, { prefix: 'M#' });
    return items
      .filter((i) => i.noteId === noteId)
      .map((i) => {
        const out = i.direction === 'out';
        const by = i.by as { id?: string; name?: string } | string | undefined;
        return {
          direction: out ? ('out' as const) : ('in' as const),
          at: String((out ? (i.sentAt ?? i.createdAt) : i.receivedAt) ?? ''),
          subject: String(i.subject ?? ''),
          text: String(i.text ?? ''),
          from: String((out ? (typeof by === 'object' ? by.name : i.from) : i.fromAddress) ?? ''),
          ...(i.classification ? { category: (i.classification as { category: ConversationMessage['category'] }).category } : {}),
          ...(!out && i.fromCustomer === false && { someoneElse: true }),
          ...(!out && typeof i.language === 'string' && { language: i.language as ConversationMessage['language'] }),
          ...(out && typeof by === 'object' && by.id && { by: by.id }),
          ...(out && typeof i.status === 'string' && { status: i.status as ConversationMessage['status'] }),
          ...(out && typeof i.kind === 'string' && { kind: i.kind as ConversationMessage['kind'] }),
        };
      })
      // At one instant (a stopped clock), the customer's message comes before the answer to it.
      .sort((a, b) => a.at.localeCompare(b.at) || (a.direction === b.direction ? 0 : a.direction === 'in' ? -1 : 1));
  }

  async openEscalation(customerKey: string, escalationId: string): Promise<boolean> {
    const e = new Expr().set('openEscalationId', escalationId).add('openEscalations', 1);
    e.when(`attribute_exists(${e.name('pk')}) AND attribute_not_exists(${e.name('openEscalationId')})`);
    return this.tryUpdate(customerKey, e);
  }

  async closeEscalation(customerKey: string, escalationId: string, at: string, options: { problem: boolean } = { problem: true }): Promise<void> {
    const e = new Expr().add('openEscalations', -1).remove('openEscalationId');
    if (options.problem) e.set('lastResolvedAt', at);
    e.when(`${e.name('openEscalationId')} = ${e.value(escalationId)}`);
    await this.tryUpdate(customerKey, e);
  }

  private async tryUpdate(customerKey: string, e: Expr): Promise<boolean> {
    return written(
      this.db.send(new UpdateCommand({ TableName: this.tableName, Key: this.key(customerKey), ...e.params() })),
    );
  }

  private key(customerKey: string) {
    return { pk: customerPk(customerKey), sk: 'P' };
  }

  private async moveFirstOrderBack(customerKey: string, orderedAt: string): Promise<void> {
    const e = new Expr().set('firstOrderAt', orderedAt);
    e.when(`${e.name('firstOrderAt')} > ${e.value(orderedAt)}`);
    // A failed condition means it is so already.
    await written(
      this.db.send(new UpdateCommand({ TableName: this.tableName, Key: this.key(customerKey), ...e.params() })),
    );
  }

  private async partition(
    customerKey: string,
    keysOnly = false,
    range?: { prefix: string } | { from: string },
  ): Promise<Array<Record<string, unknown>>> {
    const condition =
      range && 'prefix' in range ? 'pk = :pk AND begins_with(sk, :sk)' : range ? 'pk = :pk AND sk >= :sk' : 'pk = :pk';
    const bound = range && ('prefix' in range ? range.prefix : range.from);
    const items: Array<Record<string, unknown>> = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: condition,
          ExpressionAttributeValues: { ':pk': customerPk(customerKey), ...(bound && { ':sk': bound }) },
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
