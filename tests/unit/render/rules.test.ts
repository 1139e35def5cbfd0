import { describe, expect, it } from 'vitest';
import type { RenderedNote } from '../../../functions/core/domain/note.ts';
import { htmlMirror } from '../../../functions/adapters/render/html.ts';
import { checkNote, wordCount, type RuleId } from '../../../functions/adapters/render/rules.ts';

const GOOD_TEXT = 'Hi Emma,\n\nIs everything OK with your lamp? Just reply if not.\n\nThanks,\nSarah\nNorthwind Home';

function note(changes: Partial<RenderedNote> = {}): RenderedNote {
  const text = changes.text ?? GOOD_TEXT;
  return { subject: 'Your lamp', text, html: htmlMirror(text), language: 'en', variant: 'a', ...changes };
}

const rules = (n: RenderedNote, signerName = 'Sarah'): RuleId[] => checkNote(n, { signerName }).map((v) => v.rule);

describe('checkNote', () => {
  it('passes a short, signed note that asks a question', () => {
    expect(checkNote(note(), { signerName: 'Sarah' })).toEqual([]);
  });

  it('flags a note over 120 words', () => {
    const long = `Hi Emma,\n\n${'word '.repeat(115)}OK?\n\nThanks,\nSarah`;
    expect(wordCount(long)).toBe(120);
    expect(rules(note({ text: long }))).toEqual([]);
    expect(rules(note({ text: long.replace('OK?', 'OK? Really?') }))).toEqual(['too-long']);
  });

  it('does not count lone dashes as words', () => {
    expect(wordCount('vielen Dank – das ist schon deine siebte')).toBe(7);
  });

  it.each([
    ['en', 'Is everything OK?'],
    ['de', 'Passt alles?'],
    ['fr', 'Tout se passe bien ?'],
    ['es', '¿Todo bien con tu lámpara?'],
  ])('finds the question in %s', (_language, question) => {
    expect(rules(note({ text: `Hallo,\n\n${question}\n\nSarah` }))).toEqual([]);
  });

  it('flags a note without a question', () => {
    expect(rules(note({ text: 'Hi Emma,\n\nYour lamp shipped.\n\nSarah' }))).toEqual(['no-question']);
  });

  it.each([
    'Dear Customer',
    'Dear valued customer',
    'Please do not reply to this email',
    'sent from noreply@shop.example',
    'Sehr geehrte Frau Fischer',
    'Lieber Kunde',
    'Bitte nicht antworten',
    'Cher client',
    'Merci de ne pas répondre',
    'Estimado cliente',
    'Por favor, no responder a este correo',
    'Click here to review',
  ])('flags the form-letter phrase "%s" whatever the note language', (phrase) => {
    const found = checkNote(note({ text: `${phrase},\n\nAll good?\n\nSarah` }), { signerName: 'Sarah' });
    expect(found.map((v) => v.rule)).toContain('forbidden-phrase');
  });

  it('flags form-letter phrases in the subject too', () => {
    const found = checkNote(note({ subject: 'Do not reply: your order' }), { signerName: 'Sarah' });
    expect(found).toContainEqual(expect.objectContaining({ rule: 'forbidden-phrase', inSubject: true }));
  });

  it('flags leftover Liquid and printed holes', () => {
    expect(rules(note({ text: 'Hi {{ name }},\n\nOK?\n\nSarah' }))).toContain('leftover-liquid');
    expect(rules(note({ subject: 'Your {% product %}' }))).toContain('leftover-liquid');
    expect(rules(note({ text: 'Hi undefined,\n\nOK?\n\nSarah' }))).toContain('missing-value');
    expect(rules(note({ text: 'Hi [object Object],\n\nOK?\n\nSarah' }))).toContain('missing-value');
  });

  it.each(['Hi ,', 'Hello ,', '¡Hola, !', 'Bonjour ,', 'Hallo ,', 'Hi ,\u00a0'])('flags the empty greeting "%s"', (greeting) => {
    expect(rules(note({ text: `${greeting}\n\nAll good?\n\nSarah` }))).toContain('empty-greeting');
  });

  it.each(['Hi there,', 'Hallo,', 'Bonjour,', '¡Hola!', '¡Hola, Lucía!', 'Hi Emma,'])('accepts the greeting "%s"', (greeting) => {
    expect(rules(note({ text: `${greeting}\n\nAll good?\n\nSarah` }))).toEqual([]);
  });

  it('wants a quiet subject: short, no shouting, no emoji', () => {
    expect(rules(note({ subject: 'Quick check-in' }))).toEqual([]);
    expect(rules(note({ subject: 'Your LED lamp' }))).toEqual([]);
    expect(rules(note({ subject: 'YOUR ORDER HAS SHIPPED' }))).toEqual(['subject-shouting']);
    expect(rules(note({ subject: 'Thank you!!' }))).toEqual(['subject-shouting']);
    expect(rules(note({ subject: 'Your lamp 🎉' }))).toEqual(['subject-emoji']);
    expect(rules(note({ subject: 'A'.repeat(3) + ' ' + 'word '.repeat(12) }))).toEqual(['subject-too-long']);
    expect(rules(note({ subject: ' ' }))).toEqual(['subject-empty']);
  });

  it('wants an HTML part that is only the text: no images, tracking pixels, links or styles', () => {
    expect(rules(note({ html: null }))).toEqual([]);
    expect(rules(note({ html: '<p>Hi</p><img src="https://t.example/p.gif" width="1" height="1">' }))).toEqual(['html-not-plain']);
    expect(rules(note({ html: '<p>Review us <a href="https://x.example">here</a></p>' }))).toEqual(['html-not-plain']);
    expect(rules(note({ html: '<p style="color:red">Hi</p>' }))).toEqual(['html-not-plain']);
    expect(rules(note({ html: '<table><tr><td><button>Shop</button></td></tr></table>' }))).toEqual(['html-not-plain']);
  });

  it("wants the note signed with the signer's first name at the end", () => {
    expect(rules(note(), 'Tom')).toEqual(['no-signature']);
    expect(rules(note(), 'Sarah Miller')).toEqual([]);
    expect(rules(note({ text: 'Hi Emma,\n\nSarah here. All good?\n\nThanks,\nNorthwind Home\nSupport team\nAll rights reserved' }))).toEqual([
      'no-signature',
    ]);
  });
});
