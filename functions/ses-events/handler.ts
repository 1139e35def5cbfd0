/** SES notifications and configuration-set events, through SNS. */
import middy from '@middy/core';
import type { SNSEvent } from 'aws-lambda';
import { MailEvent } from '../core/domain/mail-event.ts';
import { recordMailEvent, type MailEventDeps } from '../core/use-cases/record-mail-event.ts';
import { lambdaHandler } from '../shared/lambda.ts';
import { sesEvents } from './function.ts';

export const makeHandler = (parts: MailEventDeps) =>
  middy<SNSEvent, void>().handler(async (event) => {
    for (const record of event.Records) {
      // SNS wraps the SES JSON in a string: parse twice.
      const parsed = MailEvent.safeParse(parseJson(record.Sns.Message));
      if (!parsed.success) {
        parts.logger.warn('SES notification not understood; skipped', { snsMessageId: record.Sns.MessageId });
        continue;
      }
      await recordMailEvent(parts, parsed.data);
    }
  });

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export const handler = lambdaHandler(sesEvents, makeHandler);
