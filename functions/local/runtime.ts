/**
 * The whole pipeline on one machine: the engines (DynamoDB Local, a local SES endpoint, stand-ins
 * for SQS, S3 and Secrets Manager), every function built from its declaration as Lambda builds
 * it, the event pump that moves work between them on a virtual clock, an SMTP server for
 * replies, and an HTTP server that turns requests into the API Gateway events the deployed
 * functions get.
 */
import { join } from 'node:path';
import type { DeploymentConfig } from '../core/domain/store.ts';
import type { InboundResult } from '../core/ports.ts';
import type { FunctionDeclaration } from '../shared/declaration.ts';
import type { FunctionName } from '../shared/functions.ts';
import { JsonLogger, type LogLevel } from '../shared/observability.ts';
import type { AwsClient, AwsService } from '../shared/parts/part.ts';
import { WEBHOOK_SECRETS } from '../shared/parts/secrets.ts';
import { LOCAL_NAMES, startEngines } from './engines.ts';
import { LocalClock } from './local-clock.ts';
import { startEventPump } from './event-pump.ts';
import { startHttpServer } from './http-server.ts';
import type { LocalQueue } from './local-queue.ts';
import type { RawMailFolder } from './raw-mail-folder.ts';
import { recoverQueuedNotes } from './recover.ts';
import type { LocalScheduler } from './scheduler.ts';
import type { LocalSesEndpoint } from './ses/endpoint.ts';
import { SmtpInboundServer } from './smtp-inbound.ts';
import { LocalState } from './state.ts';
import { buildFunctions, runtimeParts, type LocalClient, type LocalFunctions, type RuntimeParts } from './wiring.ts';
import { lockDataFolder } from './data-lock.ts';

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
  /** Declarations that replace the shipped ones (a test taking a grant away). */
  declarations?: Partial<Record<FunctionName, FunctionDeclaration>>;
  /** Told of every invocation of a function (instrumentation). */
  onInvoke?(fn: FunctionName, ms: number, failed: boolean, records: number): void;
  logLevel?: LogLevel;
  log?: (line: string) => void;
}

export interface Runtime {
  url: string;
  smtpPort: number;
  clock: LocalClock;
  operatorToken: string;
  /** The runtime's own view of the table: every store, no access check (tests, tools). */
  parts: RuntimeParts;
  /** @deprecated the same as `parts`. */
  deps: RuntimeParts;
  /** Every function's handler, as the event pump and the HTTP server call them. */
  functions: LocalFunctions;
  ses: LocalSesEndpoint;
  queue: LocalQueue;
  /** Raw inbound mail, where SES's receipt rule would store it (the inbound bucket's stand-in). */
  rawMail: RawMailFolder;
  scheduler: LocalScheduler;
  /** Every AWS client of one service the functions and the runtime were given (instrumentation). */
  clients(service: AwsService): AwsClient[];
  /** The same, with whose each one is. */
  clientRecords: readonly LocalClient[];
  receive(raw: Buffer, recipients: string[]): Promise<InboundResult>;
  /** Resolves once every change written so far has been planned, and every privacy request handed over. */
  planned(): Promise<void>;
  /** Holds planning back (it catches up on resume or on `planned()`): for measuring intake alone. */
  planning: { pause(): void; resume(): void };
  stop(): Promise<void>;
}

export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
    stops.length = 0;
  };
  try {
    return await start(options, stops, stop);
  } catch (error) {
    await stop();
    throw error;
  }
}

async function start(options: RuntimeOptions, stops: Array<() => Promise<void>>, stop: () => Promise<void>): Promise<Runtime> {
  const state = new LocalState(options.dataDir);
  await state.init();
  if (options.dataDir) {
    const lock = await lockDataFolder(options.dataDir);
    stops.push(() => lock.release());
  }
  const saved = await state.savedClock();
  const clock = new LocalClock(saved && saved > options.clockStart ? saved : options.clockStart);
  const logger = new JsonLogger({ service: 'followup-local', level: options.logLevel ?? 'info', clock, ...(options.log && { write: options.log }) });

  const operatorToken = options.operatorToken ?? (await state.secret(LOCAL_NAMES.operatorToken, 24));
  const secrets = {
    [LOCAL_NAMES.signingKey]: await state.secret(LOCAL_NAMES.signingKey),
    [LOCAL_NAMES.operatorToken]: operatorToken,
    // The stores' webhook secrets, in one secret as in AWS.
    [WEBHOOK_SECRETS]: JSON.stringify(options.secrets),
  };
  const engines = await startEngines({ config: options.config, clock, dataDir: options.dataDir, secrets, ...(options.dynamo && { dynamo: options.dynamo }) }, stops);

  const clients: LocalClient[] = [];
  stops.push(async () => clients.filter((c) => c.owner !== 'runtime').forEach((c) => c.client.destroy()));
  const world = {
    config: options.config,
    clock,
    logger,
    engines,
    ...(options.declarations && { declarations: options.declarations }),
    ...(options.onInvoke && { onInvoke: options.onInvoke }),
  };
  const functions = await buildFunctions(world, clients);
  const parts = runtimeParts(world, clients);

  const pump = await startEventPump(
    { config: options.config, engines, functions, clock, logger, state, notes: parts.notes, sesStateDir: options.dataDir ? join(options.dataDir, 'ses') : null },
    stops,
  );
  const smtp = new SmtpInboundServer({
    port: options.smtpPort,
    onMessage: async ({ raw, envelope }) => {
      await pump.receive(raw, envelope.to);
    },
  });
  await smtp.start();
  stops.push(() => smtp.stop());

  let ready = false;
  const http = await startHttpServer(
    {
      port: options.port,
      clock,
      logger,
      handlers: { 'ingest-webhook': functions['ingest-webhook'], unsubscribe: functions.unsubscribe, operator: functions.operator },
      dev: { clock, scheduler: pump.scheduler, ses: engines.ses, receive: pump.receive },
      ready: () => ready,
      // An operator's "send now" goes out before the answer, as the next sweep would take it in AWS.
      after: async (fn, method) => {
        if (fn === 'operator' && method === 'POST') {
          await pump.scheduler.runDue().catch((error: Error) => logger.error('running due work failed', { error: error.message }));
        }
      },
    },
    stops,
  );

  await pump.settle();
  await recoverQueuedNotes(parts, engines.queue);
  ready = true;
  return {
    url: http.url,
    smtpPort: smtp.port,
    clock,
    operatorToken,
    parts,
    deps: parts,
    functions,
    ses: engines.ses,
    queue: engines.queue,
    rawMail: engines.rawMail,
    scheduler: pump.scheduler,
    clients: (service) => clients.filter((c) => c.service === service).map((c) => c.client),
    clientRecords: clients,
    receive: pump.receive,
    planned: pump.planned,
    planning: pump.planning,
    stop,
  };
}
