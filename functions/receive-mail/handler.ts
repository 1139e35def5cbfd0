/**
 * SES receipt rule action (S3, then this function): one record per received mail. The raw MIME
 * is read from where the rule stored it; the local runtime hands SMTP and /dev/inbound mail to
 * this same handler.
 */
import middy from '@middy/core';
import type { SESEvent } from 'aws-lambda';
import { readMail } from '../adapters/mail/read-mail.ts';
import { UnreadableMailError } from '../core/errors.ts';
import type { InboundResult, RawMailStore } from '../core/ports.ts';
import { receiveMail, type ReceiveDeps } from '../core/use-cases/receive-mail.ts';
import { lambdaHandler } from '../shared/lambda.ts';
import type { Base } from '../shared/parts/base.ts';
import { receiveMail as declaration } from './function.ts';

export type InboundParts = Omit<ReceiveDeps, 'readMail' | 'ownDomains' | 'config'> & Pick<Base, 'config'> & { rawMail: RawMailStore };

/** The domains the stores send from: mail from them coming back is a loop, not a customer. */
function sendingDomains(config: Base['config']): string[] {
  const emails = config.stores.flatMap((s) => [s.persona.email, s.senior.email]);
  return [...new Set(emails.map((e) => e.split('@')[1]!.toLowerCase()))];
}

/** The parser's failure on a message is the message's fault: named, so front doors can refuse it for good. */
const readable = (raw: Buffer) =>
  readMail(raw).catch((error: unknown) => {
    throw new UnreadableMailError(`the message could not be read: ${error instanceof Error ? error.message : String(error)}`);
  });

export const makeHandler = (parts: InboundParts) => {
  const use = { ...parts, readMail: readable, ownDomains: sendingDomains(parts.config) };
  return middy<SESEvent, InboundResult[]>().handler(async (event, context) => {
    const results: InboundResult[] = [];
    for (const record of event.Records) {
      const { mail, receipt } = record.ses;
      const result = await receiveMail(use, {
        mailId: mail.messageId,
        attempt: context.awsRequestId,
        raw: await parts.rawMail.get(mail.messageId),
        recipients: receipt.recipients,
        verdicts: {
          spam: receipt.spamVerdict?.status,
          virus: receipt.virusVerdict?.status,
          spf: receipt.spfVerdict?.status,
          dkim: receipt.dkimVerdict?.status,
          dmarc: receipt.dmarcVerdict?.status,
        },
      });
      // Filed under its store, the raw mail expires with that store's retention.
      await parts.rawMail.label(mail.messageId, result.storeId ?? null);
      results.push(result);
    }
    return results;
  });
};

export const handler = lambdaHandler(declaration, makeHandler);
