/**
 * What ships is what is tested: the bundles `cdk synth` builds (offline, into a temporary
 * folder, once for this file), each run in a fresh Node process as Lambda runs it, with the
 * environment its template gives it and the physical names swapped for local ones, against
 * DynamoDB Local and the local SES endpoint. The bundles' clients reach them through an IAM gate
 * that allows only what the function's role in the template allows.
 *
 * Stand-ins at the edge: SQS, S3 and Secrets Manager have no local engine; the local runtime's
 * small stand-ins of their APIs (functions/local/aws-edge.ts) serve them, and the test reads what
 * went into the queue from there. The bundles use the real clock, so the synthesized deployment
 * config sends all week, all day, and the test moves a note's or an escalation's due time into
 * the past where a person would wait for it.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-dynamodb-streams';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerKey } from '../../../functions/core/domain/keys.ts';
import { parseDeploymentConfig } from '../../../functions/core/domain/store.ts';
import { INBOUND_PREFIX, RAW_MAIL_STORE_TAG } from '../../../functions/adapters/s3/raw-mail-bucket.ts';
import { arn, LOCAL_ACCOUNT } from '../../../functions/local/access/arns.ts';
import { AwsEdge } from '../../../functions/local/aws-edge.ts';
import { sesReceiptEvent, snsEvent } from '../../../functions/local/aws-events.ts';
import { LocalSesEndpoint } from '../../../functions/local/ses/endpoint.ts';
import { toLambdaRecord } from '../../../functions/local/stream-poller.ts';
import { DEFAULT_CONFIG } from '../../../functions/shared/default-config.ts';
import { DECLARATIONS, type FunctionName } from '../../../functions/shared/functions.ts';
import { tableStores, type TableStores } from '../../../functions/shared/parts/all-stores.ts';
import type { Statement } from '../../../functions/shared/permissions.ts';
import { constructIdOf } from '../../../infra/constructs/pipeline-function.ts';
import { Assembly, synthesize, type Physical } from '../../support/cloud-assembly.ts';
import { testTable, type TestTable } from '../../support/dynamo.ts';
import { IamGate } from '../../support/iam-gate.ts';
import { fixture, shopifyOrder } from '../../support/purchases.ts';
import { runBundle, type Outcome } from '../../support/run-bundle.ts';
import { shopifyHeaders } from '../../support/sign-webhook.ts';

const STAGE = 'dev';
const REGION = 'eu-west-1';
const SCOPE = { region: REGION, account: LOCAL_ACCOUNT };
const NAMES = { queue: 'followup-dev-send', bucket: 'followup-dev-inbound', configurationSet: 'followup-dev-events', api: 'localapi' };
const SHOPIFY_SECRET = 'bundle-test-shopify-secret';

/** The deployment synthesized: the demo store, sending at any hour of any day, a second person on its ladder. */
const CONFIG = parseDeploymentConfig({
  ...DEFAULT_CONFIG,
  publicBaseUrl: 'https://followup.northwind.example',
  stores: [
    {
      ...DEFAULT_CONFIG.stores[0],
      sendWindow: { start: '00:00', end: '23:59', days: [1, 2, 3, 4, 5, 6, 7] },
      escalation: { ladder: [{ name: 'Dana', role: 'Head of support', email: 'dana@northwind.example' }] },
    },
  ],
});

let dir: string;
let assembly: Assembly;
let table: TestTable;
let stores: TableStores;
let ses: LocalSesEndpoint;
let edge: AwsEdge;
const queued: string[] = [];
const rawMail = new Map<string, Buffer>();
const filed = new Map<string, Record<string, string>>();
const secrets: Record<string, string> = {
  'signing-key': randomBytes(32).toString('base64url'),
  'operator-token': randomBytes(24).toString('base64url'),
  'webhook-secrets': JSON.stringify({ 'northwind/shopify': SHOPIFY_SECRET, 'northwind/woocommerce': 'bundle-test-woo', 'northwind/stripe': 'whsec_bundle_test' }),
};
const sesEvents: unknown[] = [];
const gates: IamGate[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'followup-synth-'));
  const configFile = join(dir, 'config.json');
  await writeFile(configFile, JSON.stringify(CONFIG));
  synthesize(join(dir, 'cdk.out'), { configFile, stage: STAGE });
  assembly = new Assembly(join(dir, 'cdk.out'), STAGE);

  table = await testTable();
  stores = tableStores(table.client, table.tableName, { stores: CONFIG.stores, clock: { now: () => new Date() } });
  ses = new LocalSesEndpoint({ now: () => new Date(), region: REGION });
  await ses.start();
  ses.onSent((_sent, event) => void sesEvents.push(event));
  edge = new AwsEdge({
    queues: { [NAMES.queue]: async (bodies) => void queued.push(...bodies) },
    buckets: {
      [NAMES.bucket]: {
        get: async (key) => rawMail.get(key) ?? null,
        // privacy-requests erases a customer's raw mail.
        delete: async (keys) => {
          for (const key of keys) rawMail.delete(key);
        },
        // receive-mail files each message under its store.
        tag: async (key, tags) => {
          if (!rawMail.has(key)) return false;
          filed.set(key, tags);
          return true;
        },
      },
    },
    secret: (name) => (name.startsWith(`followup/${STAGE}/`) ? secrets[name.slice(`followup/${STAGE}/`.length)] : undefined),
  });
  await edge.start();
}, 300_000);

afterAll(async () => {
  for (const gate of gates) await gate.stop();
  await edge?.stop();
  await ses?.stop();
  table?.client.destroy();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The local value of everything the templates name that a function can reach. */
function physical(gateUrl: string, strict = true): Physical {
  return (stack, logicalId, attribute) => {
    if (logicalId === 'AWS::AccountId') return LOCAL_ACCOUNT;
    if (logicalId === 'AWS::Region') return REGION;
    if (logicalId === 'AWS::Partition') return 'aws';
    if (logicalId === 'AWS::URLSuffix') return 'amazonaws.com';
    const resource = assembly.resource(stack, logicalId);
    const as = `${resource.Type}${attribute ? `.${attribute}` : ''}`;
    switch (as) {
      case 'AWS::DynamoDB::GlobalTable':
        return table.tableName;
      case 'AWS::DynamoDB::GlobalTable.Arn':
        return arn.table(SCOPE, table.tableName);
      case 'AWS::S3::Bucket':
        return NAMES.bucket;
      case 'AWS::SES::ConfigurationSet':
        return NAMES.configurationSet;
      case 'AWS::SecretsManager::Secret':
        return arn.secret(SCOPE, resource.Properties.Name as string);
      case 'AWS::SQS::Queue':
        return `${gateUrl}/${LOCAL_ACCOUNT}/${NAMES.queue}`;
      case 'AWS::SQS::Queue.Arn':
        return arn.queue(SCOPE, NAMES.queue);
      case 'AWS::ApiGatewayV2::Api':
        return NAMES.api;
      default:
        // A statement on something no call names (its log group, the failures queue) allows nothing locally.
        if (!strict) return `arn:local:unmapped:${logicalId}`;
        // Something new a function is told about: name it here, or the test cannot say what it is.
        throw new Error(`no local value for ${as} (${logicalId})`);
    }
  };
}

/** Runs a function's synthesized bundle with its template's environment, behind its role. */
async function invoke(name: FunctionName, events: unknown[], change: (env: Record<string, string>) => void = () => undefined) {
  const lambda = assembly.lambda(constructIdOf(name));
  const gate = new IamGate({ dynamodb: table.endpoint, ses: ses.url, sqs: edge.url, s3: edge.url, secretsmanager: edge.url });
  await gate.start();
  gates.push(gate);
  const resolve = physical(gate.url);
  // The role as the template grants it, with the local resources' ARNs.
  const statements: Statement[] = lambda.roleStatements.map((s) => ({
    actions: [s.Action].flat(),
    resources: [assembly.resolve(s.Resource, physical(gate.url, false))].flat() as string[],
    ...(s.Condition && { conditions: s.Condition }),
  }));
  gate.allow({ statements, scope: SCOPE, principal: arn.principal(SCOPE, name) });
  const variables = assembly.resolve(lambda.environment, resolve) as Record<string, string>;
  // The bundle's own templates are where Lambda unpacks them, here its asset folder.
  if (variables.FOLLOWUP_TEMPLATES_DIR) variables.FOLLOWUP_TEMPLATES_DIR = join(lambda.assetDir, 'templates');
  const env = {
    ...variables,
    AWS_REGION: REGION,
    AWS_LAMBDA_FUNCTION_NAME: name,
    // As Lambda gives a role's session (DynamoDB Local takes letters and digits only in the key).
    AWS_ACCESS_KEY_ID: 'ASIALOCAL',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_SESSION_TOKEN: 'local',
    TZ: 'UTC',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...Object.fromEntries(['DYNAMODB', 'SES', 'SQS', 'S3', 'SECRETS_MANAGER'].map((s) => [`AWS_ENDPOINT_URL_${s}`, gate.url])),
  };
  change(env);
  const run = await runBundle(lambda.assetDir, events, env);
  return { ...run, gate };
}

function ok(outcome: Outcome | undefined): any {
  if (!outcome?.ok) throw new Error(`the handler failed: ${JSON.stringify(outcome)}`);
  return outcome.result;
}

function apiEvent(input: { method: 'GET' | 'POST'; path: string; route: string; params?: Record<string, string>; headers?: Record<string, string>; body?: string; query?: Record<string, string> }) {
  const body = input.body ?? '';
  return {
    version: '2.0',
    routeKey: `${input.method} ${input.route}`,
    rawPath: input.path,
    rawQueryString: new URLSearchParams(input.query ?? {}).toString(),
    headers: { host: `${NAMES.api}.execute-api.${REGION}.amazonaws.com`, 'x-forwarded-proto': 'https', ...input.headers },
    ...(input.query && { queryStringParameters: input.query }),
    ...(input.params && { pathParameters: input.params }),
    requestContext: { http: { method: input.method, path: input.path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.9', userAgent: 'test' }, requestId: randomUUID(), routeKey: `${input.method} ${input.route}`, stage: '$default', timeEpoch: Date.now() },
    body: Buffer.from(body).toString('base64'),
    isBase64Encoded: true,
  };
}

/** The records the table's stream holds so far, as the event source mapping hands them over. */
async function streamRecords() {
  const streams = new DynamoDBStreamsClient({ endpoint: table.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  try {
    const { Table } = await table.client.send(new DescribeTableCommand({ TableName: table.tableName }));
    const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: Table!.LatestStreamArn }));
    const records = [];
    for (const shard of StreamDescription?.Shards ?? []) {
      const { ShardIterator } = await streams.send(new GetShardIteratorCommand({ StreamArn: Table!.LatestStreamArn, ShardId: shard.ShardId, ShardIteratorType: 'TRIM_HORIZON' }));
      const out = await streams.send(new GetRecordsCommand({ ShardIterator }));
      records.push(...(out.Records ?? []).map(toLambdaRecord));
    }
    return records;
  } finally {
    streams.destroy();
  }
}

const sqsEvent = (bodies: string[]) => ({
  Records: bodies.map((body, i) => ({ messageId: `m${i}`, receiptHandle: `r${i}`, body, attributes: {}, messageAttributes: {}, md5OfBody: '', eventSource: 'aws:sqs', eventSourceARN: arn.queue(SCOPE, NAMES.queue), awsRegion: REGION })),
});
const take = (kind: string) => {
  const index = queued.findIndex((b) => JSON.parse(b).kind === kind);
  return index < 0 ? undefined : queued.splice(index, 1)[0];
};
const mailTo = async (address: string) => (await ses.list()).filter((m) => m.to.includes(address));

describe('the synthesized bundles, run as Lambda runs them', () => {
  const buyer = `bundle-${randomUUID().slice(0, 8)}@example.com`;
  const key = customerKey('northwind', buyer);
  let escalationId: string;

  it('synthesizes one bundle per declared function', () => {
    for (const { name } of DECLARATIONS) expect(assembly.lambda(constructIdOf(name)).assetDir).toMatch(/asset\./);
  });

  it("carries none of the SDK's S3 client (its schemas name every S3 shape `com.amazonaws.s3#…`): the functions' own S3 client stands in", async () => {
    for (const { name } of DECLARATIONS) {
      const bundle = await readFile(join(assembly.lambda(constructIdOf(name)).assetDir, 'index.mjs'), 'utf8');
      expect(bundle.includes('com.amazonaws.s3#'), name).toBe(false);
    }
  });

  it('ingest-webhook takes a signed Shopify order in', async () => {
    const body = JSON.stringify(shopifyOrder({ id: '7100001', email: buyer, firstName: 'Ada', at: new Date().toISOString() }));
    const headers = shopifyHeaders('orders/create', body, SHOPIFY_SECRET, { webhookId: randomUUID() });
    const run = await invoke('ingest-webhook', [apiEvent({ method: 'POST', path: '/webhooks/shopify', route: '/webhooks/{platform}', params: { platform: 'shopify' }, headers, body })]);
    expect(ok(run.outcomes[0])).toMatchObject({ statusCode: 200 });
    expect(JSON.parse(ok(run.outcomes[0]).body)).toEqual({ status: 'accepted' });
    expect(await stores.orders.get('northwind', 'shopify', '7100001')).not.toBeNull();
    expect(run.gate.refused).toEqual([]);
  });

  it('plan-follow-ups plans the order from the table\'s stream record', async () => {
    const records = (await streamRecords()).filter((r) => r.dynamodb?.NewImage?.type?.S === 'order');
    expect(records.length).toBeGreaterThan(0);
    const run = await invoke('plan-follow-ups', [{ Records: records }]);
    expect(ok(run.outcomes[0])).toEqual({ batchItemFailures: [] });
    expect((await stores.customers.load(key)).notes.map((n) => n.stage)).toContain('thank-you');
    expect(run.gate.refused).toEqual([]);
  });

  it('sweep-due hands the note that fell due to the send queue', async () => {
    const [note] = (await stores.customers.load(key)).notes;
    const past = new Date(Date.now() - 60_000).toISOString();
    await stores.dynamoDocument.send(
      new UpdateCommand({ TableName: table.tableName, Key: { pk: `C#${key}`, sk: `N#${note!.noteId}` }, UpdateExpression: 'SET dueAt = :t, dueSk = :t', ExpressionAttributeValues: { ':t': past } }),
    );
    const run = await invoke('sweep-due', [{}]);
    expect(ok(run.outcomes[0])).toEqual({ queued: 1 });
    expect(queued.map((b) => JSON.parse(b))).toEqual([expect.objectContaining({ kind: 'note', customerKey: key, noteId: note!.noteId })]);
    expect(run.gate.refused).toEqual([]);
  });

  it('send-mail sends the note through SES with the configuration set', async () => {
    const run = await invoke('send-mail', [sqsEvent([take('note')!])]);
    expect(ok(run.outcomes[0])).toEqual({ batchItemFailures: [] });
    const [note] = await mailTo(buyer);
    expect(note).toMatchObject({ from: 'Sarah at Northwind Home <sarah@northwind.example>', configurationSet: NAMES.configurationSet });
    expect(note!.headers['list-unsubscribe']).toContain('https://followup.northwind.example/unsubscribe?t=');
    expect((await stores.customers.load(key)).notes[0]).toMatchObject({ status: 'sent', messageId: note!.messageId });
    expect(run.gate.refused).toEqual([]);
  });

  it('ses-events settles what SES reports', async () => {
    const run = await invoke('ses-events', [snsEvent(sesEvents.at(-1), new Date())]);
    expect(run.outcomes[0]).toEqual({ ok: true, result: null });
    expect(run.logs.filter((l) => l.level === 'error' || l.level === 'warn')).toEqual([]);
    expect(run.gate.calls.length).toBeGreaterThan(0);
    expect(run.gate.refused).toEqual([]);
  });

  it('receive-mail reads a complaint SES stored and opens an escalation, announcing it on the queue', async () => {
    const [note] = await mailTo(buyer);
    const mailId = randomBytes(16).toString('hex');
    const to = /<([^>]+)>/.exec(String(note!.replyTo))![1]!;
    rawMail.set(
      `${INBOUND_PREFIX}${mailId}`,
      Buffer.from([`From: Ada <${buyer}>`, `To: ${to}`, `Subject: Re: ${note!.subject}`, `Message-ID: <${randomUUID()}@example.com>`, '', 'The lamp arrived broken, the shade is cracked.', ''].join('\r\n')),
    );
    const run = await invoke('receive-mail', [sesReceiptEvent({ mailId, recipients: [to], source: buyer, at: new Date(), bucket: NAMES.bucket, key: `${INBOUND_PREFIX}${mailId}` })]);
    const [result] = ok(run.outcomes[0]);
    expect(result).toMatchObject({ outcome: 'reply', classification: { category: 'complaint' }, escalationId: expect.any(String) });
    escalationId = result.escalationId;
    expect(queued.map((b) => JSON.parse(b))).toEqual([expect.objectContaining({ kind: 'notice', escalationId, reason: 'new' })]);
    // Filed under its store, for that store's lifecycle rule.
    expect(filed.get(`${INBOUND_PREFIX}${mailId}`)).toEqual({ [RAW_MAIL_STORE_TAG]: 'northwind' });
    expect(run.gate.refused).toEqual([]);
  });

  it('send-mail emails the escalation notice to the senior person', async () => {
    const run = await invoke('send-mail', [sqsEvent([take('notice')!])]);
    expect(ok(run.outcomes[0])).toEqual({ batchItemFailures: [] });
    expect((await mailTo('tom@northwind.example')).map((m) => m.subject)).toEqual([expect.stringMatching(/^Problem from Ada/)]);
    expect(run.gate.refused).toEqual([]);
  });

  it('an escalation nobody acknowledged is swept and passed on to the next person on the ladder', async () => {
    const past = new Date(Date.now() - 60_000).toISOString();
    const escalation = (await stores.escalations.get(escalationId))!;
    await stores.dynamoDocument.send(
      new UpdateCommand({ TableName: table.tableName, Key: { pk: `E#${escalation.storeId}`, sk: `X#${escalationId}` }, UpdateExpression: 'SET dueBy = :t, dueSk = :t', ExpressionAttributeValues: { ':t': past } }),
    );
    expect(ok((await invoke('sweep-due', [{}])).outcomes[0])).toEqual({ queued: 1 });
    const run = await invoke('send-mail', [sqsEvent([take('escalation')!])]);
    expect(ok(run.outcomes[0])).toEqual({ batchItemFailures: [] });
    expect(await stores.escalations.get(escalationId)).toMatchObject({ level: 1, owner: { name: 'Dana' } });
    expect(await mailTo('dana@northwind.example')).toHaveLength(1);
    expect(run.gate.refused).toEqual([]);
  });

  it('operator lists the escalation to the holder of the operator token, and no one else', async () => {
    const list = (token: string) => apiEvent({ method: 'GET', path: '/api/escalations', route: '/api/escalations', headers: { authorization: `Bearer ${token}` } });
    const run = await invoke('operator', [list(secrets['operator-token']!), list('guess')]);
    const [allowed, refused] = run.outcomes.map(ok);
    expect(allowed.statusCode).toBe(200);
    expect(JSON.parse(allowed.body).items).toEqual([expect.objectContaining({ id: escalationId, owner: expect.objectContaining({ name: 'Dana' }) })]);
    expect(refused.statusCode).toBe(401);
    expect(run.gate.refused).toEqual([]);
  });

  it('unsubscribe takes the link of the note', async () => {
    const link = new URL(/<([^>]+)>/.exec(String((await mailTo(buyer))[0]!.headers['list-unsubscribe']))![1]!);
    const t = link.searchParams.get('t')!;
    const run = await invoke('unsubscribe', [apiEvent({ method: 'POST', path: '/unsubscribe', route: '/unsubscribe', query: { t } })]);
    expect(ok(run.outcomes[0]).statusCode).toBe(200);
    expect(await stores.suppressions.reasons(buyer, 'northwind')).toEqual(['unsubscribed']);
    expect(run.gate.refused).toEqual([]);
  });

  it('ingest-webhook stores a customers/redact, and privacy-requests erases the customer from its stream record', async () => {
    expect([...rawMail.keys()].some((k) => filed.has(k))).toBe(true);
    const body = JSON.stringify({ ...fixture('shopify/customers-redact.json'), customer: { id: 1, email: buyer, phone: null }, orders_to_redact: [7100001] });
    const headers = shopifyHeaders('customers/redact', body, SHOPIFY_SECRET, { webhookId: randomUUID() });
    const intake = await invoke('ingest-webhook', [apiEvent({ method: 'POST', path: '/webhooks/shopify', route: '/webhooks/{platform}', params: { platform: 'shopify' }, headers, body })]);
    expect(JSON.parse(ok(intake.outcomes[0]).body)).toEqual({ status: 'accepted' });
    expect(intake.gate.refused).toEqual([]);
    // Answered, not done yet.
    expect(await stores.orders.get('northwind', 'shopify', '7100001')).not.toBeNull();

    const records = (await streamRecords()).filter((r) => r.dynamodb?.NewImage?.type?.S === 'privacy-request');
    expect(records).toHaveLength(1);
    const run = await invoke('privacy-requests', [{ Records: records }]);
    expect(ok(run.outcomes[0])).toEqual({ batchItemFailures: [] });
    expect(run.gate.refused).toEqual([]);
    expect(await stores.orders.get('northwind', 'shopify', '7100001')).toBeNull();
    expect(await stores.customers.load(key)).toEqual({ profile: null, notes: [] });
    expect(await stores.escalations.get(escalationId)).toBeNull();
    // The complaint's raw mail went with them.
    expect([...rawMail.keys()].some((k) => filed.has(k))).toBe(false);
  });

  it('stops at start, naming it, when a variable its parts read is missing', async () => {
    const run = await invoke('send-mail', [sqsEvent([])], (env) => delete env.FOLLOWUP_SES_CONFIGURATION_SET);
    expect(run.outcomes[0]).toEqual({ ok: false, error: { name: 'ConfigError', message: expect.stringContaining('FOLLOWUP_SES_CONFIGURATION_SET must be set') } });
    expect(run.gate.calls).toEqual([]);
  });
});
