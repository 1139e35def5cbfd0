/**
 * Stripe webhooks: `stripe-signature` checked against the raw body and the caller's clock, then
 * Checkout completions and refunds mapped to the canonical event.
 *
 * The order id is the PaymentIntent id, which both the Checkout Session and its charge carry,
 * so a refund lands on the order its checkout created. Sessions without a PaymentIntent (free
 * orders) fall back to the session id.
 */
import * as z from '../../core/zod.ts';
import type { LineItem, OrderEvent, OrderSnapshot } from '../../core/domain/purchase.ts';
import {
  CurrencyCode,
  UnixSeconds,
  address,
  email,
  finish,
  firstText,
  invalid,
  locale,
  optionalNumber,
  optionalText,
  readJson,
  readPayload,
  splitName,
  text,
  unixToIso,
} from './payload.ts';
import { verifyStripeSignature } from './signatures.ts';
import type { Parsed, PlatformAdapter } from './types.ts';

export const stripe: PlatformAdapter = {
  platform: 'stripe',
  get topics() {
    return Object.keys(TYPES);
  },

  verify(request, _store, secrets, nowSeconds) {
    return verifyStripeSignature(request.rawBody, request.headers['stripe-signature'], secrets, nowSeconds);
  },

  parse(request) {
    const body = readJson(request.rawBody);
    if (!body.ok) return invalid(`Stripe event: ${body.message}`);
    // An event of a type followup does not act on needs nothing more than its type to be ignored.
    const type = EventType.safeParse(body.value);
    if (type.success && !Object.hasOwn(TYPES, type.data.type)) return { kind: 'ignored', topic: type.data.type };
    const read = readPayload(Envelope, body.value, 'Stripe event');
    if (!read.ok) return read.parsed;
    const event = read.data;
    const handle = Object.hasOwn(TYPES, event.type) ? TYPES[event.type] : undefined;
    return handle ? handle(event) : { kind: 'ignored', topic: event.type };
  },
};

const EventType = z.object({ type: z.string().check(z.minLength(1), z.maxLength(64)) });

const Envelope = z.object({
  id: z.string().check(z.minLength(1), z.maxLength(100)),
  type: z.string().check(z.minLength(1), z.maxLength(64)),
  created: UnixSeconds,
  livemode: z.boolean(),
  data: z.object({ object: z.record(z.string(), z.unknown()) }),
});
type Envelope = z.output<typeof Envelope>;

const TYPES: Record<string, (event: Envelope) => Parsed> = {
  'checkout.session.completed': parseCheckout,
  'checkout.session.async_payment_succeeded': parseCheckout,
  'charge.refunded': parseRefund,
};

/** Expandable fields arrive as an id, or as the object when expanded. */
const Ref = z.union([z.string().check(z.minLength(1)), z.pipe(z.object({ id: z.string().check(z.minLength(1)) }), z.transform((o) => o.id))]);

// --- Checkout -------------------------------------------------------------------------------

/** Delayed methods (bank debits) complete unpaid; their money arrives as async_payment_succeeded. */
const PAID = new Set(['paid', 'no_payment_required']);

const SessionState = z.object({ mode: optionalText, payment_status: optionalText });

const StripeAddress = z.fallback(z.nullish(z.object({ country: optionalText, state: optionalText, city: optionalText })), null);

const StripeLineItem = z.object({
  description: optionalText,
  quantity: z.fallback(z.nullish(z.number().check(z.int())), null),
  amount_subtotal: optionalNumber,
  price: z.fallback(
    z.nullish(
      z.object({
        unit_amount: z.fallback(z.nullish(z.number().check(z.int())), null),
        product: z.fallback(z.nullish(z.union([z.string(), z.object({ id: z.string(), name: optionalText })])), null),
      }),
    ),
    null,
  ),
});

const Session = z.object({
  id: z.string().check(z.minLength(1)),
  payment_intent: z.nullish(Ref),
  client_reference_id: optionalText,
  amount_total: z.number().check(z.int(), z.nonnegative()),
  currency: CurrencyCode,
  created: UnixSeconds,
  locale: optionalText,
  customer_email: optionalText,
  customer_details: z.fallback(z.nullish(z.object({ email: optionalText, name: optionalText, address: StripeAddress })), null),
  shipping_details: z.fallback(z.nullish(z.object({ address: StripeAddress })), null),
  line_items: z.fallback(z.nullish(z.object({ data: z.array(StripeLineItem) })), null),
});
type Session = z.output<typeof Session>;

function parseCheckout(event: Envelope): Parsed {
  const state = SessionState.safeParse(event.data.object);
  const paid = state.success && PAID.has(state.data.payment_status ?? '') && state.data.mode !== 'setup';
  if (!paid) return { kind: 'ignored', topic: event.type };
  const read = readPayload(Session, event.data.object, `${event.type} data.object`);
  if (!read.ok) return read.parsed;
  const session = read.data;
  const at = unixToIso(event.created);
  const order: OrderEvent = {
    kind: 'order',
    platform: 'stripe',
    topic: event.type,
    dedupeKeys: [`stripe:${event.id}`],
    // Session ids run past the model's 64 characters; the prefix is still unique.
    orderId: session.payment_intent ?? session.id.slice(0, 64),
    occurredAt: at,
    snapshot: snapshotOf(session, event.livemode),
    facts: { paidAt: at },
  };
  return finish(order);
}

function snapshotOf(session: Session, livemode: boolean): OrderSnapshot {
  const details = session.customer_details;
  const name = splitName(details?.name);
  const place = details?.address ?? session.shipping_details?.address;
  const sessionLocale = session.locale === 'auto' ? null : session.locale;
  return {
    // A short, readable stand-in when the shop sets no reference of its own.
    orderName: text(session.client_reference_id, 64) ?? `#${session.id.slice(-8).toUpperCase()}`,
    email: email(details?.email, session.customer_email),
    firstName: name.first,
    lastName: name.last,
    locale: locale(sessionLocale),
    address: place ? address({ country: place.country, region: place.state, city: place.city }) : null,
    // Line items are only present when the session was expanded; templates say "your order".
    items: (session.line_items?.data ?? []).flatMap(lineItem).slice(0, 250),
    totalMinor: session.amount_total,
    currency: session.currency,
    createdAt: unixToIso(session.created),
    test: !livemode,
  };
}

function lineItem(item: z.output<typeof StripeLineItem>): LineItem[] {
  const product = item.price?.product;
  const productName = typeof product === 'object' && product ? product.name : null;
  const title = firstText(300, item.description, productName);
  const quantity = item.quantity ?? 1;
  const subtotal = item.amount_subtotal;
  const unit = item.price?.unit_amount ?? (typeof subtotal === 'number' ? Math.round(subtotal / quantity) : null);
  if (!title || quantity < 1 || unit === null || unit < 0) return [];
  const productId = typeof product === 'string' ? product : (product?.id ?? null);
  return [{ title, variant: null, quantity, sku: null, productId: text(productId, 64), unitPriceMinor: unit }];
}

// --- Refunds --------------------------------------------------------------------------------

const Charge = z.object({
  id: z.string().check(z.minLength(1), z.maxLength(64)),
  payment_intent: z.nullish(Ref),
  refunded: z.boolean(),
});

function parseRefund(event: Envelope): Parsed {
  const read = readPayload(Charge, event.data.object, `${event.type} data.object`);
  if (!read.ok) return read.parsed;
  const charge = read.data;
  const at = unixToIso(event.created);
  return finish({
    kind: 'order',
    platform: 'stripe',
    topic: event.type,
    dedupeKeys: [`stripe:${event.id}`],
    orderId: charge.payment_intent ?? charge.id,
    occurredAt: at,
    facts: charge.refunded ? { refundedAt: at, fullyRefunded: true } : { refundedAt: at },
  });
}
