/**
 * Reads the send queue. Each record is one due note; a record that fails is reported alone
 * (partial batch response) so the others are not sent again.
 */
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod';
import { mapConcurrent } from '../core/concurrency.ts';
import { NoteBusyError, sendNote, type SendDeps } from '../core/use-cases/send-note.ts';
import { lambdaBase } from '../shared/lambda/base.ts';
import { lambdaMail } from '../shared/lambda/mail.ts';
import { lambdaSecrets } from '../shared/lambda/secrets.ts';
import { lambdaStores } from '../shared/lambda/stores.ts';
import { once, type SecretParts } from '../shared/parts.ts';

export type SenderDeps = Omit<SendDeps, 'signer'> & Pick<SecretParts, 'signer'>;

const Message = z.object({ customerKey: z.string().min(1), noteId: z.string().min(1), token: z.string().min(1) });

/** Records of one batch sent side by side; the event source mapping bounds the functions. */
const PARALLEL = 5;

export const makeHandler = (deps: () => SenderDeps) =>
  middy<SQSEvent, SQSBatchResponse>().handler(async (event) => {
    const d = deps();
    const signer = await d.signer();
    const failed: string[] = [];
    const process = async (record: SQSRecord) => {
      try {
        const message = Message.parse(JSON.parse(record.body));
        await sendNote({ ...d, signer }, message);
      } catch (error) {
        const busy = error instanceof NoteBusyError;
        d.logger[busy ? 'info' : 'error']('queue record not done; it will be offered again', {
          messageId: record.messageId,
          error: { name: (error as Error).name, message: (error as Error).message },
        });
        failed.push(record.messageId);
      }
    };
    await mapConcurrent(event.Records, PARALLEL, process);
    return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
  });

export const handler = makeHandler(
  once(() => {
    const base = lambdaBase();
    return { ...base, ...lambdaStores(base), ...lambdaSecrets(base), ...lambdaMail(base) };
  }),
);
