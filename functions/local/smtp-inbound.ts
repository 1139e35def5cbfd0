/**
 * The local front door for customers' replies: an SMTP server any mail client (or nodemailer)
 * can send to. Each message's raw bytes and envelope go to the same inbound handling that the
 * SES receipt path feeds. The SMTP answer is given only after that handling finished, so a
 * failure becomes a temporary error the sender retries instead of a lost reply; a message that
 * cannot be read at all is refused for good (554), as retrying it would not help.
 *
 * As the final delivering server, it records the envelope sender in a Return-Path header on top
 * of the message (RFC 5321 §4.4), as SES does in the mail it stores: a bounce comes from the null
 * sender `<>`, and that is how it is told from a reply.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { UnreadableMailError } from '../core/errors.ts';

/** What SES receiving accepts (its S3 action stores up to 40 MB). */
const DEFAULT_MAX_MESSAGE_BYTES = 40 * 1024 * 1024;
/** RFC 5321 asks servers to take at least 100 recipients; a reply needs one. */
const MAX_RECIPIENTS = 100;
const MAX_CLIENTS = 50;

export interface InboundEnvelope {
  /** MAIL FROM; empty for the null sender `<>` that bounces use. */
  from: string;
  /** RCPT TO, in order: the reply+token address lives here, not necessarily in To:. */
  to: string[];
}

export interface InboundMessage {
  raw: Buffer;
  envelope: InboundEnvelope;
}

export interface SmtpInboundOptions {
  /** Called once per message; a rejection makes the server answer 451 so the sender retries. */
  onMessage: (message: InboundMessage) => Promise<void>;
  /** Port on 127.0.0.1; 0 picks a free one. Default 2525. */
  port?: number;
  /** Messages above this size are answered 552. Default 40 MB, as SES. */
  maxMessageBytes?: number;
  /** Told about messages refused because onMessage failed, and about server errors; stderr by default. */
  onError?: (error: unknown) => void;
}

export class SmtpInboundServer {
  private readonly requestedPort: number;
  private readonly maxMessageBytes: number;
  private readonly onMessage: SmtpInboundOptions['onMessage'];
  private readonly reportError: (error: unknown) => void;
  private server: SMTPServer | null = null;
  private boundPort = 0;

  constructor(options: SmtpInboundOptions) {
    this.onMessage = options.onMessage;
    this.requestedPort = options.port ?? 2525;
    this.maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    this.reportError =
      options.onError ??
      ((error) =>
        process.stderr.write(`local SMTP: ${error instanceof Error ? error.message : String(error)}\n`));
  }

  get port(): number {
    if (!this.server) throw new Error('The inbound SMTP server is not started');
    return this.boundPort;
  }

  async start(): Promise<void> {
    if (this.server) return;
    const server = new SMTPServer({
      banner: 'followup local inbound',
      authOptional: true,
      // Plain SMTP on loopback: a STARTTLS offer would make clients demand a certificate.
      disabledCommands: ['STARTTLS'],
      size: this.maxMessageBytes,
      // Answer 552 for an oversized message whatever onData decides.
      rejectOversized: true,
      logger: false,
      closeTimeout: 2_000,
      maxClients: MAX_CLIENTS,
      // An idle or trickling client is dropped rather than held open.
      socketTimeout: 60_000,
      onRcptTo: (_address, session, callback) =>
        callback(session.envelope.rcptTo.length >= MAX_RECIPIENTS ? smtpError(452, 'Too many recipients') : undefined),
      onData: (stream, session, callback) => this.receive(stream, session, callback),
    });
    await new Promise<void>((resolve, reject) => {
      const failed = (error: NodeJS.ErrnoException) =>
        reject(
          error.code === 'EADDRINUSE'
            ? new Error(
                `SMTP port ${this.requestedPort} is in use; set SMTP_PORT to a free port (or 0 to pick one)`,
              )
            : error,
        );
      server.once('error', failed);
      server.listen(this.requestedPort, '127.0.0.1', () => {
        server.off('error', failed);
        resolve();
      });
    });
    // Client-side disconnects surface as server errors; they must not crash the runtime.
    server.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ECONNRESET') this.reportError(error);
    });
    this.boundPort = (server.server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private receive(
    stream: SMTPServerDataStream,
    session: SMTPServerSession,
    callback: (error?: Error | null) => void,
  ): void {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Keep draining an oversized message (SMTP needs the whole DATA) but stop buffering it.
      if (size <= this.maxMessageBytes) chunks.push(chunk);
    });
    stream.on('error', (error) => callback(error));
    stream.on('end', () => {
      if (stream.sizeExceeded) return callback(smtpError(552, 'Message exceeds fixed maximum message size'));
      const envelope = {
        from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
        to: session.envelope.rcptTo.map((recipient) => recipient.address),
      };
      const raw = Buffer.concat([Buffer.from(`Return-Path: <${envelope.from.replace(/[\s<>]/g, '')}>\r\n`), ...chunks]);
      this.onMessage({ raw, envelope }).then(
        () => callback(),
        (error: unknown) => {
          this.reportError(new Error(`refused a message for ${envelope.to.join(', ')}: ${describe(error)}`));
          if (error instanceof UnreadableMailError) return callback(smtpError(554, `Transaction failed: ${describe(error)}`));
          callback(
            smtpError(
              451,
              `Requested action aborted: message not stored (${describe(error)}); try again later`,
            ),
          );
        },
      );
    });
  }
}

function smtpError(responseCode: number, message: string): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode });
}

/** One short line: the text goes into an SMTP reply. */
function describe(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s+/g, ' ').slice(0, 200);
}
