/**
 * Reads the table's stream: every change to an order (a webhook merged into it) brings the
 * customer's record and notes in line with the order's new state. Planning is kept out of the
 * webhook's path, so a store gets its 200 after one write; the stream guarantees that every
 * committed change is planned, in order per order.
 */
import middy from '@middy/core';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { orderFromItem } from '../adapters/dynamodb/order-store.ts';
import { PLANNED_ITEM_TYPE } from '../adapters/dynamodb/table-schema.ts';
import type { OrderStore } from '../core/ports.ts';
import { planFollowUps, type PlanDeps } from '../core/use-cases/plan-follow-ups.ts';
import { lambdaBase } from '../shared/lambda/base.ts';
import { lambdaStores } from '../shared/lambda/stores.ts';
import { once, type BaseParts } from '../shared/parts.ts';

export type PlannerDeps = PlanDeps & Pick<BaseParts, 'store'> & { orders: OrderStore };

export const makeHandler = (deps: () => PlannerDeps) =>
  middy<DynamoDBStreamEvent, DynamoDBBatchResponse>().handler(async (event) => {
    const d = deps();
    // Planning works from each order's state as it is now, so a batch holding several changes of
    // one order plans it once; orders are taken in the order their first change came.
    const changed = new Map<string, { sequenceNumber: string; image: Record<string, AttributeValue> }>();
    for (const record of event.Records) {
      const image = record.dynamodb?.NewImage as Record<string, AttributeValue> | undefined;
      const pk = image?.pk?.S;
      if (!image || !pk || image.type?.S !== PLANNED_ITEM_TYPE || changed.has(pk)) continue;
      changed.set(pk, { sequenceNumber: record.dynamodb?.SequenceNumber ?? '', image });
    }
    for (const { sequenceNumber, image } of changed.values()) {
      try {
        const { storeId, platform, orderId } = orderFromItem(unmarshall(image));
        // The order as it is now: a later change may be on its way, or the order erased since.
        const order = await d.orders.get(storeId, platform, orderId);
        const store = order && d.store(order.storeId);
        if (!order || !store) continue;
        await planFollowUps(d, store, order);
      } catch (error) {
        d.logger.error('planning failed; the stream offers this change again', {
          sequenceNumber,
          error: { name: (error as Error).name, message: (error as Error).message },
        });
        // The stream resumes from there: later records come again too, and planning them twice changes nothing.
        return { batchItemFailures: [{ itemIdentifier: sequenceNumber }] };
      }
    }
    return { batchItemFailures: [] };
  });

export const handler = makeHandler(
  once(() => {
    const base = lambdaBase();
    return { ...base, ...lambdaStores(base) };
  }),
);
