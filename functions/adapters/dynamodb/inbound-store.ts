/**
 * Received mail ids, so a receipt SES delivers twice is handled once, and a receipt whose
 * handling failed part-way is handled again: what is recorded is the work's completion (its
 * result), not its start. While one attempt works on a mail it holds a short lease; a second
 * delivery meanwhile is told to come back, and an attempt that died is taken over once its lease
 * has run out.
 */
import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { fitWords } from '../../core/domain/item-size.ts';
import type { InboundResult, InboundStore, InboundWork } from '../../core/ports.ts';
import { customerPk } from './items.ts';
import { Expr, isConditionFailure } from './expression.ts';
import { TTL_ATTRIBUTE } from './table-schema.ts';

function fittedResult(result: InboundResult): InboundResult {
  if (!result.classification) return result;
  return { ...result, classification: { ...result.classification, strippedText: fitWords(result.classification.strippedText) } };
}

/** Lambda keeps async events for up to six hours; a month leaves plenty of room. */
const KEEP_SECONDS = 30 * 86_400;

const key = (work: InboundWork) => (typeof work === 'string' ? { pk: `I#${work}`, sk: 'I' } : { pk: customerPk(work.customerKey), sk: `IC#${work.copy}` });

export class DynamoInboundStore implements InboundStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async begin(
    mailId: InboundWork,
    at: string,
    leaseUntil: string,
    holder: string,
  ): Promise<{ state: 'work'; firstAt: string } | { state: 'done'; result: InboundResult } | { state: 'busy' }> {
    const e = new Expr()
      .set('type', 'inbound')
      .setIfMissing('at', at)
      .set('leaseUntil', leaseUntil)
      .set('leaseHolder', holder)
      .set(TTL_ATTRIBUTE, Math.floor(Date.parse(at) / 1000) + KEEP_SECONDS);
    // A copy's key is found, and erased, with the customer's other items.
    if (typeof mailId !== 'string') e.set('customerKey', mailId.customerKey).set('noteId', mailId.noteId);
    e.setRaw(`${e.name('attempts')} = if_not_exists(${e.name('attempts')}, ${e.value(0)}) + ${e.value(1)}`);
    const lease = e.name('leaseUntil');
    e.when(`attribute_not_exists(${e.name('result')})`);
    // The lease's own holder takes it again: its earlier attempt failed after taking it (the
    // answer was lost, or letting go of it failed), and no other attempt works on the mail.
    e.when(`attribute_not_exists(${lease}) OR ${lease} <= ${e.value(at)} OR ${e.name('leaseHolder')} = ${e.value(holder)}`);
    try {
      const out = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key(mailId),
          ...e.params(),
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { state: 'work', firstAt: String(out.Attributes!.at) };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const old = error.Item ? unmarshall(error.Item) : {};
      return old.result ? { state: 'done', result: old.result as InboundResult } : { state: 'busy' };
    }
  }

  async finish(mailId: InboundWork, result: InboundResult): Promise<void> {
    // The customer's words are kept with their message; here only what fits an item.
    const e = new Expr().set('result', fittedResult(result)).remove('leaseUntil').remove('leaseHolder');
    await this.db.send(new UpdateCommand({ TableName: this.tableName, Key: key(mailId), ...e.params() }));
  }

  async release(mailId: InboundWork): Promise<void> {
    const e = new Expr().remove('leaseUntil');
    e.when(`attribute_exists(${e.name('pk')})`);
    try {
      await this.db.send(new UpdateCommand({ TableName: this.tableName, Key: key(mailId), ...e.params() }));
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
}
