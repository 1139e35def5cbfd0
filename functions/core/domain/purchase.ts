/**
 * The canonical model of a purchase, whatever platform it came from.
 *
 * Platform adapters turn a verified webhook into a {@link PurchaseEvent}; the order state that
 * follow-ups and escalations read is the merge of every event seen for one order. Only what a
 * follow-up note or an escalation packet needs is kept: never the whole platform payload.
 */
import * as z from '../zod.ts';

export const PLATFORMS = ['shopify', 'woocommerce', 'stripe'] as const;
export const Platform = z.enum(PLATFORMS);
export type Platform = z.infer<typeof Platform>;

const IsoTime = z.iso.datetime({ offset: true });
const Currency = z.string().check(z.regex(/^[A-Z]{3}$/, 'a three-letter ISO 4217 code'));

export const LineItem = z.object({
  title: z.string().check(z.minLength(1), z.maxLength(300)),
  /** Variant as the platform names it ("Queen / Sage"); null when the product has none. */
  variant: z.nullable(z.string().check(z.maxLength(200))),
  quantity: z.number().check(z.int(), z.positive()),
  sku: z.nullable(z.string().check(z.maxLength(100))),
  productId: z.nullable(z.string().check(z.maxLength(64))),
  /** Unit price in minor units of the order's currency. */
  unitPriceMinor: z.number().check(z.int(), z.nonnegative()),
});
export type LineItem = z.infer<typeof LineItem>;

export const Address = z.object({
  /** ISO 3166-1 alpha-2, upper case. */
  country: z.nullable(z.string().check(z.regex(/^[A-Z]{2}$/))),
  /** Province or state code as the platform sends it ("CA", "ON", "NSW"). */
  region: z.nullable(z.string().check(z.maxLength(64))),
  city: z.nullable(z.string().check(z.maxLength(120))),
  latitude: z.nullable(z.number().check(z.gte(-90), z.lte(90))),
  longitude: z.nullable(z.number().check(z.gte(-180), z.lte(180))),
});
export type Address = z.infer<typeof Address>;

/** What a platform's full order resource tells us about the order at one moment. */
export const OrderSnapshot = z.object({
  orderName: z.string().check(z.minLength(1), z.maxLength(64)),
  email: z.nullable(z.email().check(z.maxLength(254))),
  firstName: z.nullable(z.string().check(z.maxLength(100))),
  lastName: z.nullable(z.string().check(z.maxLength(100))),
  /** BCP 47 tag from the order's own signals (customer_locale, session locale, WPML), if any. */
  locale: z.nullable(z.string().check(z.maxLength(35))),
  address: z.nullable(Address),
  items: z.array(LineItem).check(z.maxLength(250)),
  /** Line items left out to keep the order within a stored item (the whole payload is kept aside). */
  itemsOmitted: z.optional(z.number().check(z.int(), z.positive())),
  totalMinor: z.number().check(z.int(), z.nonnegative()),
  currency: Currency,
  createdAt: IsoTime,
  /** Platform test orders (Shopify `test`, Stripe `livemode: false`). */
  test: z.boolean(),
});
export type OrderSnapshot = z.infer<typeof OrderSnapshot>;

/**
 * Lifecycle facts. Each is monotonic: once an order is paid, fulfilled, delivered, cancelled or
 * refunded it stays so, which lets events arriving out of order merge to the same state.
 */
export const OrderFacts = z.object({
  paidAt: z.optional(IsoTime),
  fulfilledAt: z.optional(IsoTime),
  deliveredAt: z.optional(IsoTime),
  cancelledAt: z.optional(IsoTime),
  refundedAt: z.optional(IsoTime),
  fullyRefunded: z.optional(z.literal(true)),
});
export type OrderFacts = z.infer<typeof OrderFacts>;

export const SHIPMENT_STATUSES = [
  'label_printed',
  'label_purchased',
  'confirmed',
  'in_transit',
  'out_for_delivery',
  'attempted_delivery',
  'ready_for_pickup',
  'delayed',
  'delivered',
  'failure',
] as const;
export const ShipmentStatus = z.enum(SHIPMENT_STATUSES);
export type ShipmentStatus = z.infer<typeof ShipmentStatus>;

export const ShipmentUpdate = z.object({ status: ShipmentStatus, at: IsoTime });
export type ShipmentUpdate = z.infer<typeof ShipmentUpdate>;

/** One verified, normalised webhook about one order. */
export const OrderEvent = z.object({
  kind: z.literal('order'),
  platform: Platform,
  /** Platform topic as received, for logs ("orders/paid", "order.updated", "charge.refunded"). */
  topic: z.string().check(z.maxLength(64)),
  /**
   * Keys that identify this delivery or the event behind it (Shopify webhook id and event id,
   * Stripe event id, WooCommerce order id + status + modification time). A key seen before
   * makes the whole event a duplicate.
   */
  dedupeKeys: z.array(z.string().check(z.minLength(1), z.maxLength(200))).check(z.minLength(1), z.maxLength(4)),
  /** Platform order id as a string: Shopify ids exceed 2^53. */
  orderId: z.string().check(z.minLength(1), z.maxLength(64)),
  /** When the platform says this happened; orders snapshots by this time. */
  occurredAt: IsoTime,
  snapshot: z.optional(OrderSnapshot),
  facts: OrderFacts,
  shipment: z.optional(ShipmentUpdate),
});
export type OrderEvent = z.infer<typeof OrderEvent>;

/** Shopify customers/redact: erase this customer's data. */
export const RedactCustomerEvent = z.object({
  kind: z.literal('redact-customer'),
  platform: Platform,
  topic: z.string().check(z.maxLength(64)),
  dedupeKeys: z.array(z.string().check(z.minLength(1), z.maxLength(200))).check(z.minLength(1), z.maxLength(4)),
  email: z.nullable(z.email().check(z.maxLength(254))),
  orderIds: z.array(z.string().check(z.minLength(1), z.maxLength(64))).check(z.maxLength(1000)),
});
export type RedactCustomerEvent = z.infer<typeof RedactCustomerEvent>;

/** Shopify customers/data_request: the customer asks for the data held about them. */
export const DataRequestEvent = z.object({
  kind: z.literal('data-request'),
  platform: Platform,
  topic: z.string().check(z.maxLength(64)),
  dedupeKeys: z.array(z.string().check(z.minLength(1), z.maxLength(200))).check(z.minLength(1), z.maxLength(4)),
  email: z.nullable(z.email().check(z.maxLength(254))),
  orderIds: z.array(z.string().check(z.minLength(1), z.maxLength(64))).check(z.maxLength(1000)),
  /** The platform's id of the request, for the store's owner. */
  requestId: z.nullable(z.string().check(z.maxLength(64))),
});
export type DataRequestEvent = z.infer<typeof DataRequestEvent>;

/** Shopify shop/redact: erase what the store's Shopify connection brought. */
export const RedactStoreEvent = z.object({
  kind: z.literal('redact-store'),
  platform: Platform,
  topic: z.string().check(z.maxLength(64)),
  dedupeKeys: z.array(z.string().check(z.minLength(1), z.maxLength(200))).check(z.minLength(1), z.maxLength(4)),
});
export type RedactStoreEvent = z.infer<typeof RedactStoreEvent>;

export const PurchaseEvent = z.discriminatedUnion('kind', [
  OrderEvent,
  RedactCustomerEvent,
  RedactStoreEvent,
  DataRequestEvent,
]);
export type PurchaseEvent = z.infer<typeof PurchaseEvent>;

/** The merged state of one order, as stored. */
export interface OrderState {
  storeId: string;
  platform: Platform;
  orderId: string;
  /** Absent until a full order resource has been seen (a refund can arrive before the order). */
  snapshot: OrderSnapshot | null;
  snapshotAt: string | null;
  facts: OrderFacts;
  shipment: ShipmentUpdate | null;
  /** Customer key of the recipient, once known. */
  customerKey: string | null;
}

export const FULFILLMENT_STATES = ['unfulfilled', 'fulfilled', 'in_transit', 'delivered', 'failed'] as const;
export type FulfillmentState = (typeof FULFILLMENT_STATES)[number];
export type OrderStage = 'placed' | 'paid' | 'fulfilled' | 'delivered' | 'cancelled' | 'refunded';

/** Where the order stands for a customer: what a person at the store would say about it. */
export function orderStage(order: Pick<OrderState, 'facts'>): OrderStage {
  const f = order.facts;
  if (f.cancelledAt) return 'cancelled';
  if (f.refundedAt) return 'refunded';
  if (f.deliveredAt) return 'delivered';
  if (f.fulfilledAt) return 'fulfilled';
  if (f.paidAt) return 'paid';
  return 'placed';
}

export function fulfillmentState(order: Pick<OrderState, 'facts' | 'shipment'>): FulfillmentState {
  if (order.facts.deliveredAt) return 'delivered';
  const s = order.shipment?.status;
  if (s === 'failure') return 'failed';
  if (s === 'in_transit' || s === 'out_for_delivery' || s === 'attempted_delivery' || s === 'delayed') {
    return 'in_transit';
  }
  return order.facts.fulfilledAt ? 'fulfilled' : 'unfulfilled';
}

/**
 * An order counts towards the customer's history (order count, total spent, tenure) once it is
 * paid, and stops counting when it is cancelled or fully refunded.
 */
export function countsAsPurchase(order: Pick<OrderState, 'facts' | 'snapshot'>): boolean {
  const f = order.facts;
  return Boolean(order.snapshot && f.paidAt && !f.cancelledAt && !f.fullyRefunded);
}

/** The order's key inside its store: platform and id. */
export function orderRef(platform: Platform, orderId: string): string {
  return `${platform}:${orderId}`;
}
