/** Notifications and events, in the shapes SES publishes (formats.md 5.3). */
import type { Email } from 'postal-mime';
import { sesMessageId } from './message-ids.ts';
import type {
  SentMessage,
  SesBounce,
  SesBounceEvent,
  SesBounceNotification,
  SesComplaint,
  SesComplaintEvent,
  SesComplaintNotification,
  SesMailObject,
  SesSendEvent,
} from './types.ts';


export function mailObject(sent: SentMessage, email: Email, region: string, accountId: string): SesMailObject {
  const fromDomain = sent.source.split('@').pop() ?? '';
  const mail: SesMailObject = {
    timestamp: sent.sentAt,
    messageId: sent.id,
    source: sent.source,
    sourceArn: `arn:aws:ses:${region}:${accountId}:identity/${fromDomain}`,
    sourceIp: '127.0.0.1',
    sendingAccountId: accountId,
    callerIdentity: 'local',
    destination: sent.destinations,
    headersTruncated: false,
    headers: email.headers.map(({ originalKey, value }) => ({ name: originalKey, value })),
    commonHeaders: {
      from: [sent.from],
      ...(sent.to && { to: [sent.to] }),
      ...(sent.replyTo && { replyTo: [sent.replyTo] }),
      date: sent.headers['date'] ?? '',
      messageId: sent.id,
      subject: sent.subject,
    },
  };
  if (sent.configurationSet) {
    mail.tags = {
      'ses:configuration-set': [sent.configurationSet],
      'ses:source-ip': [mail.sourceIp],
      'ses:from-domain': [fromDomain],
      'ses:caller-identity': [mail.callerIdentity],
      ...Object.fromEntries(Object.entries(sent.tags).map(([name, value]) => [name, [value]])),
    };
  }
  return mail;
}

export function sendEvent(mail: SesMailObject): SesSendEvent {
  return { eventType: 'Send', mail, send: {} };
}

/** A hard bounce, as the mailbox simulator's bounce@ address produces. */
export function bounceNotification(
  mail: SesMailObject,
  recipients: string[],
  region: string,
): [SesBounceNotification, SesBounceEvent] {
  const bounce: SesBounce = {
    bounceType: 'Permanent',
    bounceSubType: 'General',
    bouncedRecipients: recipients.map((emailAddress) => ({
      emailAddress,
      action: 'failed',
      status: '5.1.1',
      diagnosticCode: 'smtp; 550 5.1.1 user unknown',
    })),
    timestamp: mail.timestamp,
    feedbackId: sesMessageId(region, new Date(mail.timestamp)),
    reportingMTA: 'dns; simulator.amazonses.com',
  };
  return [
    { notificationType: 'Bounce', bounce, mail },
    { eventType: 'Bounce', bounce, mail },
  ];
}

/** An abuse complaint, as the mailbox simulator's complaint@ address produces. */
export function complaintNotification(
  mail: SesMailObject,
  recipients: string[],
  region: string,
): [SesComplaintNotification, SesComplaintEvent] {
  const complaint: SesComplaint = {
    complainedRecipients: recipients.map((emailAddress) => ({ emailAddress })),
    timestamp: mail.timestamp,
    feedbackId: sesMessageId(region, new Date(mail.timestamp)),
    complaintSubType: null,
    userAgent: 'Amazon SES Mailbox Simulator',
    complaintFeedbackType: 'abuse',
    arrivalDate: mail.timestamp,
  };
  return [
    { notificationType: 'Complaint', complaint, mail },
    { eventType: 'Complaint', complaint, mail },
  ];
}

