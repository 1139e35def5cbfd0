/**
 * After a restart of the local runtime the in-process queue is empty, while SQS in AWS would
 * still hold its messages. Notes that were handed to the queue, or were being sent, get their
 * message back, so none is stranded; the usual claim rules then decide what happens to each.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Base } from '../shared/parts/base.ts';
import type { TableStores } from '../shared/parts/table.ts';
import type { LocalQueue } from './local-queue.ts';

export async function recoverQueuedNotes(deps: Pick<Base, 'logger'> & Pick<TableStores, 'dynamoDocument' | 'tableName'>, queue: LocalQueue, db = deps.dynamoDocument): Promise<number> {
  let start: Record<string, unknown> | undefined;
  let recovered = 0;
  do {
    const out = await db.send(
      new ScanCommand({
        TableName: deps.tableName,
        FilterExpression: '#type = :note AND (attribute_exists(queueToken) OR #status = :sending)',
        ExpressionAttributeNames: { '#type': 'type', '#status': 'status' },
        ExpressionAttributeValues: { ':note': 'note', ':sending': 'sending' },
        ProjectionExpression: 'customerKey, noteId, queueToken',
        ExclusiveStartKey: start,
      }),
    );
    const messages = (out.Items ?? []).map((i) => ({
      kind: 'note' as const,
      customerKey: String(i.customerKey),
      noteId: String(i.noteId),
      token: String(i.queueToken ?? 'recovered'),
    }));
    await queue.enqueue(messages);
    recovered += messages.length;
    start = out.LastEvaluatedKey;
  } while (start);
  if (recovered) deps.logger.info('notes handed back to the queue after a restart', { recovered });
  return recovered;
}
