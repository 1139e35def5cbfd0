/**
 * Sample orders for `templates check` and `preview`: the customers a store actually has (new,
 * returning, loyal for years, nameless, buying a lot, buying things with catalogue-length
 * names), in each language, with product titles as shops really write them.
 */
import type { LineItem } from '../core/domain/purchase.ts';
import type { NoteContext } from '../core/domain/note.ts';
import { signerFor } from '../core/domain/note-context.ts';
import type { Language, Segment, Stage, StoreConfig } from '../core/domain/store.ts';

export interface Sample {
  name: string;
  /** What the sample stands for, for listings. */
  about: string;
  context: NoteContext;
}

interface Catalogue {
  names: { first: string; lowerCase: string };
  duvet: LineItem;
  lamp: LineItem;
  mug: LineItem;
  rug: LineItem;
  vase: LineItem;
  candle: LineItem;
  bowl: LineItem;
  sofa: LineItem;
  phoneCase: LineItem;
  ledLamp: LineItem;
  codeOnly: LineItem;
  protection: LineItem;
}

function item(title: string, unitPriceMinor: number, extra: Partial<LineItem> = {}): LineItem {
  return { title, variant: null, quantity: 1, sku: null, productId: null, unitPriceMinor, ...extra };
}

const CATALOGUES: Record<Language, Catalogue> = {
  en: {
    names: { first: 'Emma', lowerCase: 'mary-jane' },
    duvet: item('Linen Duvet Cover - Queen / Sage', 18900, { variant: 'Queen / Sage', sku: 'NW-DC-Q-SAGE' }),
    lamp: item('Ceramic Table Lamp', 12900),
    mug: item('Stoneware Mug', 2400),
    rug: item('Wool Runner Rug (70 x 200 cm)', 16500),
    vase: item('Speckled Bud Vase', 3200),
    candle: item('Fig & Cedar Candle x1', 2800),
    bowl: item('Hand-Thrown Speckled Stoneware Serving Bowl with Oak Lid, Large - Oat', 9800),
    sofa: item('Three-Seater Linen Sofa - Oatmeal', 189000, { variant: 'Oatmeal' }),
    phoneCase: item('iPhone 15 Leather Case', 4900),
    ledLamp: item('LED Reading Light', 5900),
    codeOnly: item('NW-1042-B', 1500),
    protection: item('Shipping Protection', 299),
  },
  de: {
    names: { first: 'Lena', lowerCase: 'anna-lena' },
    duvet: item('Leinen-Bettbezug - 155 x 220 / Salbei', 16900, { variant: '155 x 220 / Salbei', sku: 'NW-BB-155-SAL' }),
    lamp: item('Keramik-Tischleuchte', 11900),
    mug: item('Steingut-Becher', 2200),
    rug: item('Wollteppich Läufer (70 x 200 cm)', 15500),
    vase: item('Knospenvase', 2900),
    candle: item('Duftkerze Feige & Zeder', 2600),
    bowl: item('Handgetöpferte Servierschüssel aus Steingut mit Eichendeckel, groß - Hafer', 8900),
    sofa: item('Dreisitzer-Sofa aus Leinen - Hafer', 179000, { variant: 'Hafer' }),
    phoneCase: item('iPhone 15 Lederhülle', 4500),
    ledLamp: item('LED-Leselampe', 5500),
    codeOnly: item('NW-1042-B', 1500),
    protection: item('Versandschutz', 299),
  },
  fr: {
    names: { first: 'Claire', lowerCase: 'marie-claire' },
    duvet: item('Housse de couette en lin - 240 x 220 / Sauge', 17900, { variant: '240 x 220 / Sauge', sku: 'NW-HC-240-SAU' }),
    lamp: item('Lampe de table en céramique', 11900),
    mug: item('Mug en grès', 2200),
    rug: item('Tapis de couloir en laine (70 x 200 cm)', 15500),
    vase: item('Soliflore moucheté', 2900),
    candle: item('Bougie Figue & Cèdre', 2600),
    bowl: item('Saladier en grès tourné main avec couvercle en chêne, grand modèle - Avoine', 8900),
    sofa: item('Canapé 3 places en lin - Avoine', 179000, { variant: 'Avoine' }),
    phoneCase: item('Coque iPhone 15 en cuir', 4500),
    ledLamp: item('Liseuse LED', 5500),
    codeOnly: item('NW-1042-B', 1500),
    protection: item('Protection de livraison', 299),
  },
  es: {
    names: { first: 'Lucía', lowerCase: 'maría josé' },
    duvet: item('Funda nórdica de lino - 150 / Salvia', 16900, { variant: '150 / Salvia', sku: 'NW-FN-150-SAL' }),
    lamp: item('Lámpara de mesa de cerámica', 11900),
    mug: item('Taza de gres', 2200),
    rug: item('Alfombra de pasillo de lana (70 x 200 cm)', 15500),
    vase: item('Florero moteado', 2900),
    candle: item('Vela Higo y Cedro', 2600),
    bowl: item('Ensaladera de gres torneada a mano con tapa de roble, grande - Avena', 8900),
    sofa: item('Sofá de tres plazas de lino - Avena', 179000, { variant: 'Avena' }),
    phoneCase: item('Funda de piel para iPhone 15', 4500),
    ledLamp: item('Lámpara de lectura LED', 5500),
    codeOnly: item('NW-1042-B', 1500),
    protection: item('Protección de envío', 299),
  },
};

interface Customer {
  firstName: string | null;
  orderCount: number;
  years: number;
  segment: Segment;
  hadResolvedProblem?: boolean;
}

interface SampleSpec {
  name: string;
  about: string;
  customer(c: Catalogue): Customer;
  /** Orders in the note (several when orders close together share one note). */
  orders(c: Catalogue): LineItem[][];
  highValue?: boolean;
}

const FIRST: Customer = { firstName: null, orderCount: 1, years: 0, segment: 'first-order' };

const SPECS: SampleSpec[] = [
  { name: 'first-order', about: 'a first-time customer', customer: (c) => ({ ...FIRST, firstName: c.names.first }), orders: (c) => [[c.duvet]] },
  {
    name: 'returning',
    about: 'a customer on their third order',
    customer: (c) => ({ firstName: c.names.first, orderCount: 3, years: 1, segment: 'returning' }),
    orders: (c) => [[c.lamp]],
  },
  {
    name: 'long-time',
    about: 'a loyal customer: seven orders over three years',
    customer: (c) => ({ firstName: c.names.first, orderCount: 7, years: 3, segment: 'long-time' }),
    orders: (c) => [[c.duvet, c.candle]],
  },
  {
    name: 'long-time-by-years',
    about: 'long-time by tenure: a second order, three years after the first',
    customer: (c) => ({ firstName: c.names.first, orderCount: 2, years: 3, segment: 'long-time' }),
    orders: (c) => [[c.vase]],
  },
  {
    name: 'after-a-problem',
    about: 'a returning customer whose last problem was resolved',
    customer: (c) => ({ firstName: c.names.first, orderCount: 2, years: 0, segment: 'returning', hadResolvedProblem: true }),
    orders: (c) => [[c.lamp]],
  },
  {
    name: 'long-time-after-a-problem',
    about: 'a loyal customer (12 orders) whose last problem was resolved',
    customer: (c) => ({ firstName: c.names.first, orderCount: 12, years: 5, segment: 'long-time', hadResolvedProblem: true }),
    orders: (c) => [[c.rug, c.vase]],
  },
  { name: 'no-first-name', about: 'an order without a first name', customer: () => ({ ...FIRST, firstName: null }), orders: (c) => [[c.lamp]] },
  {
    name: 'lower-case-name',
    about: 'a first name typed in lower case',
    customer: (c) => ({ ...FIRST, firstName: c.names.lowerCase }),
    orders: (c) => [[c.candle]],
  },
  {
    name: 'two-of-a-kind',
    about: 'two of the same thing',
    customer: (c) => ({ ...FIRST, firstName: c.names.first }),
    orders: (c) => [[{ ...c.mug, quantity: 2 }]],
  },
  {
    name: 'many-items',
    about: 'six things and shipping protection',
    customer: (c) => ({ firstName: c.names.first, orderCount: 4, years: 1, segment: 'returning' }),
    orders: (c) => [[c.protection, c.lamp, c.rug, { ...c.mug, quantity: 4 }, c.vase, c.candle, c.duvet]],
  },
  {
    name: 'long-product-names',
    about: 'catalogue-length product names',
    customer: (c) => ({ ...FIRST, firstName: c.names.first }),
    orders: (c) => [[c.bowl]],
  },
  {
    name: 'high-value',
    about: 'a high-value order',
    customer: (c) => ({ ...FIRST, firstName: c.names.first }),
    orders: (c) => [[c.sofa]],
    highValue: true,
  },
  {
    name: 'brand-names',
    about: 'brand-like product names (iPhone, LED)',
    customer: (c) => ({ ...FIRST, firstName: c.names.first }),
    orders: (c) => [[c.phoneCase, c.ledLamp]],
  },
  {
    name: 'two-orders',
    about: 'two orders close together, sharing one note',
    customer: (c) => ({ firstName: c.names.first, orderCount: 3, years: 1, segment: 'returning' }),
    orders: (c) => [[c.lamp], [c.vase]],
  },
  {
    name: 'unnamed-items',
    about: 'items whose titles are only codes',
    customer: (c) => ({ ...FIRST, firstName: c.names.first }),
    orders: (c) => [[c.codeOnly]],
  },
];

export const SAMPLE_NAMES: readonly string[] = SPECS.map((s) => s.name);

const ORDER_STATE: Record<Stage, Pick<NoteContext['orders'][number], 'stage' | 'fulfillment'>> = {
  'thank-you': { stage: 'paid', fulfillment: 'unfulfilled' },
  shipped: { stage: 'fulfilled', fulfillment: 'in_transit' },
  'check-in': { stage: 'delivered', fulfillment: 'delivered' },
};

/** Every sample, as the note context of `stage` in `language` for this store. */
export function samples(store: StoreConfig, stage: Stage, language: Language): Sample[] {
  const catalogue = CATALOGUES[language];
  return SPECS.map((spec) => {
    const customer = spec.customer(catalogue);
    return {
      name: spec.name,
      about: spec.about,
      context: {
        storeId: store.id,
        storeName: store.name,
        stage,
        language,
        variantSeed: `sample\n${spec.name}\n${language}`,
        customer: {
          firstName: customer.firstName,
          orderCount: customer.orderCount,
          yearsSinceFirstOrder: customer.years,
          segment: customer.segment,
          hadResolvedProblem: customer.hadResolvedProblem ?? false,
        },
        orders: spec.orders(catalogue).map((items, index) => ({
          name: `#${1042 + index}`,
          items,
          totalMinor: items.reduce((sum, i) => sum + i.unitPriceMinor * i.quantity, 0),
          currency: store.currency,
          highValue: spec.highValue ?? false,
          ...ORDER_STATE[stage],
        })),
        signer: signerFor(store, customer.segment),
      },
    };
  });
}

/** One sample by name, or null. */
export function sample(store: StoreConfig, stage: Stage, language: Language, name: string): Sample | null {
  return samples(store, stage, language).find((s) => s.name === name) ?? null;
}

/** An address to show in a preview's To: line. */
export function sampleAddress(context: NoteContext): string {
  const local = (context.customer.firstName ?? 'customer')
    .normalize('NFD')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();
  return `${local || 'customer'}@example.com`;
}
