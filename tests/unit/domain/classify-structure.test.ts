/**
 * What the shape of a reply says when its problem is in words no list knows
 * (functions/core/listening/structure.ts), read with the rules alone so that the shape, not the
 * model, is what is tested; and the shapes that must not be taken for a problem.
 */
import { describe, expect, it } from 'vitest';
import { classifyReply } from '../../../functions/core/domain/classify.ts';

const rules = (strippedText: string) =>
  classifyReply({ headers: {}, from: { name: 'Ada', address: 'ada@example.com' }, subject: 'Re: Your order', strippedText }, { model: false });

describe('the shape of a reply', () => {
  it.each([
    ['en', 'Gorgeous bowl, but the glaze feels like sandpaper inside.'],
    ['de', 'Tolle Schale, aber innen fühlt sich die Glasur an wie Schmirgelpapier.'],
    ['fr', 'Jolie coupe, mais le vernis part dès qu’on passe l’ongle dessus'],
    ['es', 'Un cuenco precioso, pero el esmalte salta en cuanto le pasas la uña'],
    ['de', 'Alles prima, aber wo sind die Deckel?'],
    ['es', 'Me encanta, pero ¿dónde están las tapas?'],
  ])('%s: praise, then "but" with nothing good after it, is a complaint: "%s"', (_lang, text) => {
    const r = rules(text);
    expect(r).toMatchObject({ category: 'complaint', escalate: true });
    expect(r.findings.some((f) => f.kind === 'disappointed')).toBe(true);
  });

  it.each([
    ['en', 'Pricey, but the quality is wonderful.'],
    ['en', 'Lovely rug, but do you have it in a runner size?'],
    ['en', 'Nothing but praise from us, thank you!'],
    ['de', 'Tolle Lampe, aber ich habe sie noch nicht aufgehängt.'],
    ['fr', 'Très joli, mais je ne l’ai pas encore essayé.'],
    ['es', 'Me gusta mucho, pero ¿para qué sirve el botón rojo?'],
  ])('%s: "but" that ends well, asks a genuine question or means "only" is no complaint: "%s"', (_lang, text) => {
    expect(rules(text).escalate).toBe(false);
  });

  it.each([
    ['en', 'Ordered: size 10. Delivered: size 14.'],
    ['en', 'You sent the grey throw, I asked for the green throw.'],
    ['de', 'Bestellt habe ich 3 Stück, geliefert wurden 2 Stück.'],
    ['fr', 'Commandé en taille 42, reçu en taille 36.'],
    ['es', 'Pedí la talla 40 y recibí la talla 44.'],
  ])('%s: what was ordered and what came differ: a wrong item: "%s"', (_lang, text) => {
    const r = rules(text);
    expect(r).toMatchObject({ category: 'complaint', escalate: true });
    expect(r.findings.some((f) => f.kind === 'wrong-item')).toBe(true);
  });

  it.each([
    ['en', 'I ordered the lamp on Monday and got it on Wednesday. Lovely!'],
    ['en', 'I bought size 10 and got size 10, fits perfectly.'],
    ['de', 'Am Montag bestellt, am Mittwoch bekommen. Super!'],
  ])('%s: the same thing ordered and got, or dates, are no mismatch: "%s"', (_lang, text) => {
    expect(rules(text).escalate).toBe(false);
  });

  it.each([
    ['en', 'So this "dishwasher safe" jug came out cloudy.'],
    ['de', 'Die „rostfreie“ Schere hat braune Flecken.'],
    ['fr', 'La montre « étanche » a de la buée sous le verre.'],
  ])('%s: a claim of the listing in quotation marks is doubted: "%s"', (_lang, text) => {
    expect(rules(text)).toMatchObject({ category: 'complaint', escalate: true });
  });

  it.each([
    ['en', 'Does it come in a darker shade than "sand"?'],
    ['en', '"Lovely" is what my mother said when she opened it.'],
  ])('%s: a name or a word asked about in quotation marks is no doubt: "%s"', (_lang, text) => {
    expect(rules(text).escalate).toBe(false);
  });

  it.each([
    ['en', 'I ordered it four weeks ago. Any news?'],
    ['de', 'Ich habe vor einem Monat bestellt.'],
    ['fr', 'J’ai commandé il y a deux semaines, toujours rien.'],
    ['es', 'Hice el pedido hace 3 semanas.'],
  ])('%s: an order placed weeks ago with nothing good said is late: "%s"', (_lang, text) => {
    expect(rules(text)).toMatchObject({ category: 'complaint', escalate: true });
  });

  it.each([
    ['en', 'I ordered it two weeks ago and it came yesterday, love it.'],
    ['en', 'Ordered 3 days ago, arrived today.'],
  ])('%s: an order placed a while ago that came and pleases is no delay: "%s"', (_lang, text) => {
    expect(rules(text).escalate).toBe(false);
  });

  it.each([
    ['en', 'Is it normal to wash the cover before first use?'],
    ['de', 'Ist es normal, das Holz vorher einzuölen?'],
    ['fr', 'Est-ce normal de devoir cirer le cuir tous les mois ?'],
    ['es', '¿Es normal tener que regar el cactus tan a menudo?'],
    ['en', 'What happens if it stops working after the warranty?'],
  ])('%s: asking whether a care step is normal is a question, not a fault: "%s"', (_lang, text) => {
    expect(rules(text)).toMatchObject({ category: 'question', escalate: false });
  });

  it('says why in plain words, quoting the customer', () => {
    expect(rules('Lovely, but the drawer sticks like glue').reasons).toEqual(['is not happy with it: “the drawer sticks like glue”']);
    expect(rules('Bestellt: Größe 40. Geliefert: Größe 36. Toll.').reasons).toEqual(['says they received the wrong item: “Bestellt: Größe 40. Geliefert: Größe 36”']);
  });

  it('still hears a fault asked as "is it normal that …", also in German with "dass"', () => {
    expect(rules('Is it normal that the lid does not close?').escalate).toBe(true);
    expect(rules('Ist es normal, dass der Deckel nicht zugeht?').escalate).toBe(true);
  });
});
