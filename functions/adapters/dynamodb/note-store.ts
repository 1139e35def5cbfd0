/**
 * Notes in DynamoDB, and the due index that the sweeper reads.
 *
 * Every transition is one conditional UpdateItem on the note itself:
 *   planned ─(sweeper: queue token, out of the index)─▶ claimed (`sending`, claim token)
 *     ─▶ sent | cancelled | held | failed | back in the index (deferred, throttled)
 *     ─▶ unknown (in the index at its reconcile time) when a send's outcome is not known.
 * A note in the index costs one write to enter or leave it; the sweep-claim-send-record path
 * costs four writes per email.
 */
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Note, NoteKey } from '../../core/domain/note.ts';
import { ConcurrentChangeError } from '../../core/errors.ts';
import type { DueWork, NoteChange, NoteStore } from '../../core/ports.ts';
import { Expr, isConditionFailure, written } from './expression.ts';
import { customerPk, dueShard, dueWork, noteItem, noteSk, toNote } from './items.ts';
import { DUE_INDEX, DUE_SHARDS, dueShardKey, TTL_ATTRIBUTE } from './table-schema.ts';
import type { ExpiryPolicy } from '../../core/domain/retention.ts';

export class DynamoNoteStore implements NoteStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly expiry: ExpiryPolicy,
  ) {}

  async create(note: Note): Promise<boolean> {
    // Kept for the store's note retention counted from when it falls due.
    const Item = { ...noteItem(note), [TTL_ATTRIBUTE]: this.expiry.expiresAt(note.storeId, 'notes', note.dueAt) };
    return written(this.db.send(new PutCommand({ TableName: this.tableName, Item, ConditionExpression: 'attribute_not_exists(pk)' })));
  }

  replan(note: Note, change: NoteChange): Promise<boolean> {
    const e = new Expr()
      .set('orders', change.orders)
      .set('dueAt', change.dueAt)
      .set('dueSk', change.dueAt)
      .set('version', note.version + 1);
    return this.updatePlanned(note, e);
  }

  cancelPlanned(note: Note, reason: string): Promise<boolean> {
    const e = new Expr().set('status', 'cancelled').set('reason', reason).set('version', note.version + 1);
    e.remove('duePk', 'dueSk');
    return this.updatePlanned(note, e);
  }

  async findDue(now: Date, limit: number): Promise<DueWork[]> {
    const upTo = now.toISOString();
    const perShard = await Promise.all(
      // Notes spread evenly over the shards, so each is asked for its share.
      Array.from({ length: DUE_SHARDS }, (_, shard) => this.dueInShard(dueShardKey(shard), { upTo }, Math.ceil(limit / DUE_SHARDS))),
    );
    return perShard
      .flat()
      .sort((a, b) => a.dueSk.localeCompare(b.dueSk))
      .slice(0, limit);
  }

  async nextDue(after: Date): Promise<Date | null> {
    const from = after.toISOString();
    const firsts = await Promise.all(
      Array.from({ length: DUE_SHARDS }, (_, shard) => this.dueInShard(dueShardKey(shard), { after: from }, 1)),
    );
    const earliest = firsts.flat().map((d) => d.dueSk).sort()[0];
    return earliest ? new Date(earliest) : null;
  }

  async markQueued(key: NoteKey, dueSk: string, token: string): Promise<boolean> {
    const e = new Expr().set('queueToken', token).remove('duePk', 'dueSk');
    const status = e.name('status');
    e.when(`${e.name('dueSk')} = ${e.value(dueSk)}`);
    e.when(`${status} = ${e.value('scheduled')} OR ${status} = ${e.value('unknown')}`);
    return this.tryUpdate(key, e);
  }

  async claim(
    key: NoteKey,
    input: { queueToken: string; claimToken: string; leaseUntil: string },
  ): Promise<{ claimed: true; note: Note } | { claimed: false; note: Note | null }> {
    const e = new Expr()
      .set('status', 'sending')
      .set('claimToken', input.claimToken)
      .set('leaseUntil', input.leaseUntil)
      .remove('queueToken');
    e.setRaw(`${e.name('attempts')} = ${e.name('attempts')} + ${e.value(1)}`);
    const status = e.name('status');
    e.when(`${e.name('queueToken')} = ${e.value(input.queueToken)}`);
    e.when(`${status} = ${e.value('scheduled')} OR ${status} = ${e.value('unknown')}`);
    try {
      const out = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.key(key),
          ...e.params(),
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { claimed: true, note: toNote(out.Attributes!) };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      return { claimed: false, note: error.Item ? toNote(unmarshall(error.Item)) : null };
    }
  }

  async markSent(
    key: NoteKey,
    claimToken: string,
    sent: { sentAt: string; sesMessageId: string; messageId: string; subject: string; text: string; language: string; variant: string },
  ): Promise<void> {
    const e = new Expr().set('status', 'sent');
    for (const [name, value] of Object.entries(sent)) e.set(name, value);
    e.remove('claimToken', 'leaseUntil', 'reason');
    await this.updateClaimed(key, claimToken, e);
  }

  async reschedule(key: NoteKey, claimToken: string, dueAt: string, reason: string): Promise<void> {
    await this.updateClaimed(key, claimToken, backInIndex(key, 'scheduled', dueAt, reason));
  }

  async finish(key: NoteKey, claimToken: string, status: 'cancelled' | 'held' | 'failed', reason: string): Promise<void> {
    const e = new Expr().set('status', status).set('reason', reason).remove('claimToken', 'leaseUntil');
    await this.updateClaimed(key, claimToken, e);
  }

  async markUnknown(key: NoteKey, claimToken: string | null, reconcileAt: string, reason: string): Promise<void> {
    const e = backInIndex(key, 'unknown', reconcileAt, reason);
    if (claimToken === null) {
      e.when(`${e.name('status')} = ${e.value('sending')}`);
      await this.tryUpdate(key, e);
      return;
    }
    await this.updateClaimed(key, claimToken, e);
  }

  async settleFromSendEvent(key: NoteKey, sesMessageId: string, messageId: string, sentAt: string): Promise<boolean> {
    // Nearly every Send event is for a note recorded as sent already: a read settles those
    // without spending a write.
    const current = await this.get(key);
    if (!current || (current.status !== 'sending' && current.status !== 'unknown')) return false;
    const e = new Expr()
      .set('status', 'sent')
      .set('sesMessageId', sesMessageId)
      .set('messageId', messageId)
      .set('sentAt', sentAt)
      .remove('duePk', 'dueSk');
    const status = e.name('status');
    e.when(`${status} = ${e.value('sending')} OR ${status} = ${e.value('unknown')}`);
    return this.tryUpdate(key, e);
  }

  async get(key: NoteKey): Promise<Note | null> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: this.key(key), ConsistentRead: true }));
    return out.Item ? toNote(out.Item) : null;
  }

  private key(key: NoteKey) {
    return { pk: customerPk(key.customerKey), sk: noteSk(key.noteId) };
  }

  private async dueInShard(
    shard: string,
    range: { upTo: string } | { after: string },
    limit: number,
  ): Promise<DueWork[]> {
    const [operator, bound] = 'upTo' in range ? ['<=', range.upTo] : ['>', range.after];
    const found: DueWork[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: DUE_INDEX.name,
          KeyConditionExpression: `#pk = :shard AND #sk ${operator} :bound`,
          ExpressionAttributeNames: { '#pk': DUE_INDEX.pk, '#sk': DUE_INDEX.sk },
          ExpressionAttributeValues: { ':shard': shard, ':bound': bound },
          Limit: Math.min(limit - found.length, 1000),
          ExclusiveStartKey: start,
        }),
      );
      for (const item of out.Items ?? []) {
        const work = dueWork(String(item.pk), String(item.sk), String(item[DUE_INDEX.sk]));
        if (work) found.push(work);
      }
      start = out.LastEvaluatedKey;
    } while (start && found.length < limit);
    return found;
  }

  /** A change to a note that is still planned, at the version the planner read. */
  private updatePlanned(note: Note, e: Expr): Promise<boolean> {
    const status = e.name('status');
    e.when(`${e.name('version')} = ${e.value(note.version)}`);
    e.when(`${status} = ${e.value('scheduled')}`);
    e.when(`attribute_not_exists(${e.name('queueToken')})`);
    return this.tryUpdate(note, e);
  }

  /** A change only the current claim holder may make. */
  private async updateClaimed(key: NoteKey, claimToken: string, e: Expr): Promise<void> {
    e.when(`${e.name('claimToken')} = ${e.value(claimToken)}`);
    if (!(await this.tryUpdate(key, e))) {
      throw new ConcurrentChangeError(`note ${key.noteId} is no longer claimed by this sender`);
    }
  }

  private async tryUpdate(key: NoteKey, e: Expr): Promise<boolean> {
    return written(
      this.db.send(new UpdateCommand({ TableName: this.tableName, Key: this.key(key), ...e.params() })),
    );
  }
}

/** A claimed note going back into the due index at `dueAt`: rescheduled, or parked as unknown. */
function backInIndex(key: NoteKey, status: 'scheduled' | 'unknown', dueAt: string, reason: string): Expr {
  return new Expr()
    .set('status', status)
    .set('dueAt', dueAt)
    .set('duePk', dueShard(key.noteId))
    .set('dueSk', dueAt)
    .set('reason', reason)
    .remove('claimToken', 'leaseUntil');
}
