/**
 * The table's stream, as planning sees it: which records are changes to an order, and which
 * orders they name. The filter is written once, as the event pattern Lambda's event source
 * mapping applies in AWS (infra), and is evaluated here for the local runtime's stream reader.
 */
import type { DynamoDBRecord } from 'aws-lambda';
import * as z from '../../core/zod.ts';
import { Platform } from '../../core/domain/purchase.ts';
import type { OrderKey } from '../../core/ports.ts';
import { newImageOfType, passes } from './stream-filter.ts';
import { PLANNED_ITEM_TYPE } from './table-schema.ts';

/** The event filter pattern: a record whose new image is an order item. */
export const ORDER_CHANGE_PATTERN = newImageOfType(PLANNED_ITEM_TYPE);

export const isOrderChange = (record: DynamoDBRecord): boolean => passes(ORDER_CHANGE_PATTERN, record);

const OrderImage = z.object({
  storeId: z.object({ S: z.string().check(z.minLength(1)) }),
  platform: z.object({ S: Platform }),
  orderId: z.object({ S: z.string().check(z.minLength(1)) }),
});

export interface OrderChange {
  order: OrderKey;
  /** The first record of the batch that changed it: where the stream resumes if planning fails. */
  sequenceNumber: string;
}

/**
 * The orders a batch of records changed, each once, in the order of their first change:
 * planning works from an order's state as it is now, so several changes need one planning.
 */
export function changedOrders(records: readonly DynamoDBRecord[]): OrderChange[] {
  const changes = new Map<string, OrderChange>();
  for (const record of records) {
    if (!isOrderChange(record)) continue;
    const image = OrderImage.safeParse(record.dynamodb?.NewImage);
    if (!image.success) continue;
    const order = { storeId: image.data.storeId.S, platform: image.data.platform.S, orderId: image.data.orderId.S };
    const id = `${order.storeId}\n${order.platform}\n${order.orderId}`;
    if (!changes.has(id)) changes.set(id, { order, sequenceNumber: record.dynamodb?.SequenceNumber ?? '' });
  }
  return [...changes.values()];
}
