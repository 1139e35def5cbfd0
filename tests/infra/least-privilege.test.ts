import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { DUE_INDEX } from '../../functions/adapters/dynamodb/table-schema.ts';
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
  operator: ['BatchGetItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'],
};

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
      'ingest-webhook': { ...base, [ENV.secretsPrefix]: secretsPrefix },
      'plan-follow-ups': base,
      'sweep-due': { ...base, [ENV.queueUrl]: sendQueue },
      'send-note': { ...base, ...signing, [ENV.templatesDir]: TEMPLATES_DIR_IN_BUNDLE, [ENV.configurationSet]: configurationSet },
      unsubscribe: { ...base, ...signing },
      'ses-events': base,
      'receive-mail': { ...base, ...signing, [ENV.inboundBucket]: inboundBucket, [ENV.queueUrl]: sendQueue },
      operator: { ...base, ...signing, [ENV.configurationSet]: configurationSet, [ENV.operatorTokenSecret]: 'operator-token' },
    };
    for (const name of FUNCTION_NAMES) {
      expect({ name, env: fromData(fnProps(name).Environment.Variables) }).toEqual({ name, env: expected[name] });
    }
    const secretNames = Object.values(data.findResources('AWS::SecretsManager::Secret')).map((s) => s.Properties.Name);
    expect(secretNames).toContain(`${secretsPrefix}${signingSecret}`);
  });

  it('grants exactly the DynamoDB actions each function uses, on the table, and the due index to the sweeper and the operator only', () => {
    const table = only(data, 'AWS::DynamoDB::GlobalTable');
    const tableArn = { 'Fn::GetAtt': [table.Ref, 'Arn'] };
    for (const name of FUNCTION_NAMES) {
      const statements = withAction(name, 'dynamodb:');
      const onTable = statements.filter((s) => JSON.stringify(resourcesOf(s)) === JSON.stringify([tableArn]));
      const actions = onTable.flatMap(actionsOf).map((a) => a.replace('dynamodb:', '')).sort();
      expect({ name, actions }).toEqual({ name, actions: DYNAMODB_ACTIONS[name] });
      const others = statements.filter((s) => !onTable.includes(s));
      if (name === 'sweep-due' || name === 'operator') {
        expect(others).toEqual([
          expect.objectContaining({ Action: 'dynamodb:Query', Resource: { 'Fn::Join': ['', [tableArn, `/index/${DUE_INDEX.name}`]] } }),
        ]);
      } else if (name === 'plan-follow-ups') {
        // Reading the table's stream, and nothing else of it.
        expect(others).toEqual([
          expect.objectContaining({
            Action: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'],
            Resource: { 'Fn::GetAtt': [table.Ref, 'StreamArn'] },
          }),
        ]);
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

  it('lets only receive-mail read inbound mail, with s3:GetObject under inbound/', () => {
    for (const name of FUNCTION_NAMES) {
      const s3 = withAction(name, 's3:');
      if (name !== 'receive-mail') {
        expect({ name, s3 }).toEqual({ name, s3: [] });
        continue;
      }
      expect(s3).toHaveLength(1);
      expect(actionsOf(s3[0]!)).toEqual(['s3:GetObject']);
      const inboundBucket = Object.keys(data.findResources('AWS::S3::Bucket', { Properties: { LoggingConfiguration: {} } }))[0]!;
      expect(s3[0]!.Resource).toEqual({ 'Fn::Join': ['', ['arn:aws:s3:::', { Ref: inboundBucket }, '/inbound/*']] });
    }
  });

  it('grants ses:SendRawEmail to the sender and the operator only, on the identities and the configuration set, from the store\'s people only', () => {
    for (const name of FUNCTION_NAMES) {
      const ses = withAction(name, 'ses:');
      if (name !== 'send-note' && name !== 'operator') {
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
