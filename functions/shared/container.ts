/**
 * The one place that builds clients and adapters. Lambda builds them from its environment
 * once per cold start; the local runtime passes the local engines' clients and its virtual
 * clock; both end with the same {@link AppDeps}, so handlers cannot tell them apart.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESClient } from '@aws-sdk/client-ses';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TokenSigner } from '../core/domain/keys.ts';
import type { DeploymentConfig, StoreConfig } from '../core/domain/store.ts';
import type {
  Clock,
  CustomerStore,
  Mailer,
  InboundStore,
  NoteQueue,
  RawMailSource,
  NoteRenderer,
  NoteStore,
  OrderStore,
  SecretProvider,
  SuppressionStore,
  WebhookLedger,
} from '../core/ports.ts';
import { DynamoInboundStore } from '../adapters/dynamodb/inbound-store.ts';
import { DynamoCustomerStore } from '../adapters/dynamodb/customer-store.ts';
import { DynamoNoteStore } from '../adapters/dynamodb/note-store.ts';
import { DynamoOrderStore } from '../adapters/dynamodb/order-store.ts';
import { DynamoSuppressionStore } from '../adapters/dynamodb/suppression-store.ts';
import { DynamoWebhookLedger } from '../adapters/dynamodb/webhook-ledger.ts';
import { LiquidNoteRenderer } from '../adapters/render/liquid-renderer.ts';
import { SecretsManagerProvider } from '../adapters/secrets/secrets-manager.ts';
import { SesMailer } from '../adapters/ses/ses-mailer.ts';
import { RawMailBucket } from '../adapters/s3/raw-mail-bucket.ts';
import { SqsNoteQueue } from '../adapters/sqs/sqs-note-queue.ts';
import { systemClock } from './clock.ts';
import { loadDeploymentConfig, requiredEnv } from './config.ts';
import { ENV } from './env-keys.ts';
import { JsonLogger, logLevel } from './observability.ts';

export interface AppDeps {
  config: DeploymentConfig;
  /** The table and a client for it, for the local runtime's housekeeping. */
  tableName: string;
  dynamoDocument: DynamoDBDocumentClient;
  store(id: string): StoreConfig | undefined;
  clock: Clock;
  logger: JsonLogger;
  orders: OrderStore;
  customers: CustomerStore;
  notes: NoteStore;
  suppressions: SuppressionStore;
  ledger: WebhookLedger;
  inbound: InboundStore;
  rawMail: RawMailSource;
  queue: NoteQueue;
  mailer: Mailer;
  renderer: NoteRenderer;
  secrets: SecretProvider;
  /** The key that signs reply addresses and unsubscribe links. */
  signer(): Promise<TokenSigner>;
  links: { inboundDomain: string; publicBaseUrl: string };
}

export interface DepsParts {
  config: DeploymentConfig;
  clock: Clock;
  logger: JsonLogger;
  dynamo: DynamoDBClient;
  tableName: string;
  queue: NoteQueue;
  rawMail: RawMailSource;
  ses: SESClient;
  sesRegion: string;
  configurationSet: string;
  secrets: SecretProvider;
  signingSecretName: string;
  templatesDir: string;
}

/** The templates shipped with the code; the Lambda bundle carries a copy beside its handler. */
/** Key prefix the SES receipt rule stores raw mail under. */
export const INBOUND_PREFIX = 'inbound/';

export const DEFAULT_TEMPLATES_DIR = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..', 'templates');

export function documentClient(dynamo: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(dynamo, {
    marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
  });
}

export function buildDeps(parts: DepsParts): AppDeps {
  const db = documentClient(parts.dynamo);
  const stores = new Map(parts.config.stores.map((s) => [s.id, s]));
  let signer: Promise<TokenSigner> | undefined;
  return {
    config: parts.config,
    tableName: parts.tableName,
    dynamoDocument: db,
    store: (id) => stores.get(id),
    clock: parts.clock,
    logger: parts.logger,
    orders: new DynamoOrderStore(db, parts.tableName),
    customers: new DynamoCustomerStore(db, parts.tableName),
    notes: new DynamoNoteStore(db, parts.tableName),
    suppressions: new DynamoSuppressionStore(db, parts.tableName),
    ledger: new DynamoWebhookLedger(db, parts.tableName),
    inbound: new DynamoInboundStore(db, parts.tableName),
    rawMail: parts.rawMail,
    queue: parts.queue,
    mailer: new SesMailer(parts.ses, { region: parts.sesRegion, configurationSet: parts.configurationSet, clock: parts.clock }),
    renderer: new LiquidNoteRenderer({ templatesDir: parts.templatesDir }),
    secrets: parts.secrets,
    signer: () => {
      signer ??= parts.secrets.get(parts.signingSecretName).then((s) => new TokenSigner(s));
      signer.catch(() => (signer = undefined));
      return signer;
    },
    links: { inboundDomain: parts.config.inboundDomain, publicBaseUrl: parts.config.publicBaseUrl.replace(/\/$/, '') },
  };
}

let cached: AppDeps | undefined;

/** Deps of a Lambda function, from its environment; built once per cold start, on first use. */
export function lambdaDeps(env: NodeJS.ProcessEnv = process.env): AppDeps {
  if (cached) return cached;
  const region = env.AWS_REGION ?? 'us-east-1';
  const config = loadDeploymentConfig(env);
  const clock = systemClock;
  const logger = new JsonLogger({ service: env.AWS_LAMBDA_FUNCTION_NAME ?? 'followup', level: logLevel(env[ENV.logLevel]), clock });
  const endpoint = (key: string) => (env[key] ? { endpoint: env[key] } : {});
  cached = buildDeps({
    config,
    clock,
    logger,
    dynamo: new DynamoDBClient({ region, ...endpoint(ENV.dynamodbEndpoint) }),
    tableName: requiredEnv(ENV.table, env),
    queue: lazyQueue(() => new SqsNoteQueue(new SQSClient({ region }), requiredEnv(ENV.queueUrl, env))),
    rawMail: lazyRawMail(() => new RawMailBucket(new S3Client({ region }), requiredEnv(ENV.inboundBucket, env), INBOUND_PREFIX)),
    // One attempt per send: see SesMailer.
    ses: new SESClient({ region, maxAttempts: 1, ...endpoint(ENV.sesEndpoint) }),
    sesRegion: region,
    configurationSet: env[ENV.configurationSet] ?? '',
    secrets: new SecretsManagerProvider(new SecretsManagerClient({ region }), { prefix: env[ENV.secretsPrefix] ?? '', clock }),
    signingSecretName: env[ENV.signingSecret] ?? 'signing-key',
    templatesDir: env[ENV.templatesDir] ?? DEFAULT_TEMPLATES_DIR,
  });
  return cached;
}

/** Only the inbound function reads raw mail. */
function lazyRawMail(build: () => RawMailSource): RawMailSource {
  let source: RawMailSource | undefined;
  return { get: (mailId) => (source ??= build()).get(mailId) };
}

/** Only the functions that enqueue need the queue's URL. */
function lazyQueue(build: () => NoteQueue): NoteQueue {
  let queue: NoteQueue | undefined;
  return { enqueue: (messages) => (queue ??= build()).enqueue(messages) };
}
