/**
 * Escalations in DynamoDB: one item each in its store's partition (`E#<store>`, `X#<id>`), so an
 * operator lists a store's escalations with one Query. While an escalation waits for an
 * acknowledgement it sits in the due index at its deadline (and, once resolved, at its
 * check-back); the sweeper hands it to the sender when that time comes, the same way it hands
 * due notes over. Beside them, one small item per person (`R#<person>`) spaces reminders an
 * hour apart across all escalations.
 *
 * An escalation is about a customer outside their partition, so it carries `customerRef` (the
 * customer index finds it for an erasure), expires with the store's conversation retention, and
 * keeps the customer's words cut to what fits an item (the whole mail stays in raw mail).
 */
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { Escalation, parseEscalationId, type EscalationStatus } from '../../core/domain/escalation.ts';
import { fitText, fitWords, SUBJECT_LIMIT } from '../../core/domain/item-size.ts';
import type { ExpiryPolicy } from '../../core/domain/retention.ts';
import type { EscalationChange, EscalationStore } from '../../core/ports.ts';
import { Expr, isConditionFailure, written } from './expression.ts';
import { dueShard, escalationPk, escalationSk } from './items.ts';
import { CUSTOMER_INDEX, TTL_ATTRIBUTE } from './table-schema.ts';

/** The customer's words as an escalation keeps them. */
function fittedReply(reply: Escalation['reply']): Escalation['reply'] {
  return { ...reply, text: fitWords(reply.text), subject: fitText(reply.subject, SUBJECT_LIMIT) };
}

/** An escalation item read back: its storage keys dropped, its set of notices a list, the rest checked. */
export function toEscalation(raw: Record<string, unknown>): Escalation {
  return Escalation.parse(raw.noticesSent instanceof Set ? { ...raw, noticesSent: [...raw.noticesSent] } : raw);
}

/** The person item that spaces reminders: in the store's escalation partition. */
const reminderSk = (personId: string) => `R#${personId}`;

export class DynamoEscalationStore implements EscalationStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly expiry: ExpiryPolicy,
  ) {}

  async create(escalation: Escalation): Promise<boolean> {
    return written(
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...this.key(escalation.id),
            type: 'escalation',
            ...escalation,
            reply: fittedReply(escalation.reply),
            [CUSTOMER_INDEX.pk]: escalation.customerKey,
            [TTL_ATTRIBUTE]: this.expiry.expiresAt(escalation.storeId, 'conversations'),
            duePk: dueShard(escalation.id),
            dueSk: escalation.dueBy,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }

  async get(id: string): Promise<Escalation | null> {
    if (!parseEscalationId(id)) return null;
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: this.key(id), ConsistentRead: true }));
    return out.Item ? toEscalation(out.Item) : null;
  }

  async list(storeId: string, status?: EscalationStatus): Promise<Escalation[]> {
    const found: Escalation[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :x)',
          ...(status && { FilterExpression: '#status = :status', ExpressionAttributeNames: { '#status': 'status' } }),
          ExpressionAttributeValues: { ':pk': escalationPk(storeId), ':x': 'X#', ...(status && { ':status': status }) },
          ExclusiveStartKey: start,
        }),
      );
      found.push(...(out.Items ?? []).map(toEscalation));
      start = out.LastEvaluatedKey;
    } while (start);
    return found.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  addReply(
    escalation: Escalation,
    reply: Escalation['reply'],
    change: { priority: Escalation['priority']; reasons: string[]; dueBy?: string },
  ): Promise<boolean> {
    const e = new Expr()
      .set('reply', fittedReply(reply))
      .set(TTL_ATTRIBUTE, this.expiry.expiresAt(escalation.storeId, 'conversations'))
      .set('priority', change.priority)
      .set('reasons', change.reasons)
      .set('version', escalation.version + 1);
    if (change.dueBy) e.set('dueBy', change.dueBy).set('dueSk', change.dueBy);
    const status = e.name('status');
    e.when(`${e.name('version')} = ${e.value(escalation.version)}`);
    e.when(change.dueBy ? `${status} = ${e.value('open')} AND attribute_exists(${e.name('dueSk')})` : `${status} <> ${e.value('resolved')}`);
    return this.tryUpdate(escalation.id, e);
  }

  acknowledge(escalation: Escalation, at: string): Promise<boolean> {
    const e = new Expr().set('status', 'acknowledged').set('acknowledgedAt', at).set('version', escalation.version + 1);
    e.remove('duePk', 'dueSk', 'queueToken');
    e.when(`${e.name('status')} = ${e.value('open')}`);
    return this.tryUpdate(escalation.id, e);
  }

  resolve(escalation: Escalation, at: string): Promise<boolean> {
    const e = new Expr().set('status', 'resolved').set('resolvedAt', at).set('version', escalation.version + 1);
    e.remove('duePk', 'dueSk', 'queueToken');
    e.when(`${e.name('status')} <> ${e.value('resolved')}`);
    return this.tryUpdate(escalation.id, e);
  }

  markQueued(id: string, dueSk: string, token: string): Promise<boolean> {
    const e = new Expr().set('queueToken', token).remove('duePk', 'dueSk');
    e.when(`${e.name('dueSk')} = ${e.value(dueSk)}`);
    return this.tryUpdate(id, e);
  }

  async save(
    escalation: Escalation,
    change: EscalationChange,
    options: { due?: string | null; queueToken?: string } = {},
  ): Promise<Escalation | null> {
    if (!parseEscalationId(escalation.id)) return null;
    const e = new Expr();
    for (const [field, value] of Object.entries(change)) {
      if (value === undefined) continue;
      e.set(field, field === 'reply' ? fittedReply(value as Escalation['reply']) : value);
    }
    e.set(TTL_ATTRIBUTE, this.expiry.expiresAt(escalation.storeId, 'conversations'));
    e.set('version', escalation.version + 1);
    if (options.due) e.set('duePk', dueShard(escalation.id)).set('dueSk', options.due);
    else if (options.due === null) e.remove('duePk', 'dueSk');
    if (options.queueToken) {
      // Only the holder of the sweeper's token; it is remembered, so a retry knows it was handled.
      e.when(`${e.name('queueToken')} = ${e.value(options.queueToken)}`);
      e.set('handledToken', options.queueToken).remove('queueToken');
    } else e.when(`${e.name('version')} = ${e.value(escalation.version)}`);
    try {
      const out = await this.db.send(
        new UpdateCommand({ TableName: this.tableName, Key: this.key(escalation.id), ...e.params(), ReturnValues: 'ALL_NEW' }),
      );
      return toEscalation(out.Attributes!);
    } catch (error) {
      if (isConditionFailure(error)) return null;
      throw error;
    }
  }

  async noticeSent(escalation: Pick<Escalation, 'id'>, key: string): Promise<boolean> {
    if (!parseEscalationId(escalation.id)) return false;
    const e = new Expr().add('noticesSent', new Set([key]));
    e.when(`attribute_exists(${e.name('pk')}) AND NOT contains(${e.name('noticesSent')}, ${e.value(key)})`);
    return this.tryUpdate(escalation.id, e);
  }

  async reminderSlot(storeId: string, personId: string, at: string, gapMs: number): Promise<{ taken: true } | { taken: false; freeAt: string }> {
    const before = new Date(Date.parse(at) - gapMs).toISOString();
    const e = new Expr().set('type', 'reminder-slot').set('lastReminderAt', at);
    const last = e.name('lastReminderAt');
    e.when(`attribute_not_exists(${last}) OR ${last} <= ${e.value(before)}`);
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: escalationPk(storeId), sk: reminderSk(personId) },
          ...e.params(),
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { taken: true };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const old = error.Item ? unmarshall(error.Item) : {};
      const lastAt = typeof old.lastReminderAt === 'string' ? Date.parse(old.lastReminderAt) : Date.parse(at);
      return { taken: false, freeAt: new Date(lastAt + gapMs).toISOString() };
    }
  }

  async passOn(
    id: string,
    token: string,
    change: { owner: Escalation['owner']; level: number; dueBy: string },
  ): Promise<Escalation | null> {
    const e = new Expr()
      .set('owner', change.owner)
      .set('level', change.level)
      .set('dueBy', change.dueBy)
      .set('duePk', dueShard(id))
      .set('dueSk', change.dueBy)
      .remove('queueToken');
    e.setRaw(`${e.name('version')} = ${e.name('version')} + ${e.value(1)}`);
    e.when(`${e.name('queueToken')} = ${e.value(token)} AND ${e.name('status')} = ${e.value('open')}`);
    try {
      const out = await this.db.send(
        new UpdateCommand({ TableName: this.tableName, Key: this.key(id), ...e.params(), ReturnValues: 'ALL_NEW' }),
      );
      return toEscalation(out.Attributes!);
    } catch (error) {
      if (isConditionFailure(error)) return null;
      throw error;
    }
  }

  private key(id: string) {
    return { pk: escalationPk(parseEscalationId(id)!.storeId), sk: escalationSk(id) };
  }

  private async tryUpdate(id: string, e: Expr): Promise<boolean> {
    if (!parseEscalationId(id)) return false;
    return written(
      this.db.send(new UpdateCommand({ TableName: this.tableName, Key: this.key(id), ...e.params() })),
    );
  }
}
