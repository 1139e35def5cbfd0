import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { CUSTOMER_INDEX, DUE_INDEX } from '../../functions/adapters/dynamodb/table-schema.ts';
import { ENV } from '../../functions/shared/env-keys.ts';
import { FUNCTION_NAMES, TEMPLATES_DIR_IN_BUNDLE, type FunctionName } from '../../infra/bundling.ts';
import { actionsOf, buildFollowup, logicalId, resourcesOf, roleStatements, templatesOf, type Json } from './support.ts';

/** The DynamoDB calls each function's code makes; a change here is a change of its attack surface. */
const DYNAMODB_ACTIONS: Record<FunctionName, string[]> = {
  'ingest-webhook': ['BatchGetItem', 'BatchWriteItem', 'PutItem', 'Query', 'Scan', 'UpdateItem'],
  'plan-follow-ups': ['GetItem', 'PutItem', 'Query', 'UpdateItem'],
  'sweep-due': ['UpdateItem'],
  'send-note': ['BatchGetItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'],
  unsubscribe: ['PutItem', 'Query'],
  'ses-events': ['GetItem', 'PutItem', 'UpdateItem'],
  'receive-mail': ['BatchGetItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'],
  operator: ['BatchGetItem', 'BatchWriteItem', 'DeleteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'],
};

/** The S3 object actions each function's code calls, by key prefix of the inbound bucket. */
const S3_GRANTS: Partial<Record<FunctionName, Record<string, string[]>>> = {
  // Whole payloads too large for an item; erasure (raw mail, payloads, exports) and data export.
  'ingest-webhook': { 'inbound/': ['DeleteObject', 'GetObject'], 'payloads/': ['DeleteObject', 'GetObject', 'PutObject'], 'exports/': ['DeleteObject', 'PutObject'] },
  // Reading raw mail, and filing it under its store (a tag its lifecycle rule reads).
  'receive-mail': { 'inbound/': ['GetObject', 'PutObjectTagging'] },
  // Erasure and export on request, and downloading an export.
  operator: { 'inbound/': ['DeleteObject', 'GetObject'], 'payloads/': ['DeleteObject', 'GetObject'], 'exports/': ['DeleteObject', 'GetObject', 'PutObject'] },
};
/** Those that read what may be gone (expired raw mail) list the bucket, so S3 says "no such key". */
const LISTS_BUCKET: FunctionName[] = ['ingest-webhook', 'operator'];

describe('functions: runtime, bindings and least privilege', () => {
  let built: ReturnType<typeof buildFollowup>;
  let pipeline: Template;
  let data: Template;
  let fromData: (value: unknown) => unknown;
  let resources: Record<string, Json>;

  const only = (template: Template, type: string) => {
    const found = Object.keys(template.findResources(type));
    expect(found).toHaveLength(1);
    return { Ref: found[0]! };
  };
  const fnProps = (name: FunctionName) => resources[logicalId(built.pipeline.functions[name])]!.Properties as Json;
  /** Statements of the function's role, with the data stack's values in place of cross-stack references. */
  const statementsOf = (name: FunctionName) =>
    roleStatements(pipeline, fnProps(name).Role['Fn::GetAtt'][0]).map((s) => fromData(s) as Json);
  const withAction = (name: FunctionName, prefix: string) =>
    statementsOf(name).filter((s) => actionsOf(s).some((a) => a.startsWith(prefix)));

  beforeAll(() => {
    built = buildFollowup({ stage: 'dev' });
    ({ pipeline, data, fromData } = templatesOf(built));
    resources = pipeline.toJSON().Resources;
  });

  it('runs every function on nodejs24.x, arm64, traced, logging to a log group with a retention', () => {
    const logGroups = pipeline.findResources('AWS::Logs::LogGroup');
    for (const name of FUNCTION_NAMES) {
      const props = fnProps(name);
      expect({ name, runtime: props.Runtime, architectures: props.Architectures, tracing: props.TracingConfig }).toEqual({
        name,
        runtime: 'nodejs24.x',
        architectures: ['arm64'],
        tracing: { Mode: 'Active' },
      });
      expect(logGroups[props.LoggingConfig.LogGroup.Ref]?.Properties.RetentionInDays).toBeGreaterThan(0);
    }
  });

  it('sets a retention on every log group', () => {
    for (const template of [pipeline, data]) {
      for (const [id, group] of Object.entries(template.findResources('AWS::Logs::LogGroup'))) {
        expect({ id, retention: group.Properties.RetentionInDays }).toEqual({ id, retention: expect.any(Number) });
      }
    }
  });

  it('binds each ENV key to the resource it names, and no other', () => {
    const table = only(data, 'AWS::DynamoDB::GlobalTable');
    const configurationSet = only(data, 'AWS::SES::ConfigurationSet');
    const inboundBucket = { Ref: Object.keys(data.findResources('AWS::S3::Bucket', { Properties: { LoggingConfiguration: {} } }))[0] };
    const sendQueue = { Ref: Object.keys(pipeline.findResources('AWS::SQS::Queue', { Properties: { RedrivePolicy: {} } }))[0] };
    const { secretsPrefix, signingSecret } = built.stage.names;
    const base = { [ENV.logLevel]: 'info', [ENV.table]: table };
    const signing = { [ENV.secretsPrefix]: secretsPrefix, [ENV.signingSecret]: signingSecret };
    const expected: Record<FunctionName, Json> = {
      'ingest-webhook': { ...base, [ENV.secretsPrefix]: secretsPrefix, [ENV.inboundBucket]: inboundBucket, [ENV.configurationSet]: configurationSet },
      'plan-follow-ups': base,
      'sweep-due': { ...base, [ENV.queueUrl]: sendQueue },
      'send-note': { ...base, ...signing, [ENV.templatesDir]: TEMPLATES_DIR_IN_BUNDLE, [ENV.configurationSet]: configurationSet },
      unsubscribe: { ...base, ...signing },
      'ses-events': base,
      'receive-mail': { ...base, ...signing, [ENV.inboundBucket]: inboundBucket, [ENV.queueUrl]: sendQueue },
      operator: { ...base, ...signing, [ENV.configurationSet]: configurationSet, [ENV.inboundBucket]: inboundBucket, [ENV.operatorTokenSecret]: 'operator-token' },
    };
    for (const name of FUNCTION_NAMES) {
      expect({ name, env: fromData(fnProps(name).Environment.Variables) }).toEqual({ name, env: expected[name] });
    }
    const secretNames = Object.values(data.findResources('AWS::SecretsManager::Secret')).map((s) => s.Properties.Name);
    expect(secretNames).toContain(`${secretsPrefix}${signingSecret}`);
  });

  it('grants exactly the DynamoDB actions each function uses, on the table, the due index to the sweeper and the operator only, the customer index for erasure and export', () => {
    const table = only(data, 'AWS::DynamoDB::GlobalTable');
    const tableArn = { 'Fn::GetAtt': [table.Ref, 'Arn'] };
    for (const name of FUNCTION_NAMES) {
      const statements = withAction(name, 'dynamodb:');
      const onTable = statements.filter((s) => JSON.stringify(resourcesOf(s)) === JSON.stringify([tableArn]));
      const actions = onTable.flatMap(actionsOf).map((a) => a.replace('dynamodb:', '')).sort();
      expect({ name, actions }).toEqual({ name, actions: DYNAMODB_ACTIONS[name] });
      const others = statements.filter((s) => !onTable.includes(s));
      const onIndex = (index: string) =>
        expect.objectContaining({ Action: 'dynamodb:Query', Resource: { 'Fn::Join': ['', [tableArn, `/index/${index}`]] } });
      if (name === 'sweep-due') {
        expect(others).toEqual([onIndex(DUE_INDEX.name)]);
      } else if (name === 'operator') {
        // CDK merges the two Query statements into one naming both indexes.
        expect(others.flatMap(actionsOf)).toEqual(['dynamodb:Query']);
        const indexes = others.flatMap(resourcesOf).map((r) => JSON.stringify(r)).sort();
        const index = (name: string) => JSON.stringify({ 'Fn::Join': ['', [tableArn, `/index/${name}`]] });
        expect(indexes).toEqual([index(DUE_INDEX.name), index(CUSTOMER_INDEX.name)].sort());
      } else if (name === 'plan-follow-ups') {
        // Reading the table's stream, and nothing else of it.
        expect(others).toEqual([
          expect.objectContaining({
            Action: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'],
            Resource: { 'Fn::GetAtt': [table.Ref, 'StreamArn'] },
          }),
        ]);
      } else if (name === 'ingest-webhook') {
        expect(others).toEqual([onIndex(CUSTOMER_INDEX.name)]);
      } else {
        expect({ name, others }).toEqual({ name, others: [] });
      }
    }
  });

  it('grants no service-wide wildcard action (dynamodb:*, s3:* or *) to any function', () => {
    for (const name of FUNCTION_NAMES) {
      const actions = statementsOf(name).flatMap(actionsOf);
      expect({ name, wildcards: actions.filter((a) => a === '*' || a.endsWith(':*')) }).toEqual({ name, wildcards: [] });
    }
  });

  it('grants each function exactly its S3 actions, prefix by prefix of the inbound bucket, and no other bucket', () => {
    const inboundBucket = Object.keys(data.findResources('AWS::S3::Bucket', { Properties: { LoggingConfiguration: {} } }))[0]!;
    const objects = (prefix: string) => JSON.stringify({ 'Fn::Join': ['', ['arn:aws:s3:::', { Ref: inboundBucket }, `/${prefix}*`]] });
    const bucketArn = JSON.stringify({ 'Fn::Join': ['', ['arn:aws:s3:::', { Ref: inboundBucket }]] });
    for (const name of FUNCTION_NAMES) {
      const s3 = withAction(name, 's3:');
      const onObjects = s3.filter((s) => !actionsOf(s).includes('s3:ListBucket'));
      // CDK merges statements with the same actions: count actions per resource.
      const granted: Record<string, string[]> = {};
      for (const statement of onObjects) {
        for (const resource of resourcesOf(statement).map((r) => JSON.stringify(r))) {
          granted[resource] = [...(granted[resource] ?? []), ...actionsOf(statement).map((a) => a.replace('s3:', ''))].sort();
        }
      }
      const expected = Object.fromEntries(Object.entries(S3_GRANTS[name] ?? {}).map(([prefix, actions]) => [objects(prefix), actions]));
      expect({ name, granted }).toEqual({ name, granted: expected });
      const lists = s3.filter((s) => actionsOf(s).includes('s3:ListBucket')).map((s) => JSON.stringify(s.Resource));
      expect({ name, lists }).toEqual({ name, lists: LISTS_BUCKET.includes(name) ? [bucketArn] : [] });
    }
  });

  it('grants ses:SendRawEmail to the sender, the operator and the data-request notice only, on the identities and the configuration set, from the store\'s people only', () => {
    for (const name of FUNCTION_NAMES) {
      const ses = withAction(name, 'ses:');
      // ingest-webhook: the email that tells the owner a customer's data export is ready.
      if (name !== 'send-note' && name !== 'operator' && name !== 'ingest-webhook') {
        expect({ name, ses }).toEqual({ name, ses: [] });
        continue;
      }
      expect(ses).toHaveLength(1);
      const [statement] = ses as [Json];
      expect(statement.Action).toBe('ses:SendRawEmail');
      const resources = resourcesOf(statement).map((r) => JSON.stringify(r));
      expect(resources).not.toContain('"*"');
      expect(resources.some((r) => r.includes(':identity/northwind.example'))).toBe(true);
      expect(resources.some((r) => r.includes(':identity/in.northwind.example'))).toBe(true);
      const configurationSet = only(data, 'AWS::SES::ConfigurationSet');
      expect(resources.some((r) => r.includes(':configuration-set/') && r.includes(JSON.stringify(configurationSet)))).toBe(true);
      expect(resources).toHaveLength(3);
      expect(statement.Condition).toEqual({
        StringEqualsIgnoreCase: {
          'ses:FromAddress': ['escalations@in.northwind.example', 'sarah@northwind.example', 'tom@northwind.example'],
        },
      });
    }
  });

  it('lets each function read only the secrets it needs', () => {
    const secretIds = Object.entries(data.findResources('AWS::SecretsManager::Secret')).map(
      ([id, s]): [string, string] => [s.Properties.Name as string, id],
    );
    const signingKey = secretIds.filter(([n]) => n.endsWith('/signing-key')).map(([, id]) => ({ Ref: id }));
    const operatorToken = secretIds.filter(([n]) => n.endsWith('/operator-token')).map(([, id]) => ({ Ref: id }))[0]!;
    const storeSecrets = secretIds.filter(([n]) => !/\/(signing-key|operator-token)$/.test(n)).map(([, id]) => ({ Ref: id }));
    const expected: Record<FunctionName, Json[]> = {
      'ingest-webhook': storeSecrets,
      'plan-follow-ups': [],
      'sweep-due': [],
      'send-note': signingKey,
      unsubscribe: signingKey,
      'ses-events': [],
      'receive-mail': signingKey,
      operator: [...signingKey, operatorToken],
    };
    for (const name of FUNCTION_NAMES) {
      const statements = withAction(name, 'secretsmanager:');
      expect(statements.flatMap(actionsOf).every((a) => a === 'secretsmanager:GetSecretValue')).toBe(true);
      const granted = statements.flatMap(resourcesOf).map((r) => JSON.stringify(r)).sort();
      expect({ name, granted }).toEqual({ name, granted: expected[name].map((r) => JSON.stringify(r)).sort() });
    }
  });
});
