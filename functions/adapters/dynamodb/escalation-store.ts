/**
 * Escalations in DynamoDB: one item each in its store's partition (`E#<store>`, `X#<id>`), so an
 * operator lists a store's escalations with one Query. While an escalation waits for an
 * acknowledgement it sits in the due index at its deadline (and, once resolved, at its
 * check-back); the sweeper hands it to the sender when that time comes, the same way it hands
 * due notes over. Beside them, one small item per person (`R#<person>`) spaces reminders an
 * hour apart across all escalations.
 */
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import * as z from 'zod';
import { ESCALATION_STATUSES, parseEscalationId, type Escalation, type EscalationStatus } from '../../core/domain/escalation.ts';
import type { EscalationChange, EscalationStore } from '../../core/ports.ts';
import { Expr, isConditionFailure, written } from './expression.ts';
import { dueShard, escalationPk, escalationSk } from './items.ts';

const EscalationItem = z.looseObject({
  id: z.string(),
  storeId: z.string(),
  status: z.enum(ESCALATION_STATUSES),
  priority: z.enum(['high', 'normal']),
  category: z.string(),
  owner: z.object({ name: z.string(), email: z.string(), role: z.string().optional() }),
  level: z.number().int(),
  createdAt: z.string(),
  dueBy: z.string(),
  acknowledgedAt: z.string().optional(),
  resolvedAt: z.string().optional(),
  customerKey: z.string(),
  noteId: z.string(),
  customer: z.object({ email: z.string(), name: z.string().nullable() }),
  order: z.unknown(),
  reply: z.object({ text: z.string(), receivedAt: z.string(), subject: z.string(), messageId: z.string().nullable() }),
  reasons: z.array(z.string()),
  findings: z.array(z.looseObject({ kind: z.string(), phrase: z.string() })).optional(),
  version: z.number().int(),
  route: z.enum(['senior', 'owner']).optional(),
  conversationOwner: z.object({ name: z.string(), email: z.string(), role: z.string().optional() }).optional(),
  language: z.enum(['en', 'de', 'fr', 'es']).nullish(),
  reminders: z.record(z.string(), z.number().int()).optional(),
  quietSince: z.string().optional(),
  history: z.array(z.looseObject({ at: z.string(), action: z.string(), by: z.string() })).optional(),
  acknowledgedBy: z.string().optional(),
  resolvedBy: z.string().optional(),
  answeredAt: z.string().optional(),
  answeredBy: z.string().optional(),
  checkBack: z.looseObject({ dueAt: z.string(), from: z.object({ name: z.string(), email: z.string(), role: z.string().optional() }) }).optional(),
  noticesSent: z.set(z.string()).optional(),
  queueToken: z.string().optional(),
  handledToken: z.string().optional(),
});

const FIELDS = [
  'id', 'storeId', 'status', 'priority', 'category', 'owner', 'level', 'createdAt', 'dueBy', 'acknowledgedAt',
  'resolvedAt', 'customerKey', 'noteId', 'customer', 'order', 'reply', 'reasons', 'findings', 'version', 'route',
  'conversationOwner', 'language', 'reminders', 'quietSince', 'history', 'acknowledgedBy', 'resolvedBy', 'answeredAt',
  'answeredBy', 'checkBack', 'queueToken', 'handledToken',
] as const;

function toEscalation(raw: Record<string, unknown>): Escalation {
  const item = EscalationItem.parse(raw) as Record<string, unknown>;
  const escalation: Record<string, unknown> = {};
  for (const field of FIELDS) if (item[field] !== undefined) escalation[field] = item[field];
  if (item.noticesSent instanceof Set) escalation.noticesSent = [...item.noticesSent];
  return escalation as unknown as Escalation;
}

/** The person item that spaces reminders: in the store's escalation partition. */
const reminderSk = (personId: string) => `R#${personId}`;

export class DynamoEscalationStore implements EscalationStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
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
      .set('reply', reply)
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
      e.set(field, value);
    }
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

  async noticeSent(escalation: Escalation, key: string): Promise<boolean> {
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
