import { createTransport } from 'nodemailer';
import { afterEach, describe, expect, it } from 'vitest';
import { UnreadableMailError } from '../../../functions/core/errors.ts';
import {
  SmtpInboundServer,
  type InboundMessage,
  type SmtpInboundOptions,
} from '../../../functions/local/smtp-inbound.ts';

const REPLY = [
  'From: Jane Doe <jane@example.com>',
  'To: Sarah at Northwind <reply+tok123@in.example.com>',
  'Subject: Re: How is the kettle treating you?',
  'Message-ID: <CAE-reply-1@mail.example.com>',
  'In-Reply-To: <0100019a-0000@email.amazonses.com>',
  '',
  'It is lovely, thank you.',
  '.leading dot survives dot-stuffing',
  '',
].join('\r\n');

const servers: SmtpInboundServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.stop()));
});

async function startSmtp(options: Partial<SmtpInboundOptions> & Pick<SmtpInboundOptions, 'onMessage'>) {
  const server = new SmtpInboundServer({ port: 0, onError: () => {}, ...options });
  await server.start();
  servers.push(server);
  return server;
}

function send(server: SmtpInboundServer, raw: string, to = ['reply+tok123@in.example.com']) {
  const transport = createTransport({ host: '127.0.0.1', port: server.port, secure: false, ignoreTLS: true });
  return transport.sendMail({ envelope: { from: 'jane@example.com', to }, raw });
}

describe('inbound SMTP server', () => {
  it('hands over the raw bytes and the envelope', async () => {
    const received: InboundMessage[] = [];
    const server = await startSmtp({ onMessage: async (message) => void received.push(message) });

    const info = await send(server, REPLY, ['reply+tok123@in.example.com', 'archive@in.example.com']);

    expect(info.response).toMatch(/^250 /);
    expect(received).toHaveLength(1);
    // As the delivering server, it records the envelope sender on top (RFC 5321 §4.4).
    expect(received[0]!.raw.toString('utf8')).toBe(`Return-Path: <jane@example.com>\r\n${REPLY}`);
    expect(received[0]!.envelope).toEqual({
      from: 'jane@example.com',
      to: ['reply+tok123@in.example.com', 'archive@in.example.com'],
    });
  });

  it('answers 554 for a message that cannot be read at all, so the sender does not retry it forever', async () => {
    const server = await startSmtp({
      onMessage: async () => {
        throw new UnreadableMailError('the message could not be read: broken structure');
      },
    });

    const failure = await send(server, REPLY).catch((error: Error & { responseCode?: number }) => error);

    expect((failure as { responseCode?: number }).responseCode).toBe(554);
    expect((failure as Error).message).toContain('could not be read');
  });

  it('answers 451 with the reason when handling fails, so the sender retries', async () => {
    const errors: unknown[] = [];
    const server = await startSmtp({
      onMessage: async () => {
        throw new Error('table is unavailable');
      },
      onError: (error) => errors.push(error),
    });

    const failure = await send(server, REPLY).catch((error: Error & { responseCode?: number }) => error);

    expect(failure).toBeInstanceOf(Error);
    expect((failure as { responseCode?: number }).responseCode).toBe(451);
    expect((failure as Error).message).toContain('table is unavailable');
    expect(errors).toHaveLength(1);
  });

  it('answers 552 for a message over the size limit without calling the handler', async () => {
    let calls = 0;
    const server = await startSmtp({ maxMessageBytes: 1024, onMessage: async () => void calls++ });

    const failure = await send(server, `${REPLY}${'x'.repeat(76)}\r\n`.repeat(40)).catch(
      (error: Error & { responseCode?: number }) => error,
    );

    expect((failure as { responseCode?: number }).responseCode).toBe(552);
    expect(calls).toBe(0);
  });

  it('accepts the null sender <> of a bounce and records it as Return-Path: <>', async () => {
    const received: InboundMessage[] = [];
    const server = await startSmtp({ onMessage: async (message) => void received.push(message) });
    const transport = createTransport({ host: '127.0.0.1', port: server.port, secure: false, ignoreTLS: true });

    const info = await transport.sendMail({ envelope: { from: '', to: ['reply+tok123@in.example.com'] }, raw: REPLY });

    expect(info.response).toMatch(/^250 /);
    expect(received[0]!.envelope.from).toBe('');
    expect(received[0]!.raw.toString('utf8').split('\r\n')[0]).toBe('Return-Path: <>');
  });

  it('takes at most 100 recipients for one message', async () => {
    const server = await startSmtp({ onMessage: async () => {} });
    const many = Array.from({ length: 101 }, (_, i) => `r${i}@in.example.com`);
    const transport = createTransport({ host: '127.0.0.1', port: server.port, secure: false, ignoreTLS: true });

    const info = await transport.sendMail({ envelope: { from: 'jane@example.com', to: many }, raw: REPLY });

    expect(info.accepted).toHaveLength(100);
    expect(info.rejected).toEqual(['r100@in.example.com']);
  });

  it('explains how to move off a port that is in use', async () => {
    const first = await startSmtp({ onMessage: async () => {} });
    const second = new SmtpInboundServer({ port: first.port, onMessage: async () => {} });

    await expect(second.start()).rejects.toThrow(`SMTP port ${first.port} is in use; set SMTP_PORT`);
  });
});
