import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SESClient, SendEmailCommand, SendRawEmailCommand } from '@aws-sdk/client-ses';
import MailComposer, { type Options as MailOptions } from 'nodemailer/lib/mail-composer';
import { afterEach, describe, expect, it } from 'vitest';
import {
  LocalSesEndpoint,
  type SesBounceEvent,
  type SesBounceNotification,
  type SesComplaintNotification,
  type SesEndpointOptions,
  type SesSendEvent,
} from '../../../functions/local/ses/endpoint.ts';

const ACCEPTED_AT = new Date('2026-03-04T09:15:00.000Z');
const SES_ID = /^[0-9a-f]{16}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-000000$/;
const LIST_UNSUBSCRIBE =
  '<https://shop.example/unsubscribe?t=abc123>, <mailto:unsubscribe@shop.example?subject=abc123>';

const started: LocalSesEndpoint[] = [];
const tempDirs: string[] = [];

afterEach(async () => {
  await Promise.all(started.splice(0).map((ses) => ses.stop()));
  await Promise.all(tempDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function startSes(options: Partial<SesEndpointOptions> = {}): Promise<LocalSesEndpoint> {
  const ses = new LocalSesEndpoint({ now: () => ACCEPTED_AT, ...options });
  await ses.start();
  started.push(ses);
  return ses;
}

function clientFor(ses: LocalSesEndpoint, region = 'us-east-1'): SESClient {
  return new SESClient({
    endpoint: ses.url,
    region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
}

function checkInMime(overrides: MailOptions = {}): Promise<Buffer> {
  return new MailComposer({
    from: 'Sarah at Northwind <sarah@northwind.example>',
    to: 'Jane Doe <jane@example.com>',
    replyTo: 'Sarah at Northwind <reply+tok123@in.example.com>',
    subject: 'How is the kettle treating you?',
    text: 'Hi Jane, just checking in.',
    messageId: '<composed-locally@northwind.example>',
    date: new Date('2020-01-01T00:00:00Z'),
    headers: {
      'List-Unsubscribe': LIST_UNSUBSCRIBE,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      'In-Reply-To': '<earlier@northwind.example>',
    },
    ...overrides,
  })
    .compile()
    .build();
}

async function sendRaw(
  client: SESClient,
  mime: Buffer,
  extra: Partial<ConstructorParameters<typeof SendRawEmailCommand>[0]> = {},
) {
  return client.send(new SendRawEmailCommand({ RawMessage: { Data: mime }, ...extra }));
}

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'followup-ses-'));
  tempDirs.push(dir);
  return dir;
}

describe('local SES endpoint', () => {
  it('stores the message byte for byte except for the Message-ID and Date SES rewrites', async () => {
    const ses = await startSes();
    const mime = await checkInMime();

    const { MessageId } = await sendRaw(clientFor(ses), mime);

    expect(MessageId).toMatch(SES_ID);
    const [sent] = await ses.list();
    const expected = mime
      .toString('latin1')
      .replace(/^Message-ID: .*\r\n/m, `Message-ID: <${MessageId}@email.amazonses.com>\r\n`)
      .replace(/^Date: .*\r\n/m, 'Date: Wed, 04 Mar 2026 09:15:00 +0000\r\n');
    expect(Buffer.from(sent!.raw, 'base64').toString('latin1')).toBe(expected);
    expect(sent).toMatchObject({
      id: MessageId,
      messageId: `<${MessageId}@email.amazonses.com>`,
      from: 'Sarah at Northwind <sarah@northwind.example>',
      to: 'Jane Doe <jane@example.com>',
      replyTo: 'Sarah at Northwind <reply+tok123@in.example.com>',
      subject: 'How is the kettle treating you?',
      text: 'Hi Jane, just checking in.\n',
      html: null,
      sentAt: '2026-03-04T09:15:00.000Z',
      destinations: ['jane@example.com'],
    });
    expect(sent!.headers['list-unsubscribe']).toBe(LIST_UNSUBSCRIBE);
    expect(sent!.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    expect(sent!.headers['in-reply-to']).toBe('<earlier@northwind.example>');
  });

  it('uses the Region host in Message-ID outside us-east-1 and decodes RFC 2047 display names', async () => {
    const ses = await startSes({ region: 'eu-west-1' });
    const mime = await checkInMime({ from: 'Zoë at Northwind <zoe@northwind.example>' });

    const { MessageId } = await sendRaw(clientFor(ses, 'eu-west-1'), mime);

    const [sent] = await ses.list();
    expect(sent!.messageId).toBe(`<${MessageId}@eu-west-1.amazonses.com>`);
    expect(sent!.headers['from']).toMatch(/=\?UTF-8\?/i);
    expect(sent!.from).toBe('Zoë at Northwind <zoe@northwind.example>');
  });

  it('rewrites a folded Message-ID in LF-only mail and adds a missing Date with the same line ends', async () => {
    const ses = await startSes();
    const mime = Buffer.from(
      'From: sarah@northwind.example\nMessage-ID:\n <folded@northwind.example>\nTo: jane@example.com\n' +
        'X-Mailer: hand-written\n\nBody line\n',
    );

    const { MessageId } = await sendRaw(clientFor(ses), mime);

    expect(Buffer.from((await ses.list())[0]!.raw, 'base64').toString('latin1')).toBe(
      `From: sarah@northwind.example\nMessage-ID: <${MessageId}@email.amazonses.com>\nTo: jane@example.com\n` +
        'X-Mailer: hand-written\nDate: Wed, 04 Mar 2026 09:15:00 +0000\n\nBody line\n',
    );
  });

  it('answers Throttling and stores nothing while a throttle fault is pending', async () => {
    const ses = await startSes();
    const client = clientFor(ses);
    ses.injectFaults({ throttle: 1 });

    const error = await sendRaw(client, await checkInMime()).catch((caught: Error) => caught);

    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe('Throttling');
    expect((error as Error).message).toBe('Maximum sending rate exceeded.');
    expect(await ses.list()).toEqual([]);
    await sendRaw(client, await checkInMime());
    expect(await ses.list()).toHaveLength(1);
  });

  it('stores the message and then cuts the connection for acceptThenFail', async () => {
    const ses = await startSes();
    ses.injectFaults({ acceptThenFail: 1 });

    await expect(sendRaw(clientFor(ses), await checkInMime())).rejects.toThrow();

    expect(await ses.list()).toHaveLength(1);
    expect((await ses.list())[0]!.subject).toBe('How is the kettle treating you?');
  });

  it('rejects a message without From, and one with two List-Unsubscribe headers', async () => {
    const ses = await startSes();
    const client = clientFor(ses);
    const withoutFrom = Buffer.from('To: jane@example.com\r\nSubject: hi\r\n\r\nbody\r\n');
    const twoUnsubscribes = await checkInMime({
      headers: { 'List-Unsubscribe': ['<https://shop.example/u>', '<mailto:u@shop.example>'] },
    });

    const missingFrom = await sendRaw(client, withoutFrom).catch((caught: Error) => caught);
    const duplicate = await sendRaw(client, twoUnsubscribes).catch((caught: Error) => caught);

    expect((missingFrom as Error).name).toBe('MessageRejected');
    expect((duplicate as Error).name).toBe('MessageRejected');
    expect((duplicate as Error).message).toBe("Duplicate header 'List-Unsubscribe'.");
    expect(await ses.list()).toEqual([]);
  });

  it('publishes a Send event for each stored message', async () => {
    const ses = await startSes();
    const events: SesSendEvent[] = [];
    ses.onSent((sent, event) => {
      expect(ses.outbox.list().map((message) => message.id)).toContain(sent.id);
      events.push(event);
    });

    const { MessageId } = await sendRaw(clientFor(ses), await checkInMime(), {
      ConfigurationSetName: 'followup',
      Tags: [{ Name: 'store', Value: 'northwind' }],
    });
    await ses.idle();

    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      eventType: 'Send',
      mail: {
        messageId: MessageId,
        destination: ['jane@example.com'],
        tags: { 'ses:configuration-set': ['followup'], store: ['northwind'] },
      },
    });
  });

  it('bounces and complains like the mailbox simulator', async () => {
    const ses = await startSes();
    const client = clientFor(ses);
    const bounces: Array<[SesBounceNotification, SesBounceEvent]> = [];
    const complaints: SesComplaintNotification[] = [];
    ses.onBounce((notification, event) => void bounces.push([notification, event]));
    ses.onComplaint((notification) => void complaints.push(notification));

    const bounced = await sendRaw(client, await checkInMime({ to: 'bounce@simulator.amazonses.com' }), {
      ConfigurationSetName: 'followup',
      Tags: [{ Name: 'noteId', Value: 'n-17' }],
    });
    const complained = await sendRaw(client, await checkInMime({ to: 'complaint@simulator.amazonses.com' }));
    await ses.idle();

    expect(await ses.list()).toHaveLength(2);
    expect(bounces).toHaveLength(1);
    const [notification, event] = bounces[0]!;
    expect(notification).toMatchObject({
      notificationType: 'Bounce',
      bounce: {
        bounceType: 'Permanent',
        bouncedRecipients: [{ emailAddress: 'bounce@simulator.amazonses.com' }],
        timestamp: '2026-03-04T09:15:00.000Z',
      },
      mail: { messageId: bounced.MessageId, tags: { noteId: ['n-17'] } },
    });
    expect(event.eventType).toBe('Bounce');
    expect(complaints).toEqual([
      expect.objectContaining({
        notificationType: 'Complaint',
        complaint: expect.objectContaining({
          complainedRecipients: [{ emailAddress: 'complaint@simulator.amazonses.com' }],
        }),
        mail: expect.objectContaining({ messageId: complained.MessageId }),
      }),
    ]);
    expect(complaints[0]!.mail.tags).toBeUndefined();
  });

  it('composes SendEmail requests into MIME', async () => {
    const ses = await startSes();

    const { MessageId } = await clientFor(ses).send(
      new SendEmailCommand({
        Source: 'Sarah <sarah@northwind.example>',
        Destination: { ToAddresses: ['jane@example.com'], BccAddresses: ['audit@northwind.example'] },
        ReplyToAddresses: ['reply+tok@in.example.com'],
        Message: {
          Subject: { Data: 'Hello' },
          Body: { Text: { Data: 'Plain' }, Html: { Data: '<p>Rich</p>' } },
        },
      }),
    );

    expect(await ses.list()).toEqual([
      expect.objectContaining({
        id: MessageId,
        messageId: `<${MessageId}@email.amazonses.com>`,
        replyTo: 'reply+tok@in.example.com',
        subject: 'Hello',
        html: '<p>Rich</p>\n',
        source: 'sarah@northwind.example',
        destinations: ['jane@example.com', 'audit@northwind.example'],
      }),
    ]);
    expect((await ses.list())[0]!.headers['bcc']).toBeUndefined();
  });

  it('keeps the outbox across a restart with the same directory', async () => {
    const outboxDir = await tempDir();
    const first = await startSes({ outboxDir });
    const firstId = (await sendRaw(clientFor(first), await checkInMime())).MessageId;
    const before = await first.list();
    await first.stop();

    const second = await startSes({ outboxDir });
    expect(await second.list()).toEqual(before);
    const secondId = (await sendRaw(clientFor(second), await checkInMime({ subject: 'Second' }))).MessageId;
    await second.stop();

    const third = await startSes({ outboxDir });
    expect((await third.list()).map((sent) => [sent.id, sent.subject])).toEqual([
      [firstId, 'How is the kettle treating you?'],
      [secondId, 'Second'],
    ]);
  });
});
