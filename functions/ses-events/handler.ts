/** SES notifications and configuration-set events, through SNS. */
import middy from '@middy/core';
import type { SNSEvent } from 'aws-lambda';
import { MailEvent } from '../core/domain/mail-event.ts';
import { recordMailEvent } from '../core/use-cases/record-mail-event.ts';
import { lambdaDeps, type AppDeps } from '../shared/container.ts';

export const makeHandler = (deps: () => AppDeps) =>
  middy<SNSEvent, void>().handler(async (event) => {
    const d = deps();
    for (const record of event.Records) {
      // SNS wraps the SES JSON in a string: parse twice.
      const parsed = MailEvent.safeParse(parseJson(record.Sns.Message));
      if (!parsed.success) {
        d.logger.warn('SES notification not understood; skipped', { snsMessageId: record.Sns.MessageId });
        continue;
      }
      await recordMailEvent(d, parsed.data);
    }
  });

export const handler = makeHandler(() => lambdaDeps());

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
