/** Every minute (EventBridge schedule; the virtual clock locally): hand due notes to the queue. */
import middy from '@middy/core';
import type { ScheduledEvent } from 'aws-lambda';
import { sweepDue } from '../core/use-cases/sweep-due.ts';
import { lambdaDeps, type AppDeps } from '../shared/container.ts';

export const makeHandler = (deps: () => AppDeps) =>
  middy<ScheduledEvent, { queued: number }>().handler(() => sweepDue(deps()));

export const handler = makeHandler(() => lambdaDeps());
