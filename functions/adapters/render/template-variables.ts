/**
 * The variables a template sees, in Liquid's snake_case, ready to print: the product already
 * named as a person would name it, the order count already an ordinal, the first name already
 * tidied. Templates stay simple; the grammar lives here. templates/README.md lists them.
 */
import type { NoteContext } from '../../core/domain/note.ts';
import { productPhrase } from '../../core/domain/product-name.ts';
import { ordinal } from './ordinals.ts';

export interface TemplateVariables {
  customer: {
    /** Null when unknown: templates give a fallback ("Hi there"). */
    first_name: string | null;
    order_count: number;
    order_ordinal: string;
    years: number;
    segment: string;
    first_order: boolean;
    returning: boolean;
    long_time: boolean;
    had_resolved_problem: boolean;
  };
  /** For sentences: "your linen duvet cover", "vos deux tasses", "deine Bestellung mit Lampe". */
  your_product: string;
  /** For subject lines: the same, said briefly when the list is long ("your lamp and one other thing"). */
  your_product_short: string;
  /** The short form without the possessive, for "Your {{ product }}": "lamp and one other thing". */
  product: string;
  items_count: number;
  store: { name: string };
  signer: { name: string; role: string | null };
}

export function templateVariables(ctx: NoteContext): TemplateVariables {
  const items = ctx.orders.flatMap((order) => order.items);
  const keepWords = distinctiveWords(ctx.storeName);
  const sentence = productPhrase(items, ctx.language, { keepWords });
  const subject = productPhrase(items, ctx.language, { keepWords, fit: 'subject' });
  const { customer } = ctx;
  return {
    customer: {
      first_name: tidyFirstName(customer.firstName),
      order_count: customer.orderCount,
      order_ordinal: ordinal(customer.orderCount, ctx.language),
      years: customer.yearsSinceFirstOrder,
      segment: customer.segment,
      first_order: customer.segment === 'first-order',
      returning: customer.segment === 'returning',
      long_time: customer.segment === 'long-time',
      had_resolved_problem: customer.hadResolvedProblem,
    },
    your_product: sentence.yours,
    your_product_short: subject.yours,
    product: subject.bare,
    items_count: sentence.count,
    store: { name: ctx.storeName },
    signer: { name: ctx.signer.name, role: ctx.signer.role?.trim() || null },
  };
}

/**
 * A first name as a person would write it back: "lena" and "LENA" become "Lena", "anne-marie"
 * becomes "Anne-Marie"; "DeShawn" is left alone. Something that is not a name (an email
 * address, digits) counts as no name, so the template's fallback greets instead.
 */
export function tidyFirstName(raw: string | null): string | null {
  const name = raw?.trim().replace(/\s+/g, ' ') ?? '';
  if (!name || /[@\d]/.test(name) || !/\p{L}/u.test(name)) return null;
  const oneCase = name === name.toLocaleLowerCase() || name === name.toLocaleUpperCase();
  if (!oneCase) return name;
  return name.toLocaleLowerCase().replace(/(^|[\s'’-])(\p{L})/gu, (_, before: string, letter: string) => before + letter.toLocaleUpperCase());
}

/** The store's own name is kept as written in product titles ("Northwind mug"), but not "Home". */
const GENERIC_STORE_WORDS = new Set(
  'the and & co company shop store home house studio goods supply market boutique atelier la le les el los las die der das laden tienda maison casa haus'.split(
    ' ',
  ),
);

function distinctiveWords(storeName: string): string[] {
  return storeName.split(/\s+/).filter((word) => word.length > 1 && !GENERIC_STORE_WORDS.has(word.toLocaleLowerCase()));
}
