/** SES notifications and configuration-set events, through SNS. */
import middy from '@middy/core';
import type { SNSEvent } from 'aws-lambda';
import { sesMessageIdHeader } from '../adapters/ses/message-id.ts';
import { MailEvent } from '../core/domain/mail-event.ts';
import { recordMailEvent, type MailEventDeps } from '../core/use-cases/record-mail-event.ts';
import { lambdaBase } from '../shared/lambda/base.ts';
import { lambdaStores } from '../shared/lambda/stores.ts';
import { once } from '../shared/parts.ts';

export const makeHandler = (deps: () => MailEventDeps) =>
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

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export const handler = makeHandler(
  once(() => {
    const base = lambdaBase();
    return { ...base, ...lambdaStores(base), messageIdFor: (id: string) => sesMessageIdHeader(id, base.region) };
  }),
);
