/**
 * A local stand-in for the SES v1 sending API (`SendRawEmail`, `SendEmail`) that the real
 * `@aws-sdk/client-ses` client talks to. Unlike generic SES mocks it keeps the raw MIME byte for
 * byte, except for the two headers real SES rewrites (Message-ID and Date), so threading and
 * unsubscribe headers can be asserted against what a customer would really receive.
 *
 * The v1 API is an AWS Query API: a form-encoded POST in, an XML document out. Errors use the
 * Query error envelope so the SDK raises its modelled exceptions (`Throttling`, `MessageRejected`).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import MailComposer from 'nodemailer/lib/mail-composer';
import PostalMime, { addressParser, type Address, type Email } from 'postal-mime';
import { sesMessageIdHeader } from '../../adapters/ses/message-id.ts';
import { duplicatedSingleHeader, rewriteSesHeaders } from './headers.ts';
import { sesMessageId } from './message-ids.ts';
import { bounceNotification, complaintNotification, mailObject, sendEvent } from './notifications.ts';
import { Outbox, type OutboxEntry } from './outbox.ts';
import { SendRecord, type RecordedSend } from './send-record.ts';
import { VIRTUAL_TIME_HEADER } from '../local-clock.ts';
import type {
  SentMessage,
  SesBounceEvent,
  SesBounceNotification,
  SesComplaintEvent,
  SesComplaintNotification,
  SesSendEvent,
} from './types.ts';

export type * from './types.ts';
export type { RecordedSend } from './send-record.ts';

/** v1 SendRawEmail refuses messages over 10 MB once base64-encoded; the limit is not adjustable. */
const MAX_ENCODED_MESSAGE_BYTES = 10 * 1024 * 1024;
/** Form bodies carry the base64 message plus a few small fields; anything far larger is refused unread. */
const MAX_REQUEST_BYTES = MAX_ENCODED_MESSAGE_BYTES + 1024 * 1024;
const XMLNS = 'http://ses.amazonaws.com/doc/2010-12-01/';

export interface SesEndpointOptions {
  /** The time SES "accepts" a message: the virtual clock in the local runtime. */
  now: () => Date;
  /** Region the client is configured for; decides the Message-ID host. Default us-east-1. */
  region?: string;
  /** Port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  /** When set, the outbox is kept here as .eml files (not in memory) and survives a restart. */
  outboxDir?: string;
  /**
   * When set, the record of accepted messages and their events is kept in this file, written
   * before each answer: the evidence that survives the process (see send-record.ts).
   */
  recordPath?: string;
  /**
   * Take the acceptance time from the request's `x-followup-virtual-time` header when it has
   * one: the local runtime runs sends at their own virtual moment (local-clock.ts).
   */
  trustClientTime?: boolean;
  /** Account id used in notification ARNs. */
  accountId?: string;
  /** Where failures of onSent/onBounce/onComplaint listeners go; stderr by default. */
  onListenerError?: (error: unknown) => void;
}

export interface SesFaults {
  /** The next n sends answer `Throttling` and store nothing, as SES drops throttled mail. */
  throttle?: number;
  /** The next n sends are stored, then the connection is cut before the answer: the ambiguous case. */
  acceptThenFail?: number;
  /** The next n sends are cut off before anything is stored: the caller cannot tell this from the above. */
  failBeforeAccept?: number;
}

/** Called for every event SES publishes, with the sequence number of the message it is about. */
export type PublishListener = (seq: number, payload: unknown) => void | Promise<void>;

export type SentListener = (sent: SentMessage, event: SesSendEvent) => void | Promise<void>;
export type BounceListener = (
  notification: SesBounceNotification,
  event: SesBounceEvent,
) => void | Promise<void>;
export type ComplaintListener = (
  notification: SesComplaintNotification,
  event: SesComplaintEvent,
) => void | Promise<void>;

/** A Query API error, answered as `<ErrorResponse>` so the SDK maps `code` to its exception class. */
class SesApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

interface SendRequest {
  action: 'SendRawEmail' | 'SendEmail';
  raw: Buffer;
  source: string | null;
  destinations: string[];
  configurationSet: string | null;
  tags: Record<string, string>;
}

export class LocalSesEndpoint {
  private readonly now: () => Date;
  private readonly region: string;
  private readonly requestedPort: number;
  private readonly accountId: string;
  private readonly reportListenerError: (error: unknown) => void;
  /** Every accepted message: list, get, clear. */
  readonly outbox: Outbox;
  private readonly sentListeners: SentListener[] = [];
  private readonly bounceListeners: BounceListener[] = [];
  private readonly complaintListeners: ComplaintListener[] = [];
  private readonly publishListeners: PublishListener[] = [];
  private readonly record: SendRecord | null;
  private readonly trustClientTime: boolean;
  private faults = { throttle: 0, acceptThenFail: 0, failBeforeAccept: 0 };
  private server: Server | null = null;
  private port = 0;
  private nextSeq = 1;
  /** Listener calls run one at a time, in acceptance order (the outbox orders its own writes). */
  private notifying: Promise<void> = Promise.resolve();

  constructor(options: SesEndpointOptions) {
    this.now = options.now;
    this.region = options.region ?? 'us-east-1';
    this.requestedPort = options.port ?? 0;
    this.accountId = options.accountId ?? '000000000000';
    this.outbox = new Outbox(options.outboxDir ?? null);
    this.record = options.recordPath ? new SendRecord(options.recordPath) : null;
    this.trustClientTime = options.trustClientTime ?? false;
    this.reportListenerError =
      options.onListenerError ??
      ((error) => process.stderr.write(`local SES: a listener failed: ${errorText(error)}\n`));
  }

  /** Base URL for `new SESClient({ endpoint })`. */
  get url(): string {
    if (!this.server) throw new Error('The local SES endpoint is not started');
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (this.server) return;
    this.nextSeq = Math.max(this.nextSeq, (await this.outbox.open()) + 1);
    for (const send of (await this.record?.load()) ?? []) this.nextSeq = Math.max(this.nextSeq, send.seq + 1);
    const server = createServer((req, res) => void this.handle(req, res));
    // Idle connections stay open: a server closing one just as the client reuses it resets the
    // request, which a client making one attempt (as the sender does) must take as an unknown
    // outcome. stop() closes them all.
    server.keepAliveTimeout = 0;
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) =>
        reject(
          error.code === 'EADDRINUSE'
            ? new Error(`SES endpoint port ${this.requestedPort} is in use; pick another port (or 0)`)
            : error,
        ),
      );
      server.listen(this.requestedPort, '127.0.0.1', resolve);
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // The SDK keeps connections alive; without this, close() would wait for them to idle out.
    server.closeAllConnections();
    await closed;
    await this.outbox.idle();
    await this.idle();
  }

  /** Every accepted message, oldest first (each read from the outbox). */
  list(): Promise<SentMessage[]> {
    return this.outbox.messages();
  }

  injectFaults(faults: SesFaults): void {
    this.faults = {
      throttle: faults.throttle ?? this.faults.throttle,
      acceptThenFail: faults.acceptThenFail ?? this.faults.acceptThenFail,
      failBeforeAccept: faults.failBeforeAccept ?? this.faults.failBeforeAccept,
    };
  }

  /**
   * Every event SES publishes (Send, and the simulator's Bounce and Complaint), in acceptance
   * order, with the message's sequence number: what a relay that must not lose any listens to.
   */
  onPublish(listener: PublishListener): () => void {
    return subscribe(this.publishListeners, listener);
  }

  /** The durable record of messages after `seq` (empty without a record file): for publishing again after a restart. */
  async recordedSince(seq: number): Promise<RecordedSend[]> {
    return ((await this.record?.load()) ?? []).filter((send) => send.seq > seq);
  }

  /** Called after each message is stored, with the matching configuration-set `Send` event. */
  onSent(listener: SentListener): () => void {
    return subscribe(this.sentListeners, listener);
  }

  /** Mail to bounce@simulator.amazonses.com is stored, then "bounces" like the real simulator. */
  onBounce(listener: BounceListener): () => void {
    return subscribe(this.bounceListeners, listener);
  }

  /** Mail to complaint@simulator.amazonses.com is stored, then draws a complaint. */
  onComplaint(listener: ComplaintListener): () => void {
    return subscribe(this.complaintListeners, listener);
  }

  /**
   * Resolves once every listener call caused by sends so far has finished. Listeners run after
   * the API answer, as SES publishes events asynchronously; callers that need a settled state
   * (the virtual clock, tests) wait here.
   */
  async idle(): Promise<void> {
    let seen: Promise<void>;
    do {
      seen = this.notifying;
      await seen;
    } while (seen !== this.notifying);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    try {
      const params = await readForm(req);
      const action = params.get('Action');
      if (action !== 'SendRawEmail' && action !== 'SendEmail') {
        throw new SesApiError(
          'InvalidAction',
          `The action ${action ?? '(none)'} is not valid for this web service.`,
        );
      }
      const request = action === 'SendRawEmail' ? parseSendRawEmail(params) : await parseSendEmail(params);
      if (this.faults.throttle > 0) {
        this.faults.throttle -= 1;
        throw new SesApiError('Throttling', 'Maximum sending rate exceeded.');
      }
      if (this.faults.failBeforeAccept > 0) {
        this.faults.failBeforeAccept -= 1;
        req.socket.destroy();
        return;
      }
      const messageId = await this.accept(request, this.acceptanceTime(req));
      if (this.faults.acceptThenFail > 0) {
        this.faults.acceptThenFail -= 1;
        req.socket.destroy();
        return;
      }
      answer(res, 200, requestId, successXml(action, messageId, requestId));
    } catch (error) {
      if (res.headersSent || req.socket.destroyed) return;
      const apiError =
        error instanceof SesApiError
          ? error
          : new SesApiError('InternalFailure', (error as Error).message, 500);
      answer(res, apiError.status, requestId, errorXml(apiError, requestId));
    }
  }

  private acceptanceTime(req: IncomingMessage): Date {
    const header = req.headers[VIRTUAL_TIME_HEADER];
    const given = this.trustClientTime && typeof header === 'string' ? new Date(header) : null;
    return given && !Number.isNaN(given.getTime()) ? given : this.now();
  }

  /**
   * Validates, rewrites, stores and schedules the listeners; returns the SES message id. The
   * message is in the outbox (delivered) before it is in the record (evidence), and both before
   * the answer: a crash in between leaves a delivered message without evidence, which waits for
   * a person, never evidence of a message nobody got.
   */
  private async accept(request: SendRequest, acceptedAt: Date): Promise<string> {
    const duplicate = duplicatedSingleHeader(request.raw);
    if (duplicate) throw new SesApiError('MessageRejected', `Duplicate header '${duplicate}'.`);
    const id = sesMessageId(this.region, acceptedAt);
    const raw = rewriteSesHeaders(request.raw, {
      messageId: sesMessageIdHeader(id, this.region),
      date: acceptedAt,
    });
    const email = await PostalMime.parse(raw).catch((error: Error) => {
      throw new SesApiError('MessageRejected', `The message could not be parsed: ${error.message}`);
    });
    if (!email.from) throw new SesApiError('MessageRejected', "Missing required header 'From'.");
    const destinations = request.destinations.length ? request.destinations : headerRecipients(email);
    if (!destinations.length) throw new SesApiError('MessageRejected', 'Missing recipients.');

    const seq = this.nextSeq++;
    const entry: OutboxEntry = {
      seq,
      id,
      sentAt: acceptedAt.toISOString(),
      source: (request.source ? envelopeAddress(request.source) : mailboxAddress(email.from)) ?? '',
      destinations,
      configurationSet: request.configurationSet,
      tags: request.tags,
      raw,
    };
    const sent = await this.outbox.add(entry, email);
    const mail = mailObject(sent, email, this.region, this.accountId);
    const sendEventValue = sendEvent(mail);
    const bounced = sent.destinations.filter((address) => isSimulator(address, 'bounce'));
    const bounce = bounced.length ? bounceNotification(mail, bounced, this.region) : null;
    const complained = sent.destinations.filter((address) => isSimulator(address, 'complaint'));
    const complaint = complained.length ? complaintNotification(mail, complained, this.region) : null;
    // What SES publishes: the configuration set's events, and the identity's notifications.
    const published: unknown[] = [sendEventValue, ...(bounce ? [bounce[0]] : []), ...(complaint ? [complaint[0]] : [])];
    // The outbox (delivered) first, then the record (evidence), both before the answer.
    await this.record?.append({ seq, id, events: published });

    const calls: Array<() => void | Promise<void>> = [];
    for (const listener of this.sentListeners) calls.push(() => listener(sent, sendEventValue));
    if (bounce) for (const listener of this.bounceListeners) calls.push(() => listener(...bounce));
    if (complaint) for (const listener of this.complaintListeners) calls.push(() => listener(...complaint));
    for (const payload of published) for (const listener of this.publishListeners) calls.push(() => listener(seq, payload));
    for (const call of calls) {
      this.notifying = this.notifying.then(call).catch(this.reportListenerError);
    }
    return id;
  }
}

function subscribe<T>(listeners: T[], listener: T): () => void {
  listeners.push(listener);
  return () => {
    const index = listeners.indexOf(listener);
    if (index >= 0) listeners.splice(index, 1);
  };
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  if (req.method !== 'POST') throw new SesApiError('InvalidAction', 'Only POST requests are supported.');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    // Read on without keeping it: leaving the loop early would reset the connection, and the
    // client should see SES's answer rather than a network error.
    if (size <= MAX_REQUEST_BYTES) chunks.push(chunk);
  }
  if (size > MAX_REQUEST_BYTES) {
    throw new SesApiError(
      'MessageRejected',
      `Message length is more than ${MAX_ENCODED_MESSAGE_BYTES} bytes long.`,
    );
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function parseSendRawEmail(params: URLSearchParams): SendRequest {
  const data = params.get('RawMessage.Data');
  if (!data) throw new SesApiError('InvalidParameterValue', 'RawMessage.Data is required.');
  if (data.length > MAX_ENCODED_MESSAGE_BYTES) {
    throw new SesApiError(
      'MessageRejected',
      `Message length is more than ${MAX_ENCODED_MESSAGE_BYTES} bytes long: '${data.length}'.`,
    );
  }
  return {
    action: 'SendRawEmail',
    raw: Buffer.from(data, 'base64'),
    source: params.get('Source'),
    destinations: memberList(params, 'Destinations'),
    configurationSet: params.get('ConfigurationSetName'),
    tags: tagMap(params),
  };
}

/** SendEmail carries no raw message, so compose the one SES would build from the fields. */
async function parseSendEmail(params: URLSearchParams): Promise<SendRequest> {
  const source = params.get('Source');
  if (!source) throw new SesApiError('InvalidParameterValue', 'Source is required.');
  const to = memberList(params, 'Destination.ToAddresses');
  const cc = memberList(params, 'Destination.CcAddresses');
  const bcc = memberList(params, 'Destination.BccAddresses');
  const replyTo = memberList(params, 'ReplyToAddresses');
  const raw = await new MailComposer({
    from: source,
    to,
    cc,
    bcc,
    ...(replyTo.length && { replyTo }),
    subject: params.get('Message.Subject.Data') ?? '',
    text: params.get('Message.Body.Text.Data') ?? undefined,
    html: params.get('Message.Body.Html.Data') ?? undefined,
    newline: 'windows',
  })
    .compile()
    .build();
  return {
    action: 'SendEmail',
    raw,
    source,
    destinations: [...to, ...cc, ...bcc],
    configurationSet: params.get('ConfigurationSetName'),
    tags: tagMap(params),
  };
}

/** Query API lists arrive as `Name.member.1`, `Name.member.2`, … */
function memberList(params: URLSearchParams, name: string): string[] {
  const values: string[] = [];
  for (let i = 1; params.has(`${name}.member.${i}`); i++) {
    values.push(params.get(`${name}.member.${i}`) ?? '');
  }
  return values;
}

function tagMap(params: URLSearchParams): Record<string, string> {
  const tags: Record<string, string> = {};
  for (let i = 1; params.has(`Tags.member.${i}.Name`); i++) {
    tags[params.get(`Tags.member.${i}.Name`) ?? ''] = params.get(`Tags.member.${i}.Value`) ?? '';
  }
  return tags;
}

function headerRecipients(email: Email): string[] {
  const addresses = [...(email.to ?? []), ...(email.cc ?? []), ...(email.bcc ?? [])];
  return addresses.flatMap((address) =>
    address.group ? address.group.map((member) => member.address) : [address.address],
  );
}

/** `Source` may carry a display name; the envelope sender is the bare address. */
function envelopeAddress(source: string): string {
  const [first] = addressParser(source, { flatten: true });
  return first?.address || source;
}

function mailboxAddress(address: Address): string | undefined {
  return address.group ? address.group[0]?.address : address.address;
}

function isSimulator(address: string, mailbox: 'bounce' | 'complaint'): boolean {
  // The simulator accepts plus-labels (bounce+order-17@…) so tests can tell their messages apart.
  return new RegExp(`^${mailbox}(\\+[^@]*)?@simulator\\.amazonses\\.com$`, 'i').test(address.trim());
}

function answer(res: ServerResponse, status: number, requestId: string, xml: string): void {
  res.writeHead(status, {
    'content-type': 'text/xml',
    'x-amzn-requestid': requestId,
    'content-length': Buffer.byteLength(xml),
  });
  res.end(xml);
}

function successXml(action: SendRequest['action'], messageId: string, requestId: string): string {
  return (
    `<${action}Response xmlns="${XMLNS}"><${action}Result><MessageId>${xmlEscape(messageId)}</MessageId>` +
    `</${action}Result><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`
  );
}

function errorXml(error: SesApiError, requestId: string): string {
  const type = error.status >= 500 ? 'Receiver' : 'Sender';
  return (
    `<ErrorResponse xmlns="${XMLNS}"><Error><Type>${type}</Type><Code>${xmlEscape(error.code)}</Code>` +
    `<Message>${xmlEscape(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`
  );
}

function xmlEscape(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

function errorText(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

