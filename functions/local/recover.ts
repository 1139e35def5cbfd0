/**
 * After a restart of the local runtime the in-process queue is empty, while SQS in AWS would
 * still hold its messages. Notes that were handed to the queue, or were being sent, get their
 * message back, so none is stranded; the usual claim rules then decide what happens to each.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { AppDeps } from '../shared/container.ts';
import type { LocalQueue } from './local-queue.ts';

export async function recoverQueuedNotes(deps: AppDeps, queue: LocalQueue, db = deps.dynamoDocument): Promise<number> {
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
