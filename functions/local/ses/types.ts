/**
 * What the local SES endpoint keeps and publishes: the outbox entry of a sent message, and SES's
 * notification and event shapes (formats.md 5.3), so listeners get exactly what SNS would carry.
 */
/** One accepted message as the outbox shows it (the shape of the runtime's `/dev/outbox` items). */
export interface SentMessage {
  /** SES message id, as the API returned it. */
  id: string;
  /** The Message-ID header as delivered, angle brackets included: `<id@email.amazonses.com>`. */
  messageId: string;
  /** Header values with RFC 2047 words decoded and display names kept; `to` is '' without a To header. */
  from: string;
  to: string;
  replyTo: string | null;
  subject: string;
  text: string;
  html: string | null;
  /** Lower-case name → unfolded raw value; a repeated header's values are joined with ", ". */
  headers: Record<string, string>;
  /** Accept time from the injected clock, ISO 8601. */
  sentAt: string;
  /** Base64 of the MIME message exactly as stored (after the Message-ID and Date rewrite). */
  raw: string;
  configurationSet: string | null;
  tags: Record<string, string>;
  /** Envelope sender and recipients, as SES would use them for delivery. */
  source: string;
  destinations: string[];
}

/** The `mail` object shared by SES notifications and configuration-set events. */
export interface SesMailObject {
  timestamp: string;
  messageId: string;
  source: string;
  sourceArn: string;
  sourceIp: string;
  sendingAccountId: string;
  callerIdentity: string;
  destination: string[];
  headersTruncated: boolean;
  headers: Array<{ name: string; value: string }>;
  commonHeaders: SesCommonHeaders;
  /** With a configuration set: its name, SES's `ses:*` tags and the message tags, each as a list. */
  tags?: Record<string, string[]>;
}

export interface SesCommonHeaders {
  from: string[];
  to?: string[];
  replyTo?: string[];
  date: string;
  messageId: string;
  subject: string;
}

export interface SesBouncedRecipient {
  emailAddress: string;
  action?: string;
  status?: string;
  diagnosticCode?: string;
}

export interface SesBounce {
  bounceType: 'Undetermined' | 'Permanent' | 'Transient';
  bounceSubType: string;
  bouncedRecipients: SesBouncedRecipient[];
  timestamp: string;
  feedbackId: string;
  reportingMTA?: string;
}

export interface SesComplaint {
  complainedRecipients: Array<{ emailAddress: string }>;
  timestamp: string;
  feedbackId: string;
  complaintSubType: string | null;
  userAgent?: string;
  complaintFeedbackType?: string;
  arrivalDate?: string;
}

/** Identity feedback notifications (`notificationType`). */
export interface SesBounceNotification {
  notificationType: 'Bounce';
  bounce: SesBounce;
  mail: SesMailObject;
}

export interface SesComplaintNotification {
  notificationType: 'Complaint';
  complaint: SesComplaint;
  mail: SesMailObject;
}

export type SesNotification = SesBounceNotification | SesComplaintNotification;

/** Configuration-set event publishing (`eventType`). */
export interface SesSendEvent {
  eventType: 'Send';
  mail: SesMailObject;
  send: Record<string, never>;
}

export interface SesBounceEvent {
  eventType: 'Bounce';
  bounce: SesBounce;
  mail: SesMailObject;
}

export interface SesComplaintEvent {
  eventType: 'Complaint';
  complaint: SesComplaint;
  mail: SesMailObject;
}

export type SesEvent = SesSendEvent | SesBounceEvent | SesComplaintEvent;

