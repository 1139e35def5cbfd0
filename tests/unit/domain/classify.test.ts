import { describe, expect, it } from 'vitest';
import { classifyReply, describe as describeFindings } from '../../../functions/core/domain/classify.ts';

const reply = (strippedText: string, subject = 'Re: Your lamp', headers: Record<string, string[]> = {}) =>
  classifyReply({ headers, from: { name: 'Ada', address: 'ada@example.com' }, subject, strippedText });

describe('what a reply is about', () => {
  it.each([
    ['en', 'The lamp arrived but the shade is dented.'],
    ['de', 'Die Lampe ist leider kaputt angekommen.'],
    ['fr', 'La lampe est arrivée cassée.'],
    ['es', 'La lámpara llegó rota.'],
    ['en', 'My order never arrived.'],
    ['de', 'Meine Bestellung ist nie angekommen.'],
    ['fr', 'Il manque un article dans le colis.'],
    ['es', 'Me enviaron la talla equivocada y quiero un reembolso.'],
  ])('%s: a problem is a complaint, escalated: "%s"', (_lang, text) => {
    expect(reply(text)).toMatchObject({ category: 'complaint', escalate: true, urgency: 'normal' });
  });

  it('hears the problem behind a compliment, and says so in plain words', () => {
    const r = reply('Love the lamp, but the shade arrived dented.');
    expect(r.category).toBe('complaint');
    expect(r.reasons).toContain('says it arrived damaged or broke: “the shade arrived dented”');
    expect(r.findings).toContainEqual(expect.objectContaining({ kind: 'damaged', cue: 'dented', language: 'en', phrase: 'the shade arrived dented' }));
  });

  it('reads negation: "not happy" is not happy', () => {
    expect(reply('Not happy with the colour at all.').category).toBe('complaint');
    expect(reply('Ich bin nicht zufrieden.').category).toBe('complaint');
    expect(reply('No estoy contenta con el pedido.').category).toBe('complaint');
  });

  it('does not mistake "no problem" for a problem', () => {
    expect(reply('No problem at all, it arrived quickly. Thanks!').category).toBe('praise');
    expect(reply('Kein Problem, alles gut angekommen. Danke!').category).toBe('praise');
    expect(reply('Pas de problème, merci beaucoup !').category).not.toBe('complaint');
  });

  it.each([
    ['a chargeback', 'It never arrived and I will file a chargeback with my bank.'],
    ['a safety problem', 'It caught fire the first time I plugged it in.'],
    ['a customer who wrote before', 'THE ORDER IS WRONG AND NOBODY ANSWERS MY EMAILS'],
    ['a double charge', 'took £89 twice'],
    ['health', 'I got a rash from the hand cream.'],
  ])('makes %s urgent', (_what, text) => {
    expect(reply(text)).toMatchObject({ category: 'complaint', escalate: true, urgency: 'high' });
  });

  it('keeps pressure without money, law, safety or health at normal urgency', () => {
    expect(reply('The wrong size came, I need it sorted urgently.')).toMatchObject({ category: 'complaint', urgency: 'normal' });
  });

  it.each([
    ['en', 'When will the large rug be back in stock?'],
    ['en', 'Can you tell me how to clean the linen'],
    ['de', 'Wann ist der große Teppich wieder lieferbar?'],
    ['fr', 'Comment dois-je laver la housse ?'],
    ['es', '¿Cuándo vuelve a estar disponible la alfombra grande?'],
  ])('%s: a genuine question goes to the note’s owner, not the senior person: "%s"', (_lang, text) => {
    expect(reply(text)).toMatchObject({ category: 'question', escalate: false, urgency: 'normal' });
  });

  it('hears a defect asked as a question', () => {
    expect(reply('is it normal that the lid doesnt close?')).toMatchObject({ category: 'complaint', escalate: true });
    expect(reply('Can I send it back?')).toMatchObject({ category: 'complaint', escalate: true });
  });

  it.each([
    ['en', 'Love it, thank you so much!'],
    ['de', 'Wunderschön, vielen Dank!'],
    ['fr', 'Parfait, merci !'],
    ['es', 'Me encanta, gracias.'],
  ])('%s: praise needs no escalation: "%s"', (_lang, text) => {
    expect(reply(text)).toMatchObject({ category: 'praise', escalate: false });
  });

  it.each([
    ['en', 'Please unsubscribe me.'],
    ['de', 'Bitte nehmen Sie mich aus Ihrem Verteiler.'],
    ['fr', "Merci de ne plus m'écrire."],
    ['es', 'Por favor, no me enviéis más correos.'],
  ])('%s: recognises a request to stop writing: "%s"', (_lang, text) => {
    expect(reply(text)).toMatchObject({ category: 'unsubscribe', escalate: false, optOut: true });
  });

  it('keeps a problem a complaint when the customer also asks to stop, and says they opted out', () => {
    expect(reply('It arrived broken. Please stop emailing me.')).toMatchObject({ category: 'complaint', escalate: true, optOut: true });
  });

  it('sets auto-replies and bounces apart, from their headers', () => {
    expect(reply('I am out until Monday.', 'Out of Office', { 'auto-submitted': ['auto-replied'] })).toMatchObject({
      category: 'auto-reply',
      autoReply: true,
      escalate: false,
    });
    expect(reply('', 'Delivery Status Notification', { 'content-type': ['multipart/report; report-type=delivery-status'] }).category).toBe('bounce');
    // A person whose mail carries "Auto-Submitted: no" is a person.
    expect(reply('When will the blue one be back in stock?', 'Re: Your lamp', { 'auto-submitted': ['no'] }).category).toBe('question');
  });

  it('reads the subject of a new message, not our own subject echoed back', () => {
    expect(reply('', 'Broken lamp').category).toBe('complaint');
    expect(reply('Thanks!', 'Re: Is everything OK with your broken-in boots').category).toBe('praise');
  });

  it('says what it found in the store’s language', () => {
    const r = reply('Die Tasse war in der Verpackung zerbrochen.');
    expect(r.language).toBe('de');
    expect(describeFindings(r.findings.filter((f) => f.kind === 'damaged'), 'de')).toEqual([
      'schreibt, dass etwas beschädigt ankam oder kaputtging: „Die Tasse war in der Verpackung zerbrochen“',
    ]);
    expect(describeFindings(r.findings.filter((f) => f.kind === 'damaged'), 'fr')[0]).toMatch(/^signale un article abîmé ou cassé : « Die Tasse/);
  });

  it('gives each reason once, however the customer ended the sentence', () => {
    const r = reply('Can you ship to Canada as well? Is the throw available in green?');
    expect(r.reasons).toEqual(['asks: “Can you ship to Canada as well?”', 'asks: “Is the throw available in green?”']);
  });

  it.each([
    ['en', 'Does the linen shrink in the wash?'],
    ['en', 'Will the garden bench rust if I leave it out over winter?'],
    ['de', 'Läuft das Leinen beim Waschen ein?'],
    ['fr', 'Le cuir se raye-t-il facilement ?'],
    ['es', '¿La alfombra suelta mucho pelo al principio?'],
  ])('%s: a question about what a thing does in general is a question, not damage: "%s"', (_lang, text) => {
    expect(reply(text)).toMatchObject({ category: 'question', escalate: false });
  });

  it.each([
    ['en', 'The linen shrank in the wash.'],
    ['en', 'Did the linen shrink because I washed it at 40? It is tiny now.'],
    ['en', 'Is it normal that the linen shrinks this much?'],
    ['de', 'Das Leinen ist beim Waschen schon eingelaufen.'],
    ['fr', 'Le cuir s’est déjà rayé, est-ce normal ?'],
  ])('%s: the same words said of this one are a complaint: "%s"', (_lang, text) => {
    expect(reply(text)).toMatchObject({ category: 'complaint', escalate: true });
  });

  it.each([
    ['en', 'It would be perfect if it actually held a charge.'],
    ['de', 'Ich würde den Stuhl lieben, wenn er nicht bei jeder Bewegung knarzen würde.'],
    ['fr', "J'aurais aimé recevoir la bonne couleur."],
    ['es', 'Sería perfecto si la batería aguantara.'],
  ])('%s: praise that hangs on a condition not met is a complaint: "%s"', (_lang, text) => {
    expect(reply(text)).toMatchObject({ category: 'complaint', escalate: true });
  });

  it('takes a polite request for a condition, not a complaint', () => {
    expect(reply('It would be great if you could send the invoice again.').escalate).toBe(false);
  });
});
