/**
 * Each function of the pipeline built for the local runtime from its declaration, exactly as
 * Lambda builds it (shared/parts/build.ts), in a local environment: the variables its parts
 * declare (and no others), pointing at the local engines, and clients that call the engines
 * through an access check made from the same IAM statements infra attaches to its role.
 */
import type { DeploymentConfig } from '../core/domain/store.ts';
import { systemClock } from '../shared/clock.ts';
import { sendingAddresses } from '../core/domain/sending-addresses.ts';
import { REPOSITORY_TEMPLATES_DIR } from '../adapters/render/templates-dir.ts';
import { makeHandler as ingestWebhookHandler } from '../ingest-webhook/handler.ts';
import { ingestWebhook } from '../ingest-webhook/function.ts';
import { makeHandler as operatorHandler } from '../operator/handler.ts';
import { operator } from '../operator/function.ts';
import { makeHandler as planFollowUpsHandler } from '../plan-follow-ups/handler.ts';
import { planFollowUps } from '../plan-follow-ups/function.ts';
import { makeHandler as privacyRequestsHandler } from '../privacy-requests/handler.ts';
import { privacyRequests } from '../privacy-requests/function.ts';
import { makeHandler as receiveMailHandler } from '../receive-mail/handler.ts';
import { receiveMail } from '../receive-mail/function.ts';
import { makeHandler as sendMailHandler } from '../send-mail/handler.ts';
import { sendMail } from '../send-mail/function.ts';
import { makeHandler as sesEventsHandler } from '../ses-events/handler.ts';
import { sesEvents } from '../ses-events/function.ts';
import { makeHandler as sweepDueHandler } from '../sweep-due/handler.ts';
import { sweepDue } from '../sweep-due/function.ts';
import { makeHandler as unsubscribeHandler } from '../unsubscribe/handler.ts';
import { unsubscribe } from '../unsubscribe/function.ts';
import { declaredEnvironment, type FunctionDeclaration, type PartsOf } from '../shared/declaration.ts';
import { ENV, type EnvKey } from '../shared/env-keys.ts';
import type { FunctionName } from '../shared/functions.ts';
import type { JsonLogger } from '../shared/observability.ts';
import { buildBase, type Base } from '../shared/parts/base.ts';
import { buildParts } from '../shared/parts/build.ts';
import type { AwsClient, AwsService, Environment } from '../shared/parts/part.ts';
import { WEBHOOK_SECRETS } from '../shared/parts/secrets.ts';
import { tableStores, type TableStores } from '../shared/parts/all-stores.ts';
import { permissionsOf, type PipelineResources } from '../shared/permissions.ts';
import { addAccessCheck } from './access/access-check.ts';
import { arn, LOCAL_ACCOUNT } from './access/arns.ts';
import { LOCAL_CREDENTIALS, LOCAL_NAMES, LOCAL_REGION, type Engines } from './engines.ts';
import { sendVirtualTime, type LocalClock } from './local-clock.ts';
import type { FileFolder } from './file-folder.ts';
import type { RawMailFolder } from './raw-mail-folder.ts';

export interface LocalWorld {
  config: DeploymentConfig;
  clock: LocalClock;
  logger: JsonLogger;
  engines: Engines;
  /** Declarations that replace the shipped ones (a test taking a grant away). */
  declarations?: Partial<Record<FunctionName, FunctionDeclaration>>;
  /** Told of every invocation (the benchmark's bill counts them). */
  onInvoke?(fn: FunctionName, ms: number, failed: boolean, records: number): void;
}

/** An AWS client a function (or the runtime itself) was given, for instrumentation. */
export interface LocalClient {
  owner: FunctionName | 'runtime';
  service: AwsService;
  client: AwsClient;
}

const SCOPE = { region: LOCAL_REGION, account: LOCAL_ACCOUNT };

/** The physical names the local resources have, by the variable that names each. */
function localVariables(engines: Engines): Record<EnvKey, string | undefined> {
  return {
    [ENV.table]: engines.dynamo.tableName,
    [ENV.queueUrl]: engines.edge.queueUrl(LOCAL_NAMES.sendQueue),
    [ENV.inboundBucket]: LOCAL_NAMES.inboundBucket,
    [ENV.secretsPrefix]: LOCAL_NAMES.secretsPrefix,
    [ENV.signingSecret]: LOCAL_NAMES.signingKey,
    [ENV.operatorTokenSecret]: LOCAL_NAMES.operatorToken,
    [ENV.webhookSecrets]: WEBHOOK_SECRETS,
    [ENV.configurationSet]: LOCAL_NAMES.configurationSet,
    [ENV.templatesDir]: REPOSITORY_TEMPLATES_DIR,
    [ENV.config]: undefined,
    [ENV.publicBaseUrl]: undefined,
    [ENV.logLevel]: undefined,
  };
}

/** The local resources' ARNs, for the same statements infra makes with the deployed ones. */
export function localResources(config: DeploymentConfig, tableName: string): PipelineResources {
  const secret = (name: string) => arn.secret(SCOPE, `${LOCAL_NAMES.secretsPrefix}${name}`);
  const sending = sendingAddresses(config);
  return {
    tableArn: arn.table(SCOPE, tableName),
    sendQueueArn: arn.queue(SCOPE, LOCAL_NAMES.sendQueue),
    inboundBucketArn: arn.bucket(LOCAL_NAMES.inboundBucket),
    inboundObjects: (prefix) => arn.object(LOCAL_NAMES.inboundBucket, `${prefix}*`),
    secrets: {
      storeWebhooks: secret(WEBHOOK_SECRETS),
      signingKey: secret(LOCAL_NAMES.signingKey),
      operatorToken: secret(LOCAL_NAMES.operatorToken),
    },
    ses: {
      identities: sending.domains.map((d) => arn.sesIdentity(SCOPE, d)),
      configurationSet: arn.configurationSet(SCOPE, LOCAL_NAMES.configurationSet),
      fromAddresses: sending.addresses,
    },
  };
}

function endpoints(engines: Engines): Record<AwsService, string> {
  return { dynamodb: engines.dynamo.endpoint, ses: engines.ses.url, sqs: engines.edge.url, s3: engines.edge.url, secretsmanager: engines.edge.url };
}

export function localEnvironment(world: LocalWorld, declaration: FunctionDeclaration, clients: LocalClient[]): Environment {
  const variables = localVariables(world.engines);
  const statements = permissionsOf(declaration, localResources(world.config, world.engines.dynamo.tableName));
  const logger = world.logger.child({ function: declaration.name });
  const urls = endpoints(world.engines);
  return {
    config: world.config,
    clock: world.clock,
    realClock: systemClock,
    logger,
    region: LOCAL_REGION,
    variables: Object.fromEntries(declaredEnvironment(declaration).map((name) => [name, variables[name as EnvKey]])),
    clientConfig: (service) => ({ region: LOCAL_REGION, endpoint: urls[service], credentials: LOCAL_CREDENTIALS }),
    prepare: (client, service) => {
      // The time of the work, not of the clock: a note due at 10:17:42 is accepted at 10:17:42.
      if (service === 'ses') sendVirtualTime(client as never, world.clock);
      addAccessCheck(client, {
        service,
        statements,
        scope: SCOPE,
        principal: arn.principal(SCOPE, declaration.name),
        onDenied: (action, resource) => { logger.error('call refused: the function is not granted it', { action, resource }); },
      });
      clients.push({ owner: declaration.name as FunctionName, service, client });
    },
  };
}

export type LocalFunctions = Awaited<ReturnType<typeof buildFunctions>>;

/** Every function's handler, each built from its own declaration's parts. */
export async function buildFunctions(world: LocalWorld, clients: LocalClient[]) {
  const wire = async <D extends FunctionDeclaration, H extends (...args: never[]) => Promise<unknown>>(declaration: D, make: (parts: PartsOf<D>) => H): Promise<H> => {
    const used = (world.declarations?.[declaration.name as FunctionName] ?? declaration) as D;
    const handler = make(await buildParts(used, localEnvironment(world, used, clients)));
    const told = world.onInvoke;
    if (!told) return handler;
    const counted = async (...args: Parameters<H>) => {
      const start = performance.now();
      const records = (args[0] as { Records?: unknown[] } | undefined)?.Records?.length ?? 1;
      try {
        const result = await handler(...args);
        told(declaration.name as FunctionName, performance.now() - start, false, records);
        return result;
      } catch (error) {
        told(declaration.name as FunctionName, performance.now() - start, true, records);
        throw error;
      }
    };
    return counted as H;
  };
  const [ingest, plan, sweep, send, unsub, events, receive, operate, privacy] = await Promise.all([
    wire(ingestWebhook, ingestWebhookHandler),
    wire(planFollowUps, planFollowUpsHandler),
    wire(sweepDue, sweepDueHandler),
    wire(sendMail, sendMailHandler),
    wire(unsubscribe, unsubscribeHandler),
    wire(sesEvents, sesEventsHandler),
    wire(receiveMail, receiveMailHandler),
    wire(operator, operatorHandler),
    wire(privacyRequests, privacyRequestsHandler),
  ]);
  return {
    'ingest-webhook': ingest,
    'plan-follow-ups': plan,
    'sweep-due': sweep,
    'send-mail': send,
    unsubscribe: unsub,
    'ses-events': events,
    'receive-mail': receive,
    operator: operate,
    'privacy-requests': privacy,
  } satisfies Record<FunctionName, unknown>;
}

/** What the runtime itself holds: the whole table, the raw mail and the files, with no access check. */
export type RuntimeParts = Base & TableStores & { rawMail: RawMailFolder; files: FileFolder };

/** The runtime's own view of the table and the folders (scheduler, recovery after a restart, tests): no access check. */
export function runtimeParts(world: LocalWorld, clients: LocalClient[]): RuntimeParts {
  clients.push({ owner: 'runtime', service: 'dynamodb', client: world.engines.dynamo.client });
  const base = buildBase({
    config: world.config,
    clock: world.clock,
    logger: world.logger,
    region: LOCAL_REGION,
    variables: {},
    clientConfig: () => ({ region: LOCAL_REGION }),
  });
  return {
    ...base,
    ...tableStores(world.engines.dynamo.client, world.engines.dynamo.tableName, { stores: world.config.stores, clock: world.clock }),
    rawMail: world.engines.rawMail,
    files: world.engines.files,
  };
}
