/**
 * What moves work between the functions locally, as AWS's event sources do: the table's stream
 * into planning and into privacy-requests (two event source mappings, each with its filter), SES's events into ses-events (SNS), received mail
 * into receive-mail (the receipt rule), and the virtual clock's scheduler running the sweep and
 * draining the send queue into send-mail; and, as the clock moves, the bucket's lifecycle rules
 * (retention-sweep.ts).
 */
import type { Context } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { isOrderChange } from '../adapters/dynamodb/order-changes.ts';
import { isPrivacyRequest } from '../adapters/dynamodb/privacy-requests.ts';
import { PRIVACY_REQUEST_ATTEMPTS } from '../privacy-requests/function.ts';
import type { DeploymentConfig } from '../core/domain/store.ts';
import { UnreadableMailError } from '../core/errors.ts';
import type { InboundResult, NoteStore } from '../core/ports.ts';
import { RECEIVE_RETRY_ATTEMPTS } from '../receive-mail/function.ts';
import type { JsonLogger } from '../shared/observability.ts';
import { invokeAsAsync } from './async-invoke.ts';
import { sesReceiptEvent, snsEvent } from './aws-events.ts';
import { LOCAL_NAMES, type Engines } from './engines.ts';
import { INBOUND_PREFIX } from '../adapters/s3/raw-mail-bucket.ts';
import type { LocalClock } from './local-clock.ts';
import { retentionSweep } from './retention-sweep.ts';
import { LocalScheduler } from './scheduler.ts';
import { SesEventRelay } from './ses-event-relay.ts';
import type { LocalState } from './state.ts';
import { StreamPoller } from './stream-poller.ts';
import type { LocalFunctions } from './wiring.ts';

export interface EventPump {
  scheduler: LocalScheduler;
  /** Waits until sends under way are done and their SES events handled. */
  settle(): Promise<void>;
  /** A received message, handled exactly as one SES received (SMTP, /dev/inbound). */
  receive(raw: Buffer, recipients: string[]): Promise<InboundResult>;
  /** Resolves once every change written so far has been planned, and every privacy request handed over. */
  planned(): Promise<void>;
  /** Holds planning back (it catches up on resume or on `planned()`): for measuring intake alone. */
  planning: { pause(): void; resume(): void };
}

export interface PumpOptions {
  config: DeploymentConfig;
  engines: Engines;
  functions: LocalFunctions;
  clock: LocalClock;
  logger: JsonLogger;
  state: LocalState;
  /** Where the SES event relay keeps what it handled (null: in memory). */
  sesStateDir: string | null;
  /** The runtime's own note store: the scheduler looks for the next due time in it. */
  notes: NoteStore;
}

export async function startEventPump(options: PumpOptions, stops: Array<() => Promise<void>>): Promise<EventPump> {
  const { engines, functions, clock, logger } = options;
  const context = (name: string) => lambdaContext(name);

  const tableStream = { dynamo: engines.dynamo.client, endpoint: engines.dynamo.endpoint, tableName: engines.dynamo.tableName };
  // The table's stream carries each order change to planning, as the event source mapping does in AWS.
  const streams = new StreamPoller({
    ...tableStream,
    consume: (event) => functions['plan-follow-ups'](event, context('plan-follow-ups')),
    filter: isOrderChange,
    onError: (error) => logger.error('reading the table stream failed', { error: (error as Error).message }),
    onDiscard: (record) => logger.error('an order change could not be planned and was set aside', { sequenceNumber: record.dynamodb?.SequenceNumber }),
  });
  await streams.start();
  stops.push(() => streams.stop());

  // The same stream carries each privacy request a webhook stored to privacy-requests: a mapping
  // of its own, with its own position, so a failing erasure never holds planning back.
  const privacy = new StreamPoller({
    ...tableStream,
    consume: (event) => functions['privacy-requests'](event, context('privacy-requests')),
    filter: isPrivacyRequest,
    maxAttempts: PRIVACY_REQUEST_ATTEMPTS,
    // Rare work: read less often between explicit drains.
    intervalMs: 1000,
    onError: (error) => logger.error('reading the table stream for privacy requests failed', { error: (error as Error).message }),
    onDiscard: (record) => logger.error('a privacy request kept failing and was set aside', { sequenceNumber: record.dynamodb?.SequenceNumber }),
  });
  await privacy.start();
  stops.push(() => privacy.stop());

  // SES publishes its events a while after the send (through SNS): they wait until the batch of
  // sends that caused them is done, then run one after the other. Events the endpoint recorded
  // but a run killed before handling them are handled first thing.
  const relay = new SesEventRelay({
    handle: (payload) => functions['ses-events'](snsEvent(payload, clock.now()), context('ses-events')),
    statePath: options.sesStateDir && join(options.sesStateDir, 'events-handled.json'),
    onError: (error) => logger.error('SES event handling failed', { error: error.message }),
  });
  await relay.start(engines.ses);
  // Sends outside the scheduler (an owner's reply) get their events within a second.
  const eventTimer = setInterval(() => void relay.flush(), 1000);
  eventTimer.unref();
  stops.push(async () => clearInterval(eventTimer));
  const settle = async () => {
    await engines.ses.idle();
    await relay.flush();
  };

  const sweepRetention = retentionSweep(options.config, engines.rawMail, engines.files);
  const scheduler = new LocalScheduler({
    clock,
    notes: options.notes,
    queue: engines.queue,
    plan: () => streams.drain(),
    sweep: () => functions['sweep-due']({} as never, context('sweep-due')),
    send: (event) => functions['send-mail'](event, context('send-mail')),
    settle,
    moved: async (now) => {
      await options.state.saveClock(now);
      await sweepRetention(now);
    },
    failed: (what, error) => logger.error(`the ${what} failed; it runs again`, { error: error.message }),
  });

  const receive = async (raw: Buffer, recipients: string[]): Promise<InboundResult> => {
    const mailId = await engines.rawMail.save(raw);
    const event = sesReceiptEvent({ mailId, recipients, source: '', at: clock.now(), bucket: LOCAL_NAMES.inboundBucket, key: `${INBOUND_PREFIX}${mailId}` });
    // One invocation, and its retries: Lambda keeps the request id across them.
    const invocation = lambdaContext('receive-mail', randomUUID());
    const [result] = await invokeAsAsync(() => functions['receive-mail'](event, invocation), {
      retries: RECEIVE_RETRY_ATTEMPTS,
      // A mail that cannot be read fails every time.
      final: (error) => error instanceof UnreadableMailError,
      retrying: (error, attempt) => logger.error('receiving a mail failed; it is invoked again', { mailId, attempt, error: error.message }),
    });
    // An escalation's notice goes out now, as the queue's consumer would do at once in AWS.
    await scheduler.runDue();
    return result!;
  };

  return {
    scheduler,
    settle,
    receive,
    planned: async () => {
      await Promise.all([streams.drain(), privacy.drain()]);
    },
    planning: { pause: () => streams.pause(), resume: () => streams.resume() },
  };
}

/** A Lambda context for the local runtime: a generous deadline, as it has none. */
export function lambdaContext(functionName: string, awsRequestId = 'local'): Context {
  const fail = () => {
    throw new Error('callback-style completion is not used');
  };
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId,
    logGroupName: `/local/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => 15 * 60_000,
    done: fail,
    fail,
    succeed: fail,
  };
}
