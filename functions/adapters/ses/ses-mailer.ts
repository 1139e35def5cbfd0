/**
 * Sends a note through SES SendRawEmail, one attempt only: the client is built with
 * maxAttempts 1, because SES has no idempotency key and an automatic retry after a timeout
 * can deliver the same email twice. What happened is reported as one of three errors the
 * send use case knows how to handle.
 */
import { SendRawEmailCommand, type SESClient } from '@aws-sdk/client-ses';
import { MailOutcomeUnknownError, MailRejectedError, MailThrottledError } from '../../core/errors.ts';
import type { Clock, Mailer, OutgoingMail } from '../../core/ports.ts';
import { composeMime } from './compose-mime.ts';

/** Errors after which SES has not taken the message, and waiting helps. */
const RETRY_LATER = new Set(['Throttling', 'ThrottlingException', 'AccountSendingPausedException', 'ConfigurationSetSendingPausedException']);

export class SesMailer implements Mailer {
  constructor(
    private readonly ses: SESClient,
    private readonly options: {
      configurationSet: string;
      clock: Clock;
      /** The Message-ID header SES gives the message it accepted under this id. */
      messageIdFor(sesMessageId: string): string;
    },
  ) {}

  async send(mail: OutgoingMail): Promise<{ sesMessageId: string; messageId: string }> {
    const raw = await composeMime(mail, this.options.clock.now());
    try {
      const out = await this.ses.send(
        new SendRawEmailCommand({
          Source: mail.from.address,
          Destinations: [mail.to.address],
          RawMessage: { Data: raw },
          ConfigurationSetName: this.options.configurationSet,
          Tags: Object.entries(mail.tags).map(([Name, Value]) => ({ Name, Value })),
        }),
      );
      if (!out.MessageId) throw new MailOutcomeUnknownError('SES answered without a message id');
      return { sesMessageId: out.MessageId, messageId: this.options.messageIdFor(out.MessageId) };
    } catch (error) {
      throw classify(error);
    }
  }
}

function classify(error: unknown): Error {
  if (error instanceof MailOutcomeUnknownError) return error;
  const e = error as Error & { $metadata?: { httpStatusCode?: number }; $fault?: string };
  const status = e.$metadata?.httpStatusCode;
  const message = `${e.name}: ${e.message}`;
  if (RETRY_LATER.has(e.name) || /maximum sending rate|quota exceeded/i.test(e.message ?? '')) {
    return new MailThrottledError(message);
  }
  // SES answered and refused: a client error it will repeat for the same message.
  if (status !== undefined && status >= 400 && status < 500) return new MailRejectedError(message);
  // No answer, a reset connection or a server error: SES may or may not have taken it.
  return new MailOutcomeUnknownError(message);
}
