/**
 * SES receipt rule action (S3, then this function): one record per received mail. The raw MIME
 * is read from where the rule stored it; the local runtime hands SMTP and /dev/inbound mail to
 * this same handler.
 */
import middy from '@middy/core';
import type { SESEvent } from 'aws-lambda';
import { readMail } from '../adapters/mail/read-mail.ts';
import type { InboundResult, RawMailSource } from '../core/ports.ts';
import { receiveMail, type ReceiveDeps } from '../core/use-cases/receive-mail.ts';
import { lambdaBase } from '../shared/lambda/base.ts';
import { lambdaQueue } from '../shared/lambda/queue.ts';
import { lambdaRawMail } from '../shared/lambda/raw-mail.ts';
import { lambdaSecrets } from '../shared/lambda/secrets.ts';
import { lambdaStores } from '../shared/lambda/stores.ts';
import { once, queuedNotices, type BaseParts, type SecretParts } from '../shared/parts.ts';

export type InboundDeps = Omit<ReceiveDeps, 'signer' | 'readMail' | 'ownDomains' | 'config'> &
  Pick<SecretParts, 'signer'> &
  Pick<BaseParts, 'config'> & { rawMail: RawMailSource };

/** The domains the stores send from: mail from them coming back is a loop, not a customer. */
function sendingDomains(config: BaseParts['config']): string[] {
  const emails = config.stores.flatMap((s) => [s.persona.email, s.senior.email]);
  return [...new Set(emails.map((e) => e.split('@')[1]!.toLowerCase()))];
}

export const makeHandler = (deps: () => InboundDeps) =>
  middy<SESEvent, InboundResult[]>().handler(async (event) => {
    const d = deps();
    const use = { ...d, signer: await d.signer(), readMail, ownDomains: sendingDomains(d.config) };
    const results: InboundResult[] = [];
    for (const record of event.Records) {
      const { mail, receipt } = record.ses;
      results.push(
        await receiveMail(use, {
          mailId: mail.messageId,
          raw: await d.rawMail.get(mail.messageId),
          recipients: receipt.recipients,
          verdicts: {
            spam: receipt.spamVerdict?.status,
            virus: receipt.virusVerdict?.status,
            spf: receipt.spfVerdict?.status,
            dkim: receipt.dkimVerdict?.status,
            dmarc: receipt.dmarcVerdict?.status,
          },
        }),
      );
    }
    return results;
  });

export const handler = makeHandler(
  once(() => {
    const base = lambdaBase();
    const { queue } = lambdaQueue(base);
    return { ...base, ...lambdaStores(base), ...lambdaSecrets(base), ...lambdaRawMail(base), queue, notices: queuedNotices(queue) };
  }),
);
