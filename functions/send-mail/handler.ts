/**
 * Reads the send queue. Each record is one piece of work (a due note, an escalation notice, an
 * overdue escalation); the records of a batch are done side by side, and one that fails is
 * reported alone (partial batch response, Powertools' batch processor), so the others are not
 * done again.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { QueueMessage } from '../core/domain/queue-message.ts';
import { SEND_MAX_RECEIVES } from '../core/domain/send-timing.ts';
import { sendQueued, type SendQueuedDeps } from '../core/use-cases/send-queued.ts';
import { NoteBusyError } from '../core/use-cases/send-note.ts';
import { lambdaHandler } from '../shared/lambda.ts';
import { sendMail } from './function.ts';

export const makeHandler = (parts: SendQueuedDeps) => {
  const send = async (record: SQSRecord) => {
    try {
      await sendQueued(parts, QueueMessage.parse(JSON.parse(record.body)));
    } catch (error) {
      const detail = { messageId: record.messageId, error: { name: (error as Error).name, message: (error as Error).message } };
      // The queue's redrive policy moves it to the dead-letter queue after this receive.
      if (Number(record.attributes?.ApproximateReceiveCount) >= SEND_MAX_RECEIVES) {
        parts.logger.error('queue record failed for the last time; it goes to the dead-letter queue', detail);
      } else {
        parts.logger[error instanceof NoteBusyError ? 'info' : 'error']('queue record not done; it will be offered again', detail);
      }
      throw error;
    }
  };
  return middy<SQSEvent, SQSBatchResponse>().handler((event, context) =>
    // A processor per batch: it keeps the batch's state. A batch that fails whole is reported, not
    // thrown: a note another sender holds is an expected retry, not a function error.
    processPartialResponse(event, send, new BatchProcessor(EventType.SQS), { context, throwOnFullBatchFailure: false }),
  );
};

export const handler = lambdaHandler(sendMail, makeHandler);
