/**
 * The same message twice: a sending server that did not hear our "accepted" sends the mail once
 * more, and SES takes it in under a new id. Through the local runtime (/dev/inbound gives every
 * message its own mail id, as SES does): the copy changes nothing, so the senior person is told
 * once and the customer gets one answer; a new message that only reuses a Message-ID is read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { address, api, customerWithNote, mailTo, rawReply, type Sent } from '../../support/conversations.ts';
import { startTestRuntime, type TestRuntime } from '../../support/runtime.ts';

// Monday 2026-11-23, 10:00 in New York.
const START = '2026-11-23T15:00:00.000Z';
let rt: TestRuntime;

beforeAll(async () => {
  rt = await startTestRuntime({ clockStart: START });
});
afterAll(() => rt?.stop());

const about = (mails: Sent[], words: string) => mails.filter((m) => m.text.includes(words));
const inbound = (raw: string) => rt.post('/dev/inbound', raw, { 'content-type': 'message/rfc822' });

describe('a message that comes twice', () => {
  it('reaches the senior person once and is kept once: the copy answers what the first came to', async () => {
    const { buyer, note } = await customerWithNote(rt, 'copy');
    const raw = rawReply({ from: buyer, to: address(note.replyTo), subject: `Re: ${note.subject}`, inReplyTo: note.messageId, text: 'The glass shade arrived shattered.' });
    const first = await inbound(raw);
    const again = await inbound(raw);
    expect(first.body).toMatchObject({ outcome: 'reply', classification: { category: 'complaint' } });
    expect(again.body).toEqual({
      outcome: 'reply',
      conversationId: first.body.conversationId,
      escalationId: first.body.escalationId,
      storeId: 'northwind',
      reasons: ['the same message came again: it was handled once, when it first came'],
    });
    await rt.advance('PT5M');

    expect(about(await mailTo(rt, 'tom@northwind.example'), 'arrived shattered')).toHaveLength(1);
    const { body: escalations } = await api(rt, 'GET', '/api/escalations?status=open');
    expect(escalations.items.filter((e: { conversationId?: string; id: string }) => e.id === first.body.escalationId)).toHaveLength(1);
    const { body: conversation } = await api(rt, 'GET', `/api/conversations/${first.body.conversationId}`);
    expect(conversation.messages.filter((m: { direction: string }) => m.direction === 'in')).toHaveLength(1);
  });

  it('reads a new message that reuses an earlier Message-ID with other words', async () => {
    const { buyer, note } = await customerWithNote(rt, 'reused');
    const messageId = '<fixed-id@mail.example.com>';
    const reply = (text: string) => rawReply({ from: buyer, to: address(note.replyTo), subject: `Re: ${note.subject}`, inReplyTo: note.messageId, text, messageId });
    const praise = await inbound(reply('All arrived, lovely lamp, thank you!'));
    const problem = await inbound(reply('Update: the switch stopped working after one evening.'));
    expect(praise.body).toMatchObject({ outcome: 'reply', classification: { category: 'praise' } });
    expect(problem.body).toMatchObject({ outcome: 'reply', classification: { category: 'complaint' } });
    const { body: conversation } = await api(rt, 'GET', `/api/conversations/${problem.body.conversationId}`);
    expect(conversation.messages.filter((m: { direction: string }) => m.direction === 'in')).toHaveLength(2);
  });

  it('relays a person’s answer to the customer once when their mail client sends it twice', async () => {
    const { buyer, note } = await customerWithNote(rt, 'answertwice');
    await inbound(rawReply({ from: buyer, to: address(note.replyTo), subject: `Re: ${note.subject}`, inReplyTo: note.messageId, text: 'Does the lamp take a standard E27 bulb?' }));
    const [notice] = about(await mailTo(rt, 'sarah@northwind.example'), 'E27');
    const answer = rawReply({
      from: 'sarah@northwind.example',
      fromName: 'Sarah',
      to: address(notice!.replyTo),
      subject: `Re: ${notice!.subject}`,
      inReplyTo: notice!.messageId,
      text: 'Hi Ada, yes: any E27 bulb up to 60 W fits.\n\nSarah',
      quote: [],
    });
    const relayed = await inbound(answer);
    const again = await inbound(answer);
    expect(again.body).toMatchObject({ outcome: relayed.body.outcome, reasons: ['the same message came again: it was handled once, when it first came'] });
    await rt.advance('PT5M');
    expect(about(await mailTo(rt, buyer), 'any E27 bulb')).toHaveLength(1);
  });
});
