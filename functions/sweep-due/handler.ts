/** Every minute (EventBridge schedule; the virtual clock locally): hand due notes to the queue. */
import middy from '@middy/core';
import type { ScheduledEvent } from 'aws-lambda';
import { sweepDue, type SweepDeps } from '../core/use-cases/sweep-due.ts';
import { lambdaBase } from '../shared/lambda/base.ts';
import { lambdaQueue } from '../shared/lambda/queue.ts';
import { lambdaStores } from '../shared/lambda/stores.ts';
import { once } from '../shared/parts.ts';

export const makeHandler = (deps: () => SweepDeps) =>
  middy<ScheduledEvent, { queued: number }>().handler(() => sweepDue(deps()));

export const handler = makeHandler(
  once(() => {
    const base = lambdaBase();
    return { ...base, ...lambdaStores(base), ...lambdaQueue(base) };
  }),
);
