/**
 * SES receipt rule action (S3, then this function): one record per received mail. The raw MIME
 * is read from where the rule stored it; the local runtime hands SMTP and /dev/inbound mail to
 * this same handler.
 */
import middy from '@middy/core';
import type { SESEvent } from 'aws-lambda';
import { readMail } from '../adapters/mail/read-mail.ts';
import type { InboundResult } from '../core/ports.ts';
import { receiveMail } from '../core/use-cases/receive-mail.ts';
import { lambdaDeps, type AppDeps } from '../shared/container.ts';

export const makeHandler = (deps: () => AppDeps) =>
  middy<SESEvent, InboundResult[]>().handler(async (event) => {
    const d = deps();
    const signer = await d.signer();
    const ownDomains = [...new Set(d.config.stores.flatMap((s) => [s.persona.email, s.senior.email]).map((e) => e.split('@')[1]!.toLowerCase()))];
    const results: InboundResult[] = [];
    for (const record of event.Records) {
      const { mail, receipt } = record.ses;
      results.push(
        await receiveMail(
          { ...d, signer, readMail, ownDomains },
          {
            mailId: mail.messageId,
            raw: await d.rawMail.get(mail.messageId),
            recipients: receipt.recipients,
            verdicts: { spam: receipt.spamVerdict?.status, virus: receipt.virusVerdict?.status },
          },
        ),
      );
    }
    return results;
  });

export const handler = makeHandler(() => lambdaDeps());
