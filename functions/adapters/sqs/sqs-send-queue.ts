/** The send queue in AWS: SQS, ten messages per request. */
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { QueueMessage } from '../../core/domain/queue-message.ts';
import type { SendQueue } from '../../core/ports.ts';

export class SqsSendQueue implements SendQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async enqueue(messages: QueueMessage[]): Promise<void> {
    for (let i = 0; i < messages.length; i += 10) {
      const batch = messages.slice(i, i + 10);
      const out = await this.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: this.queueUrl,
          // The contract is checked before anything is sent: a bad message fails its producer.
          Entries: batch.map((m, j) => ({ Id: String(j), MessageBody: JSON.stringify(QueueMessage.parse(m)) })),
        }),
      );
      // A message that did not make it leaves its note in the due index for the next sweep.
      if (out.Failed?.length) throw new Error(`${out.Failed.length} of ${batch.length} queue messages failed`);
    }
  }
}
