/**
 * Reads the table's stream: every change to an order (a webhook merged into it) brings the
 * customer's record and notes in line with the order's new state. Planning is kept out of the
 * webhook's path, so a store gets its 200 after one write; the stream guarantees that every
 * committed change is planned, in order per order.
 */
import middy from '@middy/core';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { changedOrders } from '../adapters/dynamodb/order-changes.ts';
import { planOrder, type PlanOrderDeps } from '../core/use-cases/plan-follow-ups.ts';
import { lambdaHandler } from '../shared/lambda.ts';
import { inOrderUntilFailure } from '../shared/stream-batch.ts';
import { planFollowUps } from './function.ts';

export const makeHandler = (parts: PlanOrderDeps) =>
  middy<DynamoDBStreamEvent, DynamoDBBatchResponse>().handler((event) =>
    inOrderUntilFailure(
      changedOrders(event.Records),
      (change) => planOrder(parts, change.order),
      // Later records come again too, and planning them twice changes nothing.
      ({ sequenceNumber }, error) => parts.logger.error('planning failed; the stream offers this change again', { sequenceNumber, error }),
    ),
  );

export const handler = lambdaHandler(planFollowUps, makeHandler);
