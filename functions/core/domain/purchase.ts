/**
 * The canonical model of a purchase, whatever platform it came from.
 *
 * Platform adapters turn a verified webhook into a {@link PurchaseEvent}; the order state that
 * follow-ups and escalations read is the merge of every event seen for one order. Only what a
 * follow-up note or an escalation packet needs is kept: never the whole platform payload.
 */
import * as z from 'zod';

export const PLATFORMS = ['shopify', 'woocommerce', 'stripe'] as const;
export const Platform = z.enum(PLATFORMS);
export type Platform = z.infer<typeof Platform>;

const IsoTime = z.iso.datetime({ offset: true });
const Currency = z.string().regex(/^[A-Z]{3}$/, 'a three-letter ISO 4217 code');

export const LineItem = z.object({
  title: z.string().min(1).max(300),
  /** Variant as the platform names it ("Queen / Sage"); null when the product has none. */
  variant: z.string().max(200).nullable(),
  quantity: z.number().int().positive(),
  sku: z.string().max(100).nullable(),
  productId: z.string().max(64).nullable(),
  /** Unit price in minor units of the order's currency. */
  unitPriceMinor: z.number().int().nonnegative(),
});
export type LineItem = z.infer<typeof LineItem>;

export const Address = z.object({
  /** ISO 3166-1 alpha-2, upper case. */
  country: z.string().regex(/^[A-Z]{2}$/).nullable(),
  /** Province or state code as the platform sends it ("CA", "ON", "NSW"). */
  region: z.string().max(64).nullable(),
  city: z.string().max(120).nullable(),
  latitude: z.number().min(-90).max(90).nullable(),
  longitude: z.number().min(-180).max(180).nullable(),
});
export type Address = z.infer<typeof Address>;

/** What a platform's full order resource tells us about the order at one moment. */
export const OrderSnapshot = z.object({
  orderName: z.string().min(1).max(64),
  email: z.email().max(254).nullable(),
  firstName: z.string().max(100).nullable(),
  lastName: z.string().max(100).nullable(),
  /** BCP 47 tag from the order's own signals (customer_locale, session locale, WPML), if any. */
  locale: z.string().max(35).nullable(),
  address: Address.nullable(),
  items: z.array(LineItem).max(250),
  /** Line items left out to keep the order within a stored item (the whole payload is kept aside). */
  itemsOmitted: z.number().int().positive().optional(),
  totalMinor: z.number().int().nonnegative(),
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
  paidAt: IsoTime.optional(),
  fulfilledAt: IsoTime.optional(),
  deliveredAt: IsoTime.optional(),
  cancelledAt: IsoTime.optional(),
  refundedAt: IsoTime.optional(),
  fullyRefunded: z.literal(true).optional(),
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
  topic: z.string().max(64),
  /**
   * Keys that identify this delivery or the event behind it (Shopify webhook id and event id,
   * Stripe event id, WooCommerce order id + status + modification time). A key seen before
   * makes the whole event a duplicate.
   */
  dedupeKeys: z.array(z.string().min(1).max(200)).min(1).max(4),
  /** Platform order id as a string: Shopify ids exceed 2^53. */
  orderId: z.string().min(1).max(64),
  /** When the platform says this happened; orders snapshots by this time. */
  occurredAt: IsoTime,
  snapshot: OrderSnapshot.optional(),
  facts: OrderFacts,
  shipment: ShipmentUpdate.optional(),
});
export type OrderEvent = z.infer<typeof OrderEvent>;

/** Shopify customers/redact: erase this customer's data. */
export const RedactCustomerEvent = z.object({
  kind: z.literal('redact-customer'),
  platform: Platform,
  topic: z.string().max(64),
  dedupeKeys: z.array(z.string().min(1).max(200)).min(1).max(4),
  email: z.email().max(254).nullable(),
  orderIds: z.array(z.string().min(1).max(64)).max(1000),
});
export type RedactCustomerEvent = z.infer<typeof RedactCustomerEvent>;

/** Shopify customers/data_request: the customer asks for the data held about them. */
export const DataRequestEvent = z.object({
  kind: z.literal('data-request'),
  platform: Platform,
  topic: z.string().max(64),
  dedupeKeys: z.array(z.string().min(1).max(200)).min(1).max(4),
  email: z.email().max(254).nullable(),
  orderIds: z.array(z.string().min(1).max(64)).max(1000),
  /** The platform's id of the request, for the store's owner. */
  requestId: z.string().max(64).nullable(),
});
export type DataRequestEvent = z.infer<typeof DataRequestEvent>;

/** Shopify shop/redact: erase what the store's Shopify connection brought. */
export const RedactStoreEvent = z.object({
  kind: z.literal('redact-store'),
  platform: Platform,
  topic: z.string().max(64),
  dedupeKeys: z.array(z.string().min(1).max(200)).min(1).max(4),
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
