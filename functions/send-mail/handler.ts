/**
 * Reads the send queue. Each record is one piece of work (a due note, an escalation notice, an
 * overdue escalation); a record that fails is reported alone (partial batch response) so the
 * others are not done again.
 */
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { mapConcurrent } from '../core/concurrency.ts';
import { QueueMessage } from '../core/domain/queue-message.ts';
import { sendQueued, type SendQueuedDeps } from '../core/use-cases/send-queued.ts';
import { NoteBusyError } from '../core/use-cases/send-note.ts';
import { lambdaHandler } from '../shared/lambda.ts';
import { sendMail } from './function.ts';

/** Records of one batch done side by side; the event source mapping bounds the functions. */
const PARALLEL = 5;

export const makeHandler = (parts: SendQueuedDeps) =>
  middy<SQSEvent, SQSBatchResponse>().handler(async (event) => {
    const failed: string[] = [];
    const process = async (record: SQSRecord) => {
      try {
        await sendQueued(parts, QueueMessage.parse(JSON.parse(record.body)));
      } catch (error) {
        const busy = error instanceof NoteBusyError;
        parts.logger[busy ? 'info' : 'error']('queue record not done; it will be offered again', {
          messageId: record.messageId,
          error: { name: (error as Error).name, message: (error as Error).message },
        });
        failed.push(record.messageId);
      }
    };
    await mapConcurrent(event.Records, PARALLEL, process);
    return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
  });

export const handler = lambdaHandler(sendMail, makeHandler);
