/**
 * The local SES endpoint's evidence of what it accepted, driven by the real SES client: a record
 * on disk before each answer, read back by a new endpoint on the same file, and the runtime's
 * relay that hands the events over again after a crash, exactly as far as they were not handled.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SendRawEmailCommand, SESClient } from '@aws-sdk/client-ses';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalClock, sendVirtualTime } from '../../../functions/local/local-clock.ts';
import { LocalSesEndpoint, type SesEndpointOptions } from '../../../functions/local/ses/endpoint.ts';
import { SesEventRelay } from '../../../functions/local/ses-event-relay.ts';

const NOW = new Date('2026-11-23T15:00:00.000Z');
const started: LocalSesEndpoint[] = [];
const dirs: string[] = [];

afterEach(async () => {
  await Promise.all(started.splice(0).map((ses) => ses.stop()));
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function folder(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'followup-ses-record-'));
  dirs.push(dir);
  return dir;
}

async function startSes(options: Partial<SesEndpointOptions>): Promise<LocalSesEndpoint> {
  const ses = new LocalSesEndpoint({ now: () => NOW, ...options });
  await ses.start();
  started.push(ses);
  return ses;
}

function client(ses: LocalSesEndpoint): SESClient {
  return new SESClient({ endpoint: ses.url, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
}

function send(ses: SESClient, noteId: string) {
  const raw = Buffer.from(['From: Sarah <sarah@northwind.example>', 'To: ada@example.com', `Subject: note ${noteId}`, '', 'Hello Ada.', ''].join('\r\n'));
  return ses.send(
    new SendRawEmailCommand({
      Source: 'sarah@northwind.example',
      Destinations: ['ada@example.com'],
      RawMessage: { Data: raw },
      ConfigurationSetName: 'followup-local',
      Tags: [
        { Name: 'noteId', Value: noteId },
        { Name: 'stage', Value: 'thank-you' },
      ],
    }),
  );
}

describe('the local SES endpoint’s record', () => {
  it('holds a message before the sender hears back, and a new endpoint on the same file reads it', async () => {
    const recordPath = join(await folder(), 'ses', 'sends.jsonl');
    const first = await startSes({ recordPath });
    first.injectFaults({ acceptThenFail: 1 });
    // The answer never arrives: the sender cannot tell whether SES took the mail.
    await expect(send(client(first), 'n1')).rejects.toThrow();
    const [line] = (await readFile(recordPath, 'utf8')).trim().split('\n');
    const recorded = JSON.parse(line!);
    expect(recorded).toMatchObject({ seq: 1, events: [{ eventType: 'Send', mail: { tags: { noteId: ['n1'], stage: ['thank-you'] } } }] });
    await first.stop();

    const second = await startSes({ recordPath });
    expect((await second.recordedSince(0)).map((r) => r.id)).toEqual([recorded.id]);
    await send(client(second), 'n2');
    expect((await second.recordedSince(1)).map((r) => r.seq)).toEqual([2]);
  });

  it('records nothing when the connection is cut before the message is taken', async () => {
    const recordPath = join(await folder(), 'sends.jsonl');
    const ses = await startSes({ recordPath });
    ses.injectFaults({ failBeforeAccept: 1 });
    await expect(send(client(ses), 'n1')).rejects.toThrow();
    expect(await ses.recordedSince(0)).toEqual([]);
    expect(await ses.list()).toEqual([]);
  });

  it('accepts a mail at the moment its sender runs at on the virtual clock, when told to', async () => {
    const clock = new LocalClock(new Date('2026-11-23T18:00:00.000Z'));
    const trusting = await startSes({ now: () => clock.now(), trustClientTime: true });
    const plain = await startSes({ now: () => clock.now() });
    for (const ses of [trusting, plain]) {
      const c = client(ses);
      sendVirtualTime(c, clock);
      await clock.runAt(new Date('2026-11-23T16:17:42.000Z'), () => send(c, 'timed'));
    }
    expect((await trusting.list())[0]!.sentAt).toBe('2026-11-23T16:17:42.000Z');
    expect((await plain.list())[0]!.sentAt).toBe('2026-11-23T18:00:00.000Z');
  });
});

describe('the relay of SES events', () => {
  it('hands over what an earlier run never handled, once, and remembers how far it got', async () => {
    const dir = await folder();
    const recordPath = join(dir, 'sends.jsonl');
    const statePath = join(dir, 'events-handled.json');
    const ses = await startSes({ recordPath });
    await send(client(ses), 'handled');
    const handled: string[] = [];
    const tagOf = (payload: unknown) => (payload as { mail: { tags: { noteId: string[] } } }).mail.tags.noteId[0]!;
    const relay = new SesEventRelay({ handle: async (p) => void handled.push(tagOf(p)), statePath, onError: () => undefined });
    // Started after the first send, as after a restart: the record is where it comes from.
    expect(await relay.start(ses)).toBe(1);
    await send(client(ses), 'live');
    await ses.idle();
    await relay.flush();
    expect(handled).toEqual(['handled', 'live']);

    // Killed after the next message was recorded, before its event was handled.
    await send(client(ses), 'missed');
    const again: string[] = [];
    const after = new SesEventRelay({ handle: async (p) => void again.push(tagOf(p)), statePath, onError: () => undefined });
    const restarted = await startSes({ recordPath });
    expect(await after.start(restarted)).toBe(1);
    await after.flush();
    expect(again).toEqual(['missed']);
  });

  it('tries a failing handler three times, then reports it and goes on', async () => {
    const ses = await startSes({});
    let calls = 0;
    const errors: Error[] = [];
    const relay = new SesEventRelay({
      handle: async () => {
        calls += 1;
        throw new Error('ThrottlingException');
      },
      statePath: null,
      onError: (e) => void errors.push(e),
    });
    await relay.start(ses);
    await send(client(ses), 'n1');
    await ses.idle();
    await relay.flush();
    expect(calls).toBe(3);
    expect(errors.map((e) => e.message)).toEqual(['ThrottlingException']);
  });
});
