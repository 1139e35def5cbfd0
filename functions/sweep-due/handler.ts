/** Every minute (EventBridge schedule; the virtual clock locally): hand due notes to the queue. */
import middy from '@middy/core';
import type { ScheduledEvent } from 'aws-lambda';
import { sweepDue, type SweepDeps } from '../core/use-cases/sweep-due.ts';
import { lambdaHandler } from '../shared/lambda.ts';
import { sweepDue as declaration } from './function.ts';

export const makeHandler = (parts: SweepDeps) => middy<ScheduledEvent, { queued: number }>().handler(() => sweepDue(parts));

export const handler = lambdaHandler(declaration, makeHandler);
