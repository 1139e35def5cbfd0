/**
 * The local runtime's engines, standing where AWS's services stand: DynamoDB Local with the
 * table (and its stream), the local SES endpoint, and the edge stand-ins for SQS, S3 and Secrets
 * Manager (aws-edge.ts) in front of the in-process send queue, the raw mail folder and the secret
 * values. Each one started is stopped by `stops`, last first.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { join } from 'node:path';
import type { DeploymentConfig } from '../core/domain/store.ts';
import { QueueMessage } from '../core/domain/queue-message.ts';
import { SEND_MAX_RECEIVES, SEND_VISIBILITY_TIMEOUT_MS } from '../core/domain/send-timing.ts';
import type { Clock } from '../core/ports.ts';
import { INBOUND_PREFIX, NO_STORE, RAW_MAIL_STORE_TAG } from '../adapters/s3/raw-mail-bucket.ts';
import { SEND_BATCH_SIZE } from '../send-mail/function.ts';
import { AwsEdge } from './aws-edge.ts';
import { createTable } from './create-table.ts';
import { ensureDynamoDbLocal, localDynamoDbClient, startDynamoDbLocal } from './dynamodb-local.ts';
import { LocalQueue } from './local-queue.ts';
import { FileFolder } from './file-folder.ts';
import { RawMailFolder } from './raw-mail-folder.ts';
import { LocalSesEndpoint } from './ses/endpoint.ts';

/** The region every local engine answers in. */
export const LOCAL_REGION = 'us-east-1';
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/** Physical names of the local resources: what a deployment's stacks would have created. */
export const LOCAL_NAMES = {
  sendQueue: 'followup-send',
  inboundBucket: 'followup-inbound',
  secretsPrefix: 'local/',
  signingKey: 'signing-key',
  operatorToken: 'operator-token',
  configurationSet: 'followup-local',
} as const;

export interface Engines {
  dynamo: { endpoint: string; tableName: string; client: DynamoDBClient };
  ses: LocalSesEndpoint;
  edge: AwsEdge;
  queue: LocalQueue;
  rawMail: RawMailFolder;
  /** What the bucket keeps beside raw mail: whole payloads, data exports. */
  files: FileFolder;
}

export interface EngineOptions {
  config: DeploymentConfig;
  clock: Clock;
  /** Where state is kept; null keeps everything in memory. */
  dataDir: string | null;
  /** An engine already running (tests, benchmark): its endpoint and the table to create on it. */
  dynamo?: { endpoint: string; tableName: string };
  /** Secret values by name (without the prefix): the signing key, the operator token, the stores' webhook secrets. */
  secrets: Record<string, string>;
}

export async function startEngines(options: EngineOptions, stops: Array<() => Promise<void>>): Promise<Engines> {
  const dir = (name: string) => (options.dataDir ? join(options.dataDir, name) : null);
  let dynamo = options.dynamo;
  if (!dynamo) {
    await ensureDynamoDbLocal();
    const engine = await startDynamoDbLocal({ ...(dir('dynamodb') && { dataDir: dir('dynamodb')! }) });
    stops.push(() => engine.stop());
    dynamo = { endpoint: engine.endpoint, tableName: 'followup' };
  }
  const client = localDynamoDbClient(dynamo.endpoint);
  stops.push(async () => client.destroy());
  await createTable(client, dynamo.tableName);

  const ses = new LocalSesEndpoint({
    now: () => options.clock.now(),
    region: LOCAL_REGION,
    // The functions' SES clients send their virtual time (local-clock.ts): mail is accepted "then".
    trustClientTime: true,
    ...(dir('outbox') && { outboxDir: dir('outbox')! }),
    ...(dir('ses') && { recordPath: join(dir('ses')!, 'sends.jsonl') }),
  });
  await ses.start();
  stops.push(() => ses.stop());

  // As the event source mapping reads it in AWS (infra/stacks/pipeline-stack.ts).
  const queue = new LocalQueue({ clock: options.clock, visibilityTimeoutMs: SEND_VISIBILITY_TIMEOUT_MS, maxReceives: SEND_MAX_RECEIVES, batchSize: SEND_BATCH_SIZE });
  const rawMail = new RawMailFolder(dir('inbound'), options.clock);
  const files = new FileFolder(options.dataDir, options.clock);
  // Raw mail under its prefix (SES's receipt rule writes there; the SMTP server and /dev/inbound
  // save there), its store's tag filing it; everything else of the bucket in the file folder.
  const mailId = (key: string) => (key.startsWith(INBOUND_PREFIX) ? key.slice(INBOUND_PREFIX.length) : null);
  const edge = new AwsEdge({
    queues: { [LOCAL_NAMES.sendQueue]: (bodies) => queue.enqueue(bodies.map((b) => QueueMessage.parse(JSON.parse(b)))) },
    buckets: {
      [LOCAL_NAMES.inboundBucket]: {
        get: (key) => {
          const id = mailId(key);
          return id === null ? files.get(key) : rawMail.find(id);
        },
        put: async (key, body) => {
          if (mailId(key) !== null) throw new Error('only SES writes raw mail');
          await files.put(key, body);
        },
        delete: async (keys) => {
          await rawMail.erase(keys.map(mailId).filter((id): id is string => id !== null));
          await files.delete(keys.filter((key) => mailId(key) === null));
        },
        tag: async (key, tags) => {
          const id = mailId(key);
          if (id === null || !(await rawMail.find(id))) return false;
          const store = tags[RAW_MAIL_STORE_TAG];
          await rawMail.label(id, store === undefined || store === NO_STORE ? null : store);
          return true;
        },
      },
    },
    secret: (name) => (name.startsWith(LOCAL_NAMES.secretsPrefix) ? options.secrets[name.slice(LOCAL_NAMES.secretsPrefix.length)] : undefined),
  });
  await edge.start();
  stops.push(() => edge.stop());

  return { dynamo: { ...dynamo, client }, ses, edge, queue, rawMail, files };
}
