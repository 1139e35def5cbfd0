/**
 * Reading whole sentences: negation and its reach, contrast, sarcasm, a problem stated as a
 * plain fact, questions that hide a defect, hypotheses, problems put right; and bad input.
 */
import { describe, expect, it } from 'vitest';
import { classifyReply } from '../../../functions/core/domain/classify.ts';

const reply = (strippedText: string) => classifyReply({ headers: {}, from: { name: null, address: 'c@example.com' }, subject: 'Re: How is the lamp?', strippedText });
const category = (text: string) => reply(text).category;

describe('negation', () => {
  it.each([
    'Nothing broken, nothing missing.',
    'Can’t complain!',
    'Not disappointed at all.',
    'No problems whatsoever, thanks.',
    'Rien de cassé, rien ne manque.',
    'Nichts kaputt, nichts fehlt, alles gut.',
    'Ningún problema, todo perfecto.',
    'Not a single scratch on it.',
    'It doesn’t leak and it doesn’t wobble.',
    'Er tropft nicht und wackelt nicht.',
  ])('a happy reply full of negations does not escalate: "%s"', (text) => {
    expect(reply(text).escalate).toBe(false);
  });

  it.each([
    'The lid doesn’t close.',
    'Der Deckel schließt nicht.',
    'Le couvercle ne ferme pas.',
    'La tapa no cierra.',
    'It hasn’t arrived.',
    'Still no reply to my email.',
  ])('a negated function is a problem: "%s"', (text) => {
    expect(reply(text).escalate).toBe(true);
  });

  it('keeps "not yet" apart from "not working"', () => {
    expect(category('Todavía no la he montado.')).toBe('other');
    expect(category('Haven’t had a chance to light it yet.')).toBe('other');
    expect(category('It hasn’t arrived yet.')).toBe('complaint');
  });
});

describe('contrast and sarcasm', () => {
  it('weighs what follows a "but": a problem after praise counts', () => {
    expect(category('Me gusta el diseño, pero la tapa no cierra bien.')).toBe('complaint');
    expect(category('Love it, but the handle is wobbly.')).toBe('complaint');
  });

  it('lets praise after a "but" outweigh a slow delivery or a battered box, never a broken product', () => {
    expect(category('The box was battered but the lamp itself is perfect.')).toBe('praise');
    expect(category('It took ages to come, but it was worth the wait.')).toBe('praise');
    expect(category('The box was perfect but the lamp inside was broken.')).toBe('complaint');
  });

  it('hears a bad fact under praise words', () => {
    expect(reply('Super, schon die zweite Lampe mit gesprungenem Glas.')).toMatchObject({ category: 'complaint', language: 'de' });
    expect(category('Great, just great. The third mug in a row with a cracked handle.')).toBe('complaint');
  });
});

describe('a problem as a plain fact, short, misspelt or unpunctuated', () => {
  it.each([
    ['took £89 twice', 'high'],
    ['a small spark and a pop … the fuse has gone', 'high'],
    ['Llegó rota. Otra vez.', 'normal'],
    ['Wrong lamp. I ordered the brass one.', 'normal'],
    ['recieved the wrong colour', 'normal'],
    ['lamp came today switch doesnt work at all can you send another one', 'normal'],
    ['My son was in A&E after the glass lid shattered.', 'high'],
    ['I emailed last week and nobody answered.', 'high'],
  ])('"%s" is a complaint, urgency %s', (text, urgency) => {
    expect(reply(text)).toMatchObject({ category: 'complaint', escalate: true, urgency });
  });
});

describe('questions', () => {
  it('hears a defect behind a question', () => {
    expect(category('Is it normal that the lid doesn’t close?')).toBe('complaint');
    expect(category('Is the paint supposed to come off on my hands?')).toBe('complaint');
    expect(category('¿Puedo devolverla?')).toBe('complaint');
  });

  it('sends a genuine question to the owner', () => {
    expect(reply('How should I wash the linen napkins?')).toMatchObject({ category: 'question', escalate: false });
    expect(reply('If it ever breaks, is it covered by the warranty?')).toMatchObject({ category: 'question', escalate: false });
  });
});

describe('hypotheses, repairs and not yet', () => {
  it('does not take a worry for a fact', () => {
    expect(category('I was worried it would be too big but it isn’t, it’s just right.')).toBe('praise');
  });
  it('does not escalate a problem that was put right', () => {
    expect(category('There was a mix-up with the size but Tom sorted it out in a day, thanks!')).toBe('praise');
  });
  it('reads a gift or a parcel not opened yet as other', () => {
    expect(category("Haven't opened it yet, it's a Christmas present. I'll let you know!")).toBe('other');
  });
});

describe('German words that only look like problems', () => {
  it.each([
    ['a compound free of the problem it is built on', 'Das Kissen ist fleckenfrei und riecht angenehm, danke.'],
    ['a word of disappointment that only says how much', 'Die Tasche ist total schön und furchtbar praktisch.'],
    ['"schön", which folding would read as "schon"', 'Die Kette ist schön.'],
    ['"null" as a negation', 'Null Probleme, läuft einwandfrei.'],
    ['a condition with the verb first', 'Sollte etwas nicht passen, sage ich Bescheid.'],
  ])('%s does not escalate', (_, text) => {
    expect(reply(text).escalate).toBe(false);
  });

  it.each([
    ['the problem itself', 'Auf dem Kissen ist ein großer Fleck.'],
    ['the word of disappointment on its own', 'Die Tasche ist furchtbar verarbeitet.'],
    ['"unsicher", which ends like "bruchsicher"', 'Der Hocker ist unsicher, er kippt.'],
    ['"null" before a missing answer', 'Null Antwort auf meine Mail.'],
    ['a problem stated as a fact', 'Die Schuhe passen nicht.'],
  ])('its counterpart, %s, does', (_, text) => {
    expect(reply(text).escalate).toBe(true);
  });
});

describe('bad input gets a clear outcome', () => {
  it.each([
    ['nothing at all', ''],
    ['only spaces and line breaks', ' \n\t \n'],
    ['punctuation only', '?!?!... ,,, ;;'],
    ['control characters', '\u0000\u0001\u0002 abc \u0007'],
    ['emoji only', '👍👍👍'],
  ])('%s', (_what, text) => {
    const r = reply(text);
    expect(['other', 'praise', 'question']).toContain(r.category);
    expect(r.reasons.length).toBeGreaterThan(0);
  });

  it('reads long runs of quote markers and spaces without getting stuck, and keeps the customer’s words', () => {
    const markers = `${'> '.repeat(50_000)}\n${' '.repeat(100_000)}\n${'>'.repeat(100_000)}`;
    expect(reply(`${markers}\nThe lamp arrived broken.`)).toMatchObject({ category: 'complaint' });
    expect(reply(`${'- '.repeat(100_000)}not not not ${'?'.repeat(50_000)}`).category).toBeDefined();
    const long = reply('broken '.repeat(200_000));
    expect(long.category).toBe('complaint');
    // The result is stored with the reply: what it reports stays small.
    expect(long.findings.length).toBeLessThanOrEqual(24);
    expect(JSON.stringify(long.reasons).length).toBeLessThan(2_000);
  });

  it('reads a reply of many languages and scripts without failing', () => {
    expect(reply('Спасибо! 谢谢 ありがとう شكرا Danke merci gracias thanks').category).toBe('praise');
  });
});
