import { describe, expect, it } from 'vitest';
import {
  countInWords,
  pluralName,
  productName,
  productPhrase,
  MAX_SUBJECT_PHRASE_CHARS,
} from '../../../functions/core/domain/product-name.ts';
import type { LineItem } from '../../../functions/core/domain/purchase.ts';

function item(title: string, more: Partial<LineItem> = {}): LineItem {
  return { title, variant: null, quantity: 1, sku: null, productId: null, unitPriceMinor: 1000, ...more };
}

const name = (title: string, language: 'en' | 'de' | 'fr' | 'es' = 'en', more: Partial<LineItem> = {}) =>
  productName(item(title, more), language, { keepWords: ['Northwind'] });

describe('productName: what a person would call it', () => {
  it('drops the variant suffix, SKU and quantity', () => {
    expect(name('Linen Duvet Cover - Queen / Sage x1', 'en', { variant: 'Queen / Sage' })).toBe('linen duvet cover');
    expect(name('Linen Duvet Cover Queen / Sage', 'en', { variant: 'Queen / Sage' })).toBe('linen duvet cover');
    expect(name('Linen Duvet Cover NW-DC-Q-SAGE', 'en', { sku: 'NW-DC-Q-SAGE' })).toBe('linen duvet cover');
    expect(name('Refill Pack SKU: NW-12')).toBe('refill pack');
    expect(name('Stoneware Mug × 2')).toBe('stoneware mug');
    expect(name('2x Stoneware Mug')).toBe('stoneware mug');
    expect(name('Tea Towel Qty: 3')).toBe('tea towel');
  });

  it('drops sizes and notes in brackets, and dimensions', () => {
    expect(name('Wool Runner Rug (70 x 200 cm)')).toBe('wool runner rug');
    expect(name('Cushion Cover [Large]')).toBe('cushion cover');
    expect(name('Linen Tablecloth 140x250')).toBe('linen tablecloth');
  });

  it('keeps the head noun of catalogue-length names', () => {
    expect(name('Hand-Thrown Speckled Stoneware Serving Bowl with Oak Lid, Large - Oat')).toBe(
      'speckled stoneware serving bowl',
    );
    expect(name('Housse de couette en lin lavé extra douce et respirante', 'fr')).toBe('housse de couette en lin');
    expect(name('Ensaladera de gres torneada a mano con tapa', 'es')).toBe('ensaladera de gres torneada');
  });

  it('lower-cases catalogue Title Case in English, French and Spanish', () => {
    expect(name('Ceramic Table Lamp')).toBe('ceramic table lamp');
    expect(name("Men's T-Shirt")).toBe("men's t-shirt");
    expect(name('Housse De Couette En Lin', 'fr')).toBe('housse de couette en lin');
    expect(name('Funda Nórdica De Lino', 'es')).toBe('funda nórdica de lino');
  });

  it('keeps brand-like words as written: all caps, mixed case, digits, the store name', () => {
    expect(name('LED Desk Lamp')).toBe('LED desk lamp');
    expect(name('iPhone 15 Leather Case')).toBe('iPhone 15 leather case');
    expect(name('X200 Headphones')).toBe('X200 headphones');
    expect(name('Northwind Mug')).toBe('Northwind mug');
    expect(name('USB-C Cable')).toBe('USB-C cable');
  });

  it('keeps English proper adjectives capitalised, but not in French or Spanish', () => {
    expect(name('French Press')).toBe('French press');
    expect(name('Turkish Cotton Towel')).toBe('Turkish cotton towel');
    expect(name('Serviette En Coton Turc', 'fr')).toBe('serviette en coton turc');
  });

  it('leaves the capitals of a title already in sentence case (they are names)', () => {
    expect(name('Candle scented with Provence lavender')).toBe('candle scented');
    expect(name('Linen duvet cover by Northwind')).toBe('linen duvet cover by Northwind');
    expect(name('Coque iPhone 15 en cuir', 'fr')).toBe('coque iPhone 15 en cuir');
  });

  it('keeps German capitalisation (nouns), and drops leading adjectives it cannot decline', () => {
    expect(name('Leinen-Bettbezug - 155 x 220 / Salbei', 'de')).toBe('Leinen-Bettbezug');
    expect(name('Handgetöpferte Servierschüssel aus Steingut', 'de')).toBe('Servierschüssel');
    expect(name('Große Vase', 'de')).toBe('Vase');
    expect(name('Duftkerze Feige & Zeder', 'de')).toBe('Duftkerze Feige & Zeder');
    expect(name('iPhone 15 Lederhülle', 'de')).toBe('iPhone 15 Lederhülle');
  });

  it('is null when nothing sayable is left', () => {
    expect(name('NW-1042-B')).toBeNull();
    expect(name('#A1234')).toBeNull();
  });
});

describe('productPhrase', () => {
  it('names one item with the possessive, per language', () => {
    const items = [item('Linen Duvet Cover - Queen / Sage', { variant: 'Queen / Sage' })];
    expect(productPhrase(items, 'en')).toEqual({ yours: 'your linen duvet cover', bare: 'linen duvet cover', count: 1 });
    expect(productPhrase([item('Lampe de table')], 'fr').yours).toBe('votre lampe de table');
    expect(productPhrase([item('Lámpara de mesa')], 'es').yours).toBe('tu lámpara de mesa');
    expect(productPhrase([item('Tischleuchte')], 'de').yours).toBe('deine Bestellung mit Tischleuchte');
  });

  it('joins two and three items as a person would', () => {
    const two = [item('Lamp', { unitPriceMinor: 9000 }), item('Linen Duvet Cover', { unitPriceMinor: 5000 })];
    expect(productPhrase(two, 'en').yours).toBe('your lamp and the linen duvet cover');
    const three = [...two, item('Rug', { unitPriceMinor: 4000 })];
    expect(productPhrase(three, 'en').yours).toBe('your lamp, the linen duvet cover and the rug');
    expect(productPhrase([item('Lampe', { unitPriceMinor: 9000 }), item('Tapis')], 'fr').yours).toBe(
      'votre lampe et votre tapis',
    );
    expect(productPhrase([item('Lámpara', { unitPriceMinor: 9000 }), item('Alfombra')], 'es').yours).toBe(
      'tu lámpara y tu alfombra',
    );
    expect(productPhrase([item('Lampe', { unitPriceMinor: 9000 }), item('Teppich')], 'de').yours).toBe(
      'deine Bestellung mit Lampe und Teppich',
    );
  });

  it('mentions the main thing first', () => {
    const items = [item('Cushion', { unitPriceMinor: 2000 }), item('Sofa', { unitPriceMinor: 150000 })];
    expect(productPhrase(items, 'en').yours).toBe('your sofa and the cushion');
  });

  it('sums up many items', () => {
    const items = ['Lamp', 'Rug', 'Vase', 'Candle'].map((t, i) => item(t, { unitPriceMinor: 5000 - i * 1000 }));
    expect(productPhrase(items, 'en').yours).toBe('your lamp, the rug and two other things');
    expect(productPhrase(items, 'fr').yours).toBe('votre lamp, votre rug et deux autres articles');
    expect(productPhrase(items, 'es').yours).toBe('tu lamp, tu rug y dos cosas más');
    expect(productPhrase(items, 'de').yours).toBe('deine Bestellung mit Lamp, Rug und zwei weiteren Sachen');
    expect(productPhrase(items, 'en').count).toBe(4);
  });

  it('says quantities where it reads well', () => {
    expect(productPhrase([item('Mug', { quantity: 2 })], 'en').yours).toBe('your two mugs');
    expect(productPhrase([item('Glass', { quantity: 3 })], 'en').yours).toBe('your three glasses');
    expect(productPhrase([item('Set of Napkins', { quantity: 2 })], 'en').yours).toBe('your two sets of napkins');
    expect(productPhrase([item('Mug', { quantity: 12 })], 'en').yours).toBe('your 12 mugs');
    expect(productPhrase([item('Tasse en grès', { quantity: 2 })], 'fr').yours).toBe('vos deux tasses en grès');
    expect(productPhrase([item('Taza de gres', { quantity: 2 })], 'es').yours).toBe('tus dos tazas de gres');
    expect(productPhrase([item('Jarrón', { quantity: 2 })], 'es').yours).toBe('tus dos jarrones');
    expect(productPhrase([item('Tasse', { quantity: 2 })], 'de').yours).toBe('deine Bestellung mit 2 × Tasse');
    const mixed = [item('Lamp', { unitPriceMinor: 9000 }), item('Mug', { quantity: 2 })];
    expect(productPhrase(mixed, 'en').yours).toBe('your lamp and the two mugs');
  });

  it('keeps the singular when the plural cannot be trusted', () => {
    expect(productPhrase([item('Scissors', { quantity: 2 })], 'en').yours).toBe('your scissors');
    expect(productPhrase([item('iPhone Case', { quantity: 2 })], 'en').yours).toBe('your two iPhone cases');
    expect(productPhrase([item('X200', { quantity: 2 })], 'en').yours).toBe('your X200');
  });

  it('merges two lines of the same product (variants) into one', () => {
    const items = [item('Mug - Blue', { variant: 'Blue' }), item('Mug - Green', { variant: 'Green' })];
    expect(productPhrase(items, 'en').yours).toBe('your two mugs');
  });

  it('leaves out shipping protection, gift wrap and free extras', () => {
    const items = [
      item('Shipping Protection', { unitPriceMinor: 299 }),
      item('Gift Wrap', { unitPriceMinor: 500 }),
      item('Free Sample', { unitPriceMinor: 0 }),
      item('Lamp', { unitPriceMinor: 9000 }),
    ];
    expect(productPhrase(items, 'en').yours).toBe('your lamp');
    expect(productPhrase([item('Versandschutz'), item('Lampe')], 'de').yours).toBe('deine Bestellung mit Lampe');
    expect(productPhrase([item('Protection de livraison'), item('Lampe')], 'fr').yours).toBe('votre lampe');
    expect(productPhrase([item('Protección de envío'), item('Lámpara')], 'es').yours).toBe('tu lámpara');
  });

  it('is "your order" when there is nothing to name', () => {
    expect(productPhrase([], 'en')).toEqual({ yours: 'your order', bare: 'order', count: 0 });
    expect(productPhrase([item('NW-1042-B')], 'fr').yours).toBe('votre commande');
    expect(productPhrase([], 'es').yours).toBe('tu pedido');
    expect(productPhrase([], 'de').yours).toBe('deine Bestellung');
  });

  it('keeps subject-line phrases short', () => {
    const items = [item('Linen Duvet Cover', { unitPriceMinor: 9000 }), item('Fig and Cedar Candle')];
    expect(productPhrase(items, 'en').yours).toBe('your linen duvet cover and the fig and cedar candle');
    const short = productPhrase(items, 'en', { fit: 'subject' });
    expect(short.yours).toBe('your linen duvet cover and one other thing');
    expect(short.yours.length).toBeLessThanOrEqual(MAX_SUBJECT_PHRASE_CHARS);
  });
});

describe('pluralName and countInWords', () => {
  it('follows the regular rules of each language', () => {
    expect(pluralName('candy jar', 'en')).toBe('candy jars');
    expect(pluralName('berry', 'en')).toBe('berries');
    expect(pluralName('knife', 'en')).toBe('knives');
    expect(pluralName('bocal', 'fr')).toBe('bocaux');
    expect(pluralName('bougie parfumée', 'fr')).toBe('bougies parfumées');
    expect(pluralName('cojín', 'es')).toBe('cojines');
    expect(pluralName('mantel', 'es')).toBe('manteles');
    expect(pluralName('mug', 'es')).toBe('mugs');
    expect(pluralName('Tasse', 'de')).toBeNull();
  });

  it('writes small numbers in words and larger ones in figures', () => {
    expect(countInWords(2, 'en')).toBe('two');
    expect(countInWords(3, 'fr')).toBe('trois');
    expect(countInWords(10, 'es')).toBe('diez');
    expect(countInWords(11, 'de')).toBe('11');
  });
});
