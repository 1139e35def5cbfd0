/**
 * Notes in DynamoDB, and the due index that the sweeper reads.
 *
 * Every transition is one conditional UpdateItem on the note itself. A note is in the due index,
 * at the moment someone must look at it next, until it is settled (sent, ended, or waiting for a
 * person under its store's partition):
 *   scheduled ─(sweeper: queue token; the entry moves to a recheck time)─▶ queued
 *     ─(claim: claim token, lease; the lease's end enters the index)─▶ sending
 *     ─▶ cancelled | held | failed | back in the index (deferred, throttled)
 *     ─(attempt recorded under the claim, then SES)─▶ sent
 *                                                   └─▶ unknown (waits for a person)
 *   sending, lease expired ─▶ back in the index (no attempt under that claim: nothing was sent)
 *                          └─▶ unknown (an attempt was recorded; SES's Send event settles it)
 *   unknown ─(an operator)─▶ scheduled, released (send) | cancelled (drop)
 *   any ─(SES's Send event for the note)─▶ sent
 * The one write off the note is the customer's daily send slot, taken just before the attempt.
 */
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Note, NoteKey } from '../../core/domain/note.ts';
import { ConcurrentChangeError } from '../../core/errors.ts';
import type { DueWork, NoteChange, NoteStore } from '../../core/ports.ts';
import { batchGetAll } from './batch.ts';
import { Expr, isConditionFailure, written } from './expression.ts';
import { customerPk, dueShard, dueWork, noteItem, noteSk, PROFILE_SK, toNote } from './items.ts';
import { DUE_INDEX, DUE_SHARDS, dueShardKey, TTL_ATTRIBUTE, waitingKey } from './table-schema.ts';
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
      // Retention counts from when a note falls due: a note moved later is kept longer with it.
      .set(TTL_ATTRIBUTE, this.expiry.expiresAt(note.storeId, 'notes', change.dueAt))
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

  async markQueued(key: NoteKey, dueSk: string, token: string, recheckAt: string): Promise<boolean> {
    // The entry stays in the index, later: a note is never out of it until it is settled.
    const e = new Expr().set('queueToken', token).set('dueSk', recheckAt);
    const status = e.name('status');
    e.when(`${e.name('duePk')} = ${e.value(dueShard(key.noteId))}`);
    e.when(`${e.name('dueSk')} = ${e.value(dueSk)}`);
    // A `sending` note is in the index only at its lease's end: its sender is gone.
    e.when(`${status} = ${e.value('scheduled')} OR ${status} = ${e.value('sending')}`);
    try {
      await this.db.send(
        new UpdateCommand({ TableName: this.tableName, Key: this.key(key), ...e.params(), ReturnValuesOnConditionCheckFailure: 'ALL_OLD' }),
      );
      return true;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const old = error.Item ? toNote(unmarshall(error.Item)) : null;
      // Parked `unknown` by an earlier version, which put it back into the sweeper's index: it
      // waits for a person now, where the operator's list finds it.
      if (old?.status === 'unknown') await this.toWaiting(key, old.storeId, dueSk);
      return false;
    }
  }

  private toWaiting(key: NoteKey, storeId: string, dueSk: string): Promise<boolean> {
    const e = new Expr().set('duePk', waitingKey(storeId)).set('waitingSince', dueSk);
    e.when(`${e.name('status')} = ${e.value('unknown')}`);
    e.when(`${e.name('duePk')} = ${e.value(dueShard(key.noteId))}`);
    e.when(`${e.name('dueSk')} = ${e.value(dueSk)}`);
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
      .set('dueSk', input.leaseUntil)
      .remove('queueToken');
    e.setRaw(`${e.name('attempts')} = ${e.name('attempts')} + ${e.value(1)}`);
    e.when(`${e.name('queueToken')} = ${e.value(input.queueToken)}`);
    e.when(`${e.name('status')} = ${e.value('scheduled')}`);
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

  async reserveSend(key: NoteKey, input: { at: string; capStart: string | null }): Promise<{ reserved: true } | { reserved: false; lastSendAt: string }> {
    const e = new Expr().set('lastSendAt', input.at).set('lastSendNote', key.noteId);
    e.when(`attribute_exists(${e.name('pk')})`);
    if (input.capStart !== null) {
      const last = e.name('lastSendAt');
      e.when(`attribute_not_exists(${last}) OR ${last} <= ${e.value(input.capStart)} OR ${e.name('lastSendNote')} = ${e.value(key.noteId)}`);
    }
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: customerPk(key.customerKey), sk: PROFILE_SK },
          ...e.params(),
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { reserved: true };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const lastSendAt = error.Item ? unmarshall(error.Item).lastSendAt : undefined;
      if (typeof lastSendAt !== 'string') throw new ConcurrentChangeError(`customer ${key.customerKey} was erased meanwhile`);
      return { reserved: false, lastSendAt };
    }
  }

  async markAttempt(key: NoteKey, claimToken: string, at: string): Promise<void> {
    const e = new Expr().set('attemptClaim', claimToken).set('attemptedAt', at);
    e.when(`${e.name('claimToken')} = ${e.value(claimToken)}`);
    e.when(`${e.name('status')} = ${e.value('sending')}`);
    if (!(await this.tryUpdate(key, e))) {
      throw new ConcurrentChangeError(`note ${key.noteId} is no longer claimed by this sender`);
    }
  }

  async markSent(
    key: NoteKey,
    claimToken: string,
    sent: { sentAt: string; sesMessageId: string; messageId: string; subject: string; text: string; language: string; variant: string },
  ): Promise<void> {
    const e = new Expr().set('status', 'sent');
    for (const [name, value] of Object.entries(sent)) e.set(name, value);
    e.remove(...LEAVING_WORK, 'reason');
    // SES's Send event may have settled it first: the sender still records what it sent.
    const settled = `(${e.name('status')} = ${e.value('sent')} AND ${e.name('sesMessageId')} = ${e.value(sent.sesMessageId)})`;
    await this.updateClaimed(key, claimToken, e, settled);
  }

  async reschedule(key: NoteKey, claimToken: string, dueAt: string, reason: string): Promise<void> {
    const e = new Expr()
      .set('status', 'scheduled')
      .set('dueAt', dueAt)
      .set('duePk', dueShard(key.noteId))
      .set('dueSk', dueAt)
      .set('reason', reason)
      .remove('claimToken', 'leaseUntil', 'queueToken', 'waitingSince', 'attemptClaim', 'attemptedAt');
    await this.updateClaimed(key, claimToken, e);
  }

  async finish(key: NoteKey, claimToken: string, status: 'cancelled' | 'held' | 'failed', reason: string): Promise<void> {
    const e = new Expr().set('status', status).set('reason', reason).remove(...LEAVING_WORK);
    await this.updateClaimed(key, claimToken, e);
  }

  markUnknown(key: NoteKey, claimToken: string, input: { storeId: string; at: string; reason: string }): Promise<boolean> {
    const e = new Expr()
      .set('status', 'unknown')
      .set('reason', input.reason)
      .set('waitingSince', input.at)
      .set('duePk', waitingKey(input.storeId))
      .set('dueSk', input.at)
      .remove('claimToken', 'leaseUntil', 'queueToken');
    e.when(`${e.name('claimToken')} = ${e.value(claimToken)}`);
    return this.tryUpdate(key, e);
  }

  requeue(key: NoteKey, staleClaim: string, dueAt: string): Promise<boolean> {
    const e = new Expr()
      .set('status', 'scheduled')
      .set('duePk', dueShard(key.noteId))
      .set('dueSk', dueAt)
      .set('reason', 'sender-lost-before-sending')
      .remove('claimToken', 'leaseUntil', 'queueToken');
    const attempt = e.name('attemptClaim');
    const stale = e.value(staleClaim);
    e.when(`${e.name('claimToken')} = ${stale}`);
    e.when(`${e.name('status')} = ${e.value('sending')}`);
    // The proof that nothing was sent: no attempt was recorded under this claim, and none can be
    // now (the attempt is written on the condition that the claim still stands).
    e.when(`attribute_not_exists(${attempt}) OR ${attempt} <> ${stale}`);
    return this.tryUpdate(key, e);
  }

  resume(note: Note, change: { dueAt: string; plannedAt: string }): Promise<boolean> {
    const e = new Expr()
      .set('status', 'scheduled')
      .set('dueAt', change.dueAt)
      .set('duePk', dueShard(note.noteId))
      .set('dueSk', change.dueAt)
      .set('reason', 'resumed')
      .set('plannedAt', change.plannedAt)
      .set(TTL_ATTRIBUTE, this.expiry.expiresAt(note.storeId, 'notes', change.dueAt))
      .set('version', note.version + 1)
      .remove('claimToken', 'leaseUntil');
    const status = e.name('status');
    e.when(`${e.name('version')} = ${e.value(note.version)}`);
    e.when(`${status} = ${e.value('held')} OR (${status} = ${e.value('scheduled')} AND attribute_not_exists(${e.name('queueToken')}))`);
    return this.tryUpdate(note, e);
  }

  async settleFromSendEvent(key: NoteKey, sesMessageId: string, messageId: string, sentAt: string): Promise<boolean> {
    // Nearly every Send event is for a note recorded as sent already: a read settles those
    // without spending a write.
    const current = await this.get(key);
    if (!current || !SETTLEABLE.includes(current.status)) return false;
    const e = new Expr()
      .set('status', 'sent')
      .set('sesMessageId', sesMessageId)
      .set('messageId', messageId)
      .set('sentAt', sentAt)
      .remove(...LEAVING_WORK);
    const status = e.name('status');
    // Whatever happened since (a takeover, an operator's decision), SES took an email for this
    // note: the customer has it, and no other copy may follow.
    e.when(SETTLEABLE.map((s) => `${status} = ${e.value(s)}`).join(' OR '));
    return this.tryUpdate(key, e);
  }

  skip(key: NoteKey, input: { expected: 'scheduled' | 'unknown'; at: string; by: string }): Promise<boolean> {
    const reason = input.expected === 'unknown' ? 'dropped-by-operator' : 'skipped-by-operator';
    const e = new Expr()
      .set('status', 'cancelled')
      .set('reason', reason)
      .set('decidedAt', input.at)
      .set('decidedBy', input.by)
      .remove(...LEAVING_WORK);
    e.when(`${e.name('status')} = ${e.value(input.expected)}`);
    return this.tryUpdate(key, e);
  }

  release(key: NoteKey, input: { expected: 'scheduled' | 'unknown'; at: string; by: string }): Promise<boolean> {
    const e = new Expr()
      .set('status', 'scheduled')
      .set('dueAt', input.at)
      .set('duePk', dueShard(key.noteId))
      .set('dueSk', input.at)
      .set('releasedAt', input.at)
      .set('decidedAt', input.at)
      .set('decidedBy', input.by)
      .set('reason', input.expected === 'unknown' ? 'sent-again-by-operator' : 'sent-now-by-operator')
      // A queue message already on its way cannot claim it any more: the next sweep queues it anew.
      .remove('claimToken', 'leaseUntil', 'queueToken', 'waitingSince', 'attemptClaim');
    e.when(`${e.name('status')} = ${e.value(input.expected)}`);
    return this.tryUpdate(key, e);
  }

  async get(key: NoteKey): Promise<Note | null> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: this.key(key), ConsistentRead: true }));
    return out.Item ? toNote(out.Item) : null;
  }

  async listDue(until: string, limit: number): Promise<{ notes: Note[]; truncated: boolean }> {
    const perShard = await Promise.all(
      Array.from({ length: DUE_SHARDS }, (_, shard) => this.dueInShard(dueShardKey(shard), { upTo: until }, limit + 1)),
    );
    const due = perShard
      .flat()
      .filter((d) => d.kind === 'note')
      .sort((a, b) => a.dueSk.localeCompare(b.dueSk));
    const notes = await this.getMany(due.slice(0, limit));
    const listed = notes.filter((n) => n.status === 'scheduled' || n.status === 'sending').sort((a, b) => a.dueAt.localeCompare(b.dueAt));
    return { notes: listed, truncated: due.length > limit };
  }

  async listWaiting(storeId: string): Promise<Note[]> {
    const entries = await this.dueInShard(waitingKey(storeId), null, Number.POSITIVE_INFINITY);
    const notes = await this.getMany(entries.filter((d) => d.kind === 'note'));
    return notes.filter((n) => n.status === 'unknown').sort((a, b) => (a.waitingSince ?? '').localeCompare(b.waitingSince ?? ''));
  }

  async recipients(customerKeys: string[]): Promise<Map<string, { email: string; name: string | null }>> {
    const keys = [...new Set(customerKeys)].map((k) => ({ pk: customerPk(k), sk: PROFILE_SK }));
    const found = new Map<string, { email: string; name: string | null }>();
    for (const item of await batchGetAll(this.db, this.tableName, keys)) {
      if (typeof item.customerKey === 'string' && typeof item.email === 'string') {
        found.set(item.customerKey, { email: item.email, name: typeof item.firstName === 'string' ? item.firstName : null });
      }
    }
    return found;
  }

  private async getMany(keys: NoteKey[]): Promise<Note[]> {
    const items = await batchGetAll(this.db, this.tableName, keys.map((k) => this.key(k)));
    return items.map((item) => toNote(item));
  }

  private key(key: NoteKey) {
    return { pk: customerPk(key.customerKey), sk: noteSk(key.noteId) };
  }

  /** Entries of one partition of the due index, oldest first: up to, after, or (null) all of it. */
  private async dueInShard(
    shard: string,
    range: { upTo: string } | { after: string } | null,
    limit: number,
  ): Promise<DueWork[]> {
    const [operator, bound] = range === null ? [null, null] : 'upTo' in range ? ['<=', range.upTo] : ['>', range.after];
    const found: DueWork[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: DUE_INDEX.name,
          KeyConditionExpression: operator ? `#pk = :shard AND #sk ${operator} :bound` : '#pk = :shard',
          ExpressionAttributeNames: operator ? { '#pk': DUE_INDEX.pk, '#sk': DUE_INDEX.sk } : { '#pk': DUE_INDEX.pk },
          ExpressionAttributeValues: operator ? { ':shard': shard, ':bound': bound } : { ':shard': shard },
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

  /**
   * A change only the claim holder may make: the current claim, or the claim whose attempt left
   * the note `unknown` (its sender learned the outcome after its lease ran out).
   */
  private async updateClaimed(key: NoteKey, claimToken: string, e: Expr, orElse?: string): Promise<void> {
    const token = e.value(claimToken);
    const holder = `${e.name('claimToken')} = ${token} OR (${e.name('status')} = ${e.value('unknown')} AND ${e.name('attemptClaim')} = ${token})`;
    e.when(orElse ? `${holder} OR ${orElse}` : holder);
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

/** What a note sheds when it leaves the work (sent, ended, decided): index entry, claim, queue token. */
const LEAVING_WORK = ['duePk', 'dueSk', 'claimToken', 'leaseUntil', 'queueToken', 'waitingSince'] as const;

/** States a Send event can settle: every one a note may be in after an attempt. */
const SETTLEABLE: readonly Note['status'][] = ['sending', 'unknown', 'scheduled', 'cancelled'];
