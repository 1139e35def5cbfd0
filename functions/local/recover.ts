/**
 * After a restart of the local runtime the in-process queue is empty, while SQS in AWS would
 * still hold its messages. Work that was handed to the queue (notes, escalations whose time
 * came, conversations whose quiet time ended, digests), and notes that were being sent, get
 * their message back, so none is stranded; the usual token rules then decide what happens.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { QueueMessage } from '../core/ports.ts';
import type { Base } from '../shared/parts/base.ts';
import type { TableStores } from '../shared/parts/all-stores.ts';
import type { LocalQueue } from './local-queue.ts';

function message(item: Record<string, unknown>): QueueMessage | null {
  const token = String(item.queueToken ?? 'recovered');
  switch (item.type) {
    case 'note':
      return { kind: 'note', customerKey: String(item.customerKey), noteId: String(item.noteId), token };
    case 'escalation':
      return item.queueToken ? { kind: 'escalation', escalationId: String(item.id), token } : null;
    case 'conversation':
      return item.queueToken ? { kind: 'conversation', storeId: String(item.storeId), conversationId: String(item.id), token } : null;
    case 'digest':
      return item.queueToken ? { kind: 'digest', storeId: String(item.storeId), token } : null;
    default:
      return null;
  }
}

export async function recoverQueuedNotes(
  deps: Pick<Base, 'logger'> & Pick<TableStores, 'dynamoDocument' | 'tableName'>,
  queue: LocalQueue,
  db = deps.dynamoDocument,
): Promise<number> {
  let start: Record<string, unknown> | undefined;
  let recovered = 0;
  do {
    const out = await db.send(
      new ScanCommand({
        TableName: deps.tableName,
        FilterExpression: 'attribute_exists(queueToken) OR (#type = :note AND #status = :sending)',
        ExpressionAttributeNames: { '#type': 'type', '#status': 'status', '#id': 'id', '#store': 'storeId' },
        ExpressionAttributeValues: { ':note': 'note', ':sending': 'sending' },
        ProjectionExpression: '#type, customerKey, noteId, queueToken, #id, #store',
        ExclusiveStartKey: start,
      }),
    );
    const messages = (out.Items ?? []).map(message).filter((m): m is QueueMessage => m !== null);
    await queue.enqueue(messages);
    recovered += messages.length;
    start = out.LastEvaluatedKey;
  } while (start);
  if (recovered) deps.logger.info('work handed back to the queue after a restart', { recovered });
  return recovered;
}
