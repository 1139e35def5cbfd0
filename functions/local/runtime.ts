/**
 * The whole pipeline on one machine: DynamoDB Local, a local SES endpoint, an SMTP server for
 * replies, an in-process queue and scheduler on a virtual clock, and an HTTP server that turns
 * requests into the same API Gateway events the deployed functions get. The handlers are the
 * deployed ones, built with local clients.
 */
import { SESClient } from '@aws-sdk/client-ses';
import type { Context } from 'aws-lambda';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { DeploymentConfig } from '../core/domain/store.ts';
import type { InboundResult } from '../core/ports.ts';
import { makeHandler as ingestWebhook } from '../ingest-webhook/handler.ts';
import { makeHandler as operator } from '../operator/handler.ts';
import { makeHandler as planFollowUps } from '../plan-follow-ups/handler.ts';
import { makeHandler as receiveMail } from '../receive-mail/handler.ts';
import { makeHandler as sendNote } from '../send-note/handler.ts';
import { makeHandler as sesEvents } from '../ses-events/handler.ts';
import { makeHandler as sweepDue } from '../sweep-due/handler.ts';
import { makeHandler as unsubscribe } from '../unsubscribe/handler.ts';
import { StaticSecretProvider } from '../adapters/secrets/secrets-manager.ts';
import type { VirtualClock } from '../shared/clock.ts';
import { REPOSITORY_TEMPLATES_DIR } from '../adapters/render/templates-dir.ts';
import { sesMessageIdHeader } from '../adapters/ses/message-id.ts';
import { buildDeps, type AppDeps } from '../shared/container.ts';
import { json, type HttpEvent, type HttpResult } from '../shared/http.ts';
import { JsonLogger, type LogLevel } from '../shared/observability.ts';
import { FUNCTIONS, matchRoute, type HttpFunction } from '../shared/routes.ts';
import { OPERATOR_TOKEN_SECRET } from '../operator/auth.ts';
import { sesReceiptEvent, snsEvent } from './aws-events.ts';
import { createTable } from './create-table.ts';
import { PLANNED_ITEM_TYPE } from '../adapters/dynamodb/table-schema.ts';
import { devRoute } from './dev-routes.ts';
import { BodyTooLargeError, readBody, toHttpEvent, writeResult } from './http-bridge.ts';
import { ensureDynamoDbLocal, localDynamoDbClient, startDynamoDbLocal } from './dynamodb-local.ts';
import { LocalClock, sendVirtualTime } from './local-clock.ts';
import { LocalQueue } from './local-queue.ts';
import { SesEventRelay } from './ses-event-relay.ts';
import { SEND_MAX_RECEIVES, SEND_VISIBILITY_TIMEOUT_MS } from '../core/domain/send-timing.ts';
import { RawMailFolder } from './raw-mail-folder.ts';
import { recoverQueuedNotes } from './recover.ts';
import { LocalScheduler } from './scheduler.ts';
import { StreamPoller } from './stream-poller.ts';
import { LocalSesEndpoint } from './ses/endpoint.ts';
import { SmtpInboundServer } from './smtp-inbound.ts';
import { LocalState } from './state.ts';

export interface RuntimeOptions {
  config: DeploymentConfig;
  /** HTTP port; 0 picks a free one. */
  port: number;
  /** Inbound SMTP port; 0 picks a free one. */
  smtpPort: number;
  /** All local state; null keeps everything in memory (tests). */
  dataDir: string | null;
  /** Where the virtual clock starts (a kept clock that is later wins). */
  clockStart: Date;
  /** Secret values by name (webhook secrets of the stores). */
  secrets: Record<string, string>;
  /** Bearer token for /api and /console; generated and kept when absent. */
  operatorToken?: string;
  /** Use this DynamoDB endpoint (and table) instead of starting DynamoDB Local. */
  dynamo?: { endpoint: string; tableName: string };
  logLevel?: LogLevel;
  log?: (line: string) => void;
}

export interface Runtime {
  url: string;
  smtpPort: number;
  clock: VirtualClock;
  operatorToken: string;
  deps: AppDeps;
  ses: LocalSesEndpoint;
  queue: LocalQueue;
  scheduler: LocalScheduler;
  receive(raw: Buffer, recipients: string[]): Promise<InboundResult>;
  /** Resolves once every change written so far has been planned. */
  planned(): Promise<void>;
  /** Holds planning back (it catches up on resume or on `planned()`): for measuring intake alone. */
  planning: { pause(): void; resume(): void };
  stop(): Promise<void>;
}

const SES_REGION = 'us-east-1';
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
  };
  try {
    return await start(options, stops, stop);
  } catch (error) {
    await stop();
    throw error;
  }
}

async function start(options: RuntimeOptions, stops: Array<() => Promise<void>>, stop: () => Promise<void>): Promise<Runtime> {
  const dir = (name: string) => (options.dataDir ? join(options.dataDir, name) : null);
  const state = new LocalState(options.dataDir);
  await state.init();
  const saved = await state.savedClock();
  const clock = new LocalClock(saved && saved > options.clockStart ? saved : options.clockStart);
  const logger = new JsonLogger({ service: 'followup-local', level: options.logLevel ?? 'info', clock, ...(options.log && { write: options.log }) });

  let dynamo = options.dynamo;
  if (!dynamo) {
    await ensureDynamoDbLocal();
    const engine = await startDynamoDbLocal({ ...(dir('dynamodb') && { dataDir: dir('dynamodb')! }) });
    stops.push(() => engine.stop());
    dynamo = { endpoint: engine.endpoint, tableName: 'followup' };
  }
  const dynamoClient = localDynamoDbClient(dynamo.endpoint);
  await createTable(dynamoClient, dynamo.tableName);

  const ses = new LocalSesEndpoint({
    now: () => clock.now(),
    region: SES_REGION,
    trustClientTime: true,
    ...(dir('outbox') && { outboxDir: dir('outbox')! }),
    ...(dir('ses') && { recordPath: join(dir('ses')!, 'sends.jsonl') }),
  });
  await ses.start();
  stops.push(() => ses.stop());

  const queue = new LocalQueue({ clock, visibilityTimeoutMs: SEND_VISIBILITY_TIMEOUT_MS, maxReceives: SEND_MAX_RECEIVES, batchSize: 10 });
  const rawMail = new RawMailFolder(dir('inbound'));
  const signingKey = await state.secret('signing-key');
  const operatorToken = options.operatorToken ?? (await state.secret('operator-token', 24));
  const sesClient = new SESClient({ endpoint: ses.url, region: SES_REGION, credentials: LOCAL_CREDENTIALS, maxAttempts: 1 });
  sendVirtualTime(sesClient, clock);
  const deps = buildDeps({
    config: options.config,
    clock,
    logger,
    dynamo: dynamoClient,
    tableName: dynamo.tableName,
    queue,
    rawMail,
    ses: sesClient,
    sesRegion: SES_REGION,
    configurationSet: 'followup-local',
    secrets: new StaticSecretProvider({ ...options.secrets, 'signing-key': signingKey, [OPERATOR_TOKEN_SECRET]: operatorToken }),
    signingSecretName: 'signing-key',
    templatesDir: REPOSITORY_TEMPLATES_DIR,
  });

  const handlers = {
    [FUNCTIONS.ingestWebhook]: ingestWebhook(() => deps),
    [FUNCTIONS.unsubscribe]: unsubscribe(() => deps),
    [FUNCTIONS.operator]: operator(() => deps),
  } satisfies Record<HttpFunction, (event: HttpEvent, context: never) => Promise<HttpResult>>;
  const send = sendNote(() => deps);
  const sweep = sweepDue(() => deps);
  const events = sesEvents(() => ({ ...deps, messageIdFor: (id: string) => sesMessageIdHeader(id, SES_REGION) }));
  const inbound = receiveMail(() => deps);
  const plan = planFollowUps(() => deps);
  const context = lambdaContext();

  // The table's stream carries each order change to planning, as the event source mapping does in AWS.
  const streams = new StreamPoller({
    dynamo: dynamoClient,
    endpoint: dynamo.endpoint,
    tableName: dynamo.tableName,
    consume: (event) => plan(event, context),
    filter: (record) => record.dynamodb?.NewImage?.type?.S === PLANNED_ITEM_TYPE,
    onError: (error) => logger.error('reading the table stream failed', { error: (error as Error).message }),
    onDiscard: (record) => logger.error('an order change could not be planned and was set aside', { sequenceNumber: record.dynamodb?.SequenceNumber }),
  });
  await streams.start();
  stops.push(() => streams.stop());

  // SES publishes its events a while after the send (through SNS): they wait until the batch of
  // sends that caused them is done, then run one after the other. Events the endpoint recorded
  // but a run killed before handling them are handled first thing.
  const relay = new SesEventRelay({
    handle: (payload) => events(snsEvent(payload, clock.now()), context),
    statePath: dir('ses') && join(dir('ses')!, 'events-handled.json'),
    onError: (error) => logger.error('SES event handling failed', { error: error.message }),
  });
  await relay.start(ses);
  // Sends outside the scheduler (an owner's reply) get their events within a second.
  const eventTimer = setInterval(() => void relay.flush(), 1000);
  eventTimer.unref();
  stops.push(async () => clearInterval(eventTimer));
  const settle = async () => {
    await ses.idle();
    await relay.flush();
  };

  const scheduler = new LocalScheduler({
    clock,
    notes: deps.notes,
    queue,
    plan: () => streams.drain(),
    sweep: () => sweep({} as never, context),
    send: (event) => send(event, context),
    settle,
    moved: (now) => state.saveClock(now),
    failed: (what, error) => logger.error(`the ${what} failed; it runs again`, { error: error.message }),
  });

  const receive = async (raw: Buffer, recipients: string[]): Promise<InboundResult> => {
    const mailId = await rawMail.save(raw);
    const [result] = await inbound(
      sesReceiptEvent({ mailId, recipients, source: '', at: clock.now(), bucket: 'local', key: mailId }),
      context,
    );
    // An escalation's notice goes out now, as the queue's consumer would do at once in AWS.
    await scheduler.runDue();
    return result!;
  };

  const smtp = new SmtpInboundServer({
    port: options.smtpPort,
    onMessage: async ({ raw, envelope }) => {
      await receive(raw, envelope.to);
    },
  });
  await smtp.start();
  stops.push(() => smtp.stop());

  let ready = false;
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      try {
        const body = await readBody(req);
        const method = req.method ?? 'GET';
        if (url.pathname === '/health' && method === 'GET') return writeResult(res, json(ready ? 200 : 503, { ok: ready }));
        const dev = await devRoute({ clock, scheduler, ses, receive }, { method, url, body, headers: req.headers });
        if (dev) return writeResult(res, dev);
        const match = matchRoute(method, url.pathname);
        if (!match) return writeResult(res, json(404, { error: 'not found' }));
        const event = toHttpEvent({ req, url, body, routeKey: `${match.route.method} ${match.route.path}`, pathParameters: match.params, clock });
        const result = await handlers[match.route.fn](event, context as never);
        // An operator's "send now" goes out before the answer, as the next sweep would take it in AWS.
        if (match.route.fn === FUNCTIONS.operator && method === 'POST') {
          await scheduler.runDue().catch((error: Error) => logger.error('running due work failed', { error: error.message }));
        }
        writeResult(res, result);
      } catch (error) {
        if (error instanceof BodyTooLargeError) return writeResult(res, json(413, { error: error.message }));
        logger.error('local request failed', { path: url.pathname, error: (error as Error).message });
        writeResult(res, json(500, { error: 'internal error' }));
      }
    })();
  });
  await listen(server, options.port, 'HTTP');
  stops.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const port = (server.address() as AddressInfo).port;

  await settle();
  await recoverQueuedNotes(deps, queue);
  ready = true;
  return {
    url: `http://127.0.0.1:${port}`,
    smtpPort: smtp.port,
    clock,
    operatorToken,
    deps,
    ses,
    queue,
    scheduler,
    receive,
    planned: () => streams.drain(),
    planning: { pause: () => streams.pause(), resume: () => streams.resume() },
    stop,
  };
}

function listen(server: Server, port: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`${what} port ${port} is in use; set PORT to another port`)
          : error,
      ),
    );
    server.listen(port, '127.0.0.1', () => resolve());
  });
}

/** A Lambda context for the local runtime: a generous deadline, as it has none. */
function lambdaContext(): Context {
  const fail = () => {
    throw new Error('callback-style completion is not used');
  };
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'followup-local',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:followup-local',
    memoryLimitInMB: '512',
    awsRequestId: 'local',
    logGroupName: '/local/followup',
    logStreamName: 'local',
    getRemainingTimeInMillis: () => 15 * 60_000,
    done: fail,
    fail,
    succeed: fail,
  };
}
