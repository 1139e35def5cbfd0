/**
 * The event objects AWS would hand the functions, built for the local runtime: an SNS
 * notification carrying an SES event, and an SES receipt for mail that arrived.
 */
import { randomUUID } from 'node:crypto';
import type { SESEvent, SNSEvent } from 'aws-lambda';

export function snsEvent(message: unknown, at: Date): SNSEvent {
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: 'arn:aws:sns:us-east-1:000000000000:followup-ses-events:local',
        Sns: {
          Type: 'Notification',
          MessageId: randomUUID(),
          TopicArn: 'arn:aws:sns:us-east-1:000000000000:followup-ses-events',
          Subject: '',
          Message: JSON.stringify(message),
          Timestamp: at.toISOString(),
          SignatureVersion: '1',
          Signature: '',
          SigningCertUrl: '',
          UnsubscribeUrl: '',
          MessageAttributes: {},
        },
      },
    ],
  };
}

const PASS = { status: 'PASS' as const };

/** What SES's receipt rule gives the inbound function: ids and verdicts, never the body. */
export function sesReceiptEvent(input: { mailId: string; recipients: string[]; source: string; at: Date; bucket: string; key: string }): SESEvent {
  const at = input.at.toISOString();
  return {
    Records: [
      {
        eventSource: 'aws:ses',
        eventVersion: '1.0',
        ses: {
          mail: {
            timestamp: at,
            source: input.source,
            messageId: input.mailId,
            destination: input.recipients,
            headersTruncated: false,
            headers: [],
            commonHeaders: { returnPath: input.source, date: at, messageId: '', to: input.recipients },
          },
          receipt: {
            timestamp: at,
            processingTimeMillis: 0,
            recipients: input.recipients,
            spamVerdict: PASS,
            virusVerdict: PASS,
            spfVerdict: PASS,
            dkimVerdict: PASS,
            dmarcVerdict: PASS,
            action: { type: 'S3', bucketName: input.bucket, objectKey: input.key },
          },
        },
      },
    ],
  };
}
