import { describe, expect, it } from 'vitest';
import { classifyReply } from '../../../functions/core/domain/classify.ts';

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

  it('hears the problem behind a compliment', () => {
    const r = reply('Love the lamp, but the shade arrived dented.');
    expect(r.category).toBe('complaint');
    expect(r.reasons).toContain('problem: dented (en)');
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
    ['shouting', 'THE ORDER IS WRONG AND NOBODY ANSWERS MY EMAILS'],
    ['pressure', 'The wrong size came, I need it sorted urgently.'],
  ])('makes %s urgent', (_what, text) => {
    expect(reply(text)).toMatchObject({ category: 'complaint', escalate: true, urgency: 'high' });
  });

  it.each([
    ['en', 'When will the rug ship?'],
    ['en', 'Can you tell me how to clean the linen'],
    ['de', 'Wann kommt der Teppich?'],
    ['fr', 'Comment dois-je laver la housse ?'],
    ['es', '¿Cuándo llega mi pedido?'],
  ])('%s: a question goes to a person, not an automaton: "%s"', (_lang, text) => {
    expect(reply(text)).toMatchObject({ category: 'question', escalate: true });
  });

  it.each([
    ['en', 'Love it, thank you so much!'],
    ['de', 'Wunderschön, vielen Dank!'],
    ['fr', 'Parfait, merci !'],
    ['es', 'Me encanta, gracias.'],
  ])('%s: praise needs no escalation: "%s"', (_lang, text) => {
    expect(reply(text)).toMatchObject({ category: 'praise', escalate: false });
  });

  it('recognises a request to stop writing', () => {
    expect(reply('Please unsubscribe me.').category).toBe('unsubscribe');
    expect(reply('Bitte abmelden.').category).toBe('unsubscribe');
  });

  it('sets auto-replies and bounces apart, from their headers', () => {
    expect(reply('I am out until Monday.', 'Out of Office', { 'auto-submitted': ['auto-replied'] })).toMatchObject({
      category: 'auto-reply',
      autoReply: true,
      escalate: false,
    });
    expect(reply('', 'Delivery Status Notification', { 'content-type': ['multipart/report; report-type=delivery-status'] }).category).toBe('bounce');
    // A person whose mail carries "Auto-Submitted: no" is a person.
    expect(reply('When will it ship?', 'Re: Your lamp', { 'auto-submitted': ['no'] }).category).toBe('question');
  });

  it('reads the subject of a new message, not our own subject echoed back', () => {
    expect(reply('', 'Broken lamp').category).toBe('complaint');
    expect(reply('Thanks!', 'Re: Is everything OK with your broken-in boots').category).toBe('praise');
  });
});
