/** Received mail ids, so a receipt SES delivers twice is handled once. */
import { PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { fitWords } from '../../core/domain/item-size.ts';
import type { InboundResult, InboundStore } from '../../core/ports.ts';
import { isConditionFailure } from './expression.ts';
import { TTL_ATTRIBUTE } from './table-schema.ts';

function fittedResult(result: InboundResult): InboundResult {
  if (!result.classification) return result;
  return { ...result, classification: { ...result.classification, strippedText: fitWords(result.classification.strippedText) } };
}

/** Lambda keeps async events for up to six hours; a month leaves plenty of room. */
const KEEP_SECONDS = 30 * 86_400;

export class DynamoInboundStore implements InboundStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async begin(mailId: string, at: string): Promise<{ first: true } | { first: false; result: InboundResult | null }> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: `I#${mailId}`, sk: 'I', type: 'inbound', at, [TTL_ATTRIBUTE]: Math.floor(Date.parse(at) / 1000) + KEEP_SECONDS },
          ConditionExpression: 'attribute_not_exists(pk)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { first: true };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const old = error.Item ? unmarshall(error.Item) : {};
      return { first: false, result: (old.result as InboundResult | undefined) ?? null };
    }
  }

  async finish(mailId: string, result: InboundResult): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: `I#${mailId}`, sk: 'I' },
        UpdateExpression: 'SET #result = :result',
        ExpressionAttributeNames: { '#result': 'result' },
        // The customer's words are kept with their message; here only what fits an item.
        ExpressionAttributeValues: { ':result': fittedResult(result) },
      }),
    );
  }
}
