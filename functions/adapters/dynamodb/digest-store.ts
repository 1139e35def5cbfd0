/**
 * The daily digest's schedule: one item per store (`G#<store>`, `G`) in the due index at the
 * next digest time, while anything is open there. It remembers which person got which day's
 * digest, so a run that fails half-way and runs again sends nobody a second one.
 */
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DigestStore } from '../../core/ports.ts';
import { Expr, written } from './expression.ts';
import { DIGEST_SK, digestPk, dueShard } from './items.ts';

export class DynamoDigestStore implements DigestStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private key(storeId: string) {
    return { pk: digestPk(storeId), sk: DIGEST_SK };
  }

  async ensure(storeId: string, dueAt: string, now: string): Promise<void> {
    const e = new Expr().set('type', 'digest').set('storeId', storeId).set('duePk', dueShard(`digest:${storeId}`)).set('dueSk', dueAt);
    e.remove('queueToken');
    // Scheduled already, or being run right now: either will see what is new. A run that never
    // finished (its message gave up) does not keep the digest away for more than a day.
    const queuedAt = e.name('queuedAt');
    const dayAgo = new Date(Date.parse(now) - 86_400_000).toISOString();
    e.when(`attribute_not_exists(${e.name('dueSk')})`);
    e.when(`attribute_not_exists(${e.name('queueToken')}) OR ${queuedAt} < ${e.value(dayAgo)}`);
    await written(this.db.send(new UpdateCommand({ TableName: this.tableName, Key: this.key(storeId), ...e.params() })));
  }

  markQueued(storeId: string, dueSk: string, token: string): Promise<boolean> {
    const e = new Expr().set('queueToken', token).set('queuedAt', dueSk).remove('duePk', 'dueSk');
    e.when(`${e.name('dueSk')} = ${e.value(dueSk)}`);
    return written(this.db.send(new UpdateCommand({ TableName: this.tableName, Key: this.key(storeId), ...e.params() })));
  }

  async get(storeId: string): Promise<{ sent: Record<string, string>; queueToken: string | null; handledToken: string | null; lastRunAt: string | null } | null> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: this.key(storeId), ConsistentRead: true }));
    if (!out.Item) return null;
    return {
      sent: (out.Item.sent as Record<string, string> | undefined) ?? {},
      queueToken: typeof out.Item.queueToken === 'string' ? out.Item.queueToken : null,
      handledToken: typeof out.Item.handledToken === 'string' ? out.Item.handledToken : null,
      lastRunAt: typeof out.Item.lastRunAt === 'string' ? out.Item.lastRunAt : null,
    };
  }

  async markSent(storeId: string, personKey: string, day: string): Promise<void> {
    const e = new Expr();
    e.setRaw(`${e.name('sent')} = if_not_exists(${e.name('sent')}, ${e.value({})})`);
    await this.db.send(new UpdateCommand({ TableName: this.tableName, Key: this.key(storeId), ...e.params() }));
    const f = new Expr();
    f.setRaw(`${f.name('sent')}.${f.name(personKey)} = ${f.value(day)}`);
    await this.db.send(new UpdateCommand({ TableName: this.tableName, Key: this.key(storeId), ...f.params() }));
  }

  async finish(storeId: string, token: string, nextAt: string | null, at: string): Promise<void> {
    const e = new Expr().set('handledToken', token).set('lastRunAt', at).remove('queueToken');
    if (nextAt) e.set('duePk', dueShard(`digest:${storeId}`)).set('dueSk', nextAt);
    e.when(`${e.name('queueToken')} = ${e.value(token)}`);
    await written(this.db.send(new UpdateCommand({ TableName: this.tableName, Key: this.key(storeId), ...e.params() })));
  }
}
