/**
 * Orders in DynamoDB: one item per order, merged from events with a single conditional
 * UpdateItem and no read first.
 *
 * - Lifecycle facts are set with if_not_exists: the first report of "paid" wins, and a later or
 *   earlier event cannot undo it, so cancel-before-create and fulfilled-before-paid both land
 *   in the right state.
 * - The snapshot (items, customer, totals) and the shipment status are versioned by the event
 *   time: an older event never overwrites a newer one.
 * - The digests of every dedupe key seen are kept on the item; the update is conditional on
 *   not having seen any of this event's keys, so a redelivery writes nothing.
 * - The snapshot is fitted to a budget before it is written (core/domain/item-size.ts), so an
 *   order of any size is stored; the caller keeps the whole payload aside and names it here.
 * - `customerRef` puts the order in the customer index (erasure, export); `expiresAt` is the
 *   store's order retention from the latest change.
 */
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import * as z from '../../core/zod.ts';
import { fitSnapshot } from '../../core/domain/item-size.ts';
import { dedupeDigest } from '../../core/domain/keys.ts';
import type { ExpiryPolicy } from '../../core/domain/retention.ts';
import {
  OrderFacts,
  OrderSnapshot,
  Platform,
  ShipmentUpdate,
  type OrderState,
} from '../../core/domain/purchase.ts';
import type { ApplyOutcome, OrderStore } from '../../core/ports.ts';
import { batchDeleteAll, batchGetAll } from './batch.ts';
import { Expr, isConditionFailure } from './expression.ts';
import { CUSTOMER_INDEX, TTL_ATTRIBUTE } from './table-schema.ts';

const FACTS = ['paidAt', 'fulfilledAt', 'deliveredAt', 'cancelledAt', 'refundedAt'] as const;

const OrderItem = z.object({
  storeId: z.string(),
  platform: Platform,
  orderId: z.string(),
  snapshot: z.nullish(OrderSnapshot),
  snapshotAt: z.nullish(z.string()),
  shipment: z.nullish(ShipmentUpdate),
  customerKey: z.nullish(z.string()),
  seen: z.optional(z.set(z.string())),
  ...Object.fromEntries(FACTS.map((f) => [f, z.optional(z.string())])),
  fullyRefunded: z.optional(z.boolean()),
});

export function orderPk(storeId: string, platform: string, orderId: string): string {
  return `O#${storeId}#${platform}#${orderId}`;
}

/** The item key of an order named by its `platform:id` reference. */
export function orderKey(storeId: string, ref: string): { pk: string; sk: string } {
  const i = ref.indexOf(':');
  return { pk: orderPk(storeId, ref.slice(0, i), ref.slice(i + 1)), sk: 'O' };
}

/** An order item as read back (a GetItem, or a stream record's new image), checked. */
export function orderFromItem(raw: Record<string, unknown>): OrderState {
  const item = OrderItem.parse(raw) as z.infer<typeof OrderItem> & Record<string, unknown>;
  const facts: OrderFacts = {};
  for (const f of FACTS) if (typeof item[f] === 'string') facts[f] = item[f] as string;
  if (item.fullyRefunded) facts.fullyRefunded = true;
  return {
    storeId: item.storeId,
    platform: item.platform,
    orderId: item.orderId,
    snapshot: item.snapshot ?? null,
    snapshotAt: item.snapshotAt ?? null,
    facts,
    shipment: item.shipment ?? null,
    customerKey: item.customerKey ?? null,
  };
}

export class DynamoOrderStore implements OrderStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly expiry: ExpiryPolicy,
  ) {}

  async apply(input: Parameters<OrderStore['apply']>[0]): Promise<ApplyOutcome> {
    const { storeId, event } = input;
    const snapshot = event.snapshot && fitSnapshot(event.snapshot).snapshot;
    const digests = event.dedupeKeys.map(dedupeDigest);
    let withSnapshot = Boolean(event.snapshot);
    let withShipment = Boolean(event.shipment);

    // At most three attempts: each failure of a version guard drops that part of the update.
    for (;;) {
      const e = new Expr()
        .set('storeId', storeId)
        .set('platform', event.platform)
        .set('orderId', event.orderId)
        .set('type', 'order')
        .set(TTL_ATTRIBUTE, this.expiry.expiresAt(storeId, 'orders'))
        .add('seen', new Set(digests));
      if (input.payloadKey) e.add('payloadKeys', new Set([input.payloadKey]));
      const seen = e.name('seen');
      e.when(digests.map((d) => `NOT contains(${seen}, ${e.value(d)})`).join(' AND '));
      for (const f of FACTS) {
        const value = event.facts[f];
        if (value) e.setIfMissing(f, value);
      }
      if (event.facts.fullyRefunded) e.set('fullyRefunded', true);
      if (withSnapshot) {
        e.set('snapshot', snapshot).set('snapshotAt', event.occurredAt);
        e.set('customerKey', input.customerKey);
        if (input.customerKey) e.set(CUSTOMER_INDEX.pk, input.customerKey);
        const at = e.name('snapshotAt');
        e.when(`attribute_not_exists(${at}) OR ${at} <= ${e.value(event.occurredAt)}`);
      }
      if (withShipment) {
        e.set('shipment', event.shipment);
        const at = `${e.name('shipment')}.${e.name('at')}`;
        e.when(`attribute_not_exists(${at}) OR ${at} <= ${e.value(event.shipment!.at)}`);
      }

      try {
        await this.db.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: { pk: orderPk(storeId, event.platform, event.orderId), sk: 'O' },
            ...e.params(),
            // Only a refusal needs the item back: to tell a duplicate from an older snapshot.
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        );
        return 'applied';
      } catch (error) {
        if (!isConditionFailure(error) || !error.Item) throw error;
        const old = unmarshall(error.Item);
        const oldSeen = (old.seen as Set<string> | undefined) ?? new Set<string>();
        if (digests.some((d) => oldSeen.has(d))) return 'duplicate';
        // A newer snapshot or shipment is stored already: keep it, apply the rest.
        if (withSnapshot && typeof old.snapshotAt === 'string' && old.snapshotAt > event.occurredAt) withSnapshot = false;
        else if (withShipment && old.shipment?.at > event.shipment!.at) withShipment = false;
        else throw error;
      }
    }
  }

  async get(storeId: string, platform: string, orderId: string): Promise<OrderState | null> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: orderPk(storeId, platform, orderId), sk: 'O' }, ConsistentRead: true }),
    );
    return out.Item ? orderFromItem(out.Item) : null;
  }

  async getMany(storeId: string, refs: string[]): Promise<OrderState[]> {
    if (refs.length === 0) return [];
    const items = await batchGetAll(this.db, this.tableName, refs.map((ref) => orderKey(storeId, ref)));
    return items.map(orderFromItem);
  }

  async delete(storeId: string, refs: string[]): Promise<void> {
    await batchDeleteAll(this.db, this.tableName, refs.map((ref) => orderKey(storeId, ref)));
  }
}
