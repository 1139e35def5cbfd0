/**
 * Each deployed function gets exactly what its declaration (functions/<name>/function.ts) says:
 * its parts' variables, each bound to the resource it names, and its parts' IAM statements,
 * nothing more. Whether a declaration is enough for the code is proved locally, where the same
 * statements guard every call (tests/int/access); here, that infra derives the deployed role from
 * it faithfully, and that no declaration can ask for more than a part allows.
 */
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { CUSTOMER_INDEX, DUE_INDEX } from '../../functions/adapters/dynamodb/table-schema.ts';
import { declaredEnvironment, partOf } from '../../functions/shared/declaration.ts';
import { ENV } from '../../functions/shared/env-keys.ts';
import { DECLARATIONS, type FunctionName } from '../../functions/shared/functions.ts';
import { permissionsOf } from '../../functions/shared/permissions.ts';
import { TEMPLATES_DIR_IN_BUNDLE } from '../../infra/bundling.ts';
import { actionsOf, buildFollowup, logicalId, resourcesOf, roleStatements, templatesOf, type Json } from './support.ts';

describe('functions: runtime, bindings and least privilege', () => {
  let built: ReturnType<typeof buildFollowup>;
  let pipeline: Template;
  let data: Template;
  let fromData: (value: unknown) => unknown;
  let resources: Record<string, Json>;
  /** Template values of the resources functions may touch, by a readable name. */
  let named: Record<string, unknown>;

  const only = (template: Template, type: string, props: Json = {}) => {
    const found = Object.keys(template.findResources(type, props));
    expect(found).toHaveLength(1);
    return found[0]!;
  };
  const fnProps = (name: FunctionName) => resources[logicalId(built.pipeline.functions[name])]!.Properties as Json;
  /** Statements of the function's role, with the data stack's values in place of cross-stack references. */
  const statementsOf = (name: FunctionName) => roleStatements(pipeline, fnProps(name).Role['Fn::GetAtt'][0]).map((s) => fromData(s) as Json);
  const withAction = (name: FunctionName, prefix: string) => statementsOf(name).filter((s) => actionsOf(s).some((a) => a.startsWith(prefix)));
  /** A template value by its readable name, where it is one of `named`. */
  const readable = (value: unknown): unknown => {
    const json = JSON.stringify(value);
    const name = Object.entries(named).find(([, v]) => JSON.stringify(v) === json)?.[0];
    if (name) return name;
    if (Array.isArray(value)) return value.map(readable);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, readable(v)]));
    return value;
  };

  beforeAll(() => {
    built = buildFollowup({ stage: 'dev' });
    ({ pipeline, data, fromData } = templatesOf(built));
    resources = pipeline.toJSON().Resources;
    const table = only(data, 'AWS::DynamoDB::GlobalTable');
    const bucket = only(data, 'AWS::S3::Bucket', { Properties: { LoggingConfiguration: {} } });
    const queue = only(pipeline, 'AWS::SQS::Queue', { Properties: { RedrivePolicy: {} } });
    const secrets = Object.entries(data.findResources('AWS::SecretsManager::Secret')).map(([id, s]) => [s.Properties.Name as string, { Ref: id }] as const);
    const prefix = built.stage.names.secretsPrefix;
    const asyncFailures = Object.keys(pipeline.findResources('AWS::SQS::Queue')).find((id) => id.startsWith('AsyncFailures'))!;
    named = {
      ASYNC_FAILURES_ARN: { 'Fn::GetAtt': [asyncFailures, 'Arn'] },
      TABLE: { Ref: table },
      TABLE_ARN: { 'Fn::GetAtt': [table, 'Arn'] },
      ...Object.fromEntries(
        [DUE_INDEX.name, CUSTOMER_INDEX.name].map((index) => [`TABLE_ARN/index/${index}`, { 'Fn::Join': ['', [{ 'Fn::GetAtt': [table, 'Arn'] }, `/index/${index}`]] }]),
      ),
      QUEUE_URL: { Ref: queue },
      QUEUE_ARN: { 'Fn::GetAtt': [queue, 'Arn'] },
      BUCKET: { Ref: bucket },
      BUCKET_ARN: { 'Fn::Join': ['', ['arn:aws:s3:::', { Ref: bucket }]] },
      ...Object.fromEntries(
        ['inbound/', 'payloads/', 'exports/'].map((prefix) => [`OBJECTS ${prefix}`, { 'Fn::Join': ['', ['arn:aws:s3:::', { Ref: bucket }, `/${prefix}*`]] }]),
      ),
      CONFIGURATION_SET: { Ref: only(data, 'AWS::SES::ConfigurationSet') },
      SIGNING_KEY: secrets.find(([n]) => n === `${prefix}signing-key`)![1],
      OPERATOR_TOKEN: secrets.find(([n]) => n === `${prefix}operator-token`)![1],
      WEBHOOK_SECRETS: secrets.find(([n]) => n === `${prefix}webhook-secrets`)![1],
    };
  });

  it('runs every function on nodejs24.x, arm64, traced, logging to a log group with a retention, with its declared timeout', () => {
    const logGroups = pipeline.findResources('AWS::Logs::LogGroup');
    for (const declaration of DECLARATIONS) {
      const props = fnProps(declaration.name);
      expect({ name: declaration.name, runtime: props.Runtime, architectures: props.Architectures, tracing: props.TracingConfig, timeout: props.Timeout }).toEqual({
        name: declaration.name,
        runtime: 'nodejs24.x',
        architectures: ['arm64'],
        tracing: { Mode: 'Active' },
        timeout: declaration.timeoutSeconds,
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

  it('sets exactly the variables a function\'s parts read, each bound to the resource it names', () => {
    const { secretsPrefix, signingSecret } = built.stage.names;
    const boundTo: Record<string, unknown> = {
      [ENV.table]: 'TABLE',
      [ENV.queueUrl]: 'QUEUE_URL',
      [ENV.inboundBucket]: 'BUCKET',
      [ENV.configurationSet]: 'CONFIGURATION_SET',
      [ENV.secretsPrefix]: secretsPrefix,
      [ENV.signingSecret]: signingSecret,
      [ENV.operatorTokenSecret]: 'operator-token',
      [ENV.webhookSecrets]: 'webhook-secrets',
      [ENV.templatesDir]: TEMPLATES_DIR_IN_BUNDLE,
    };
    for (const declaration of DECLARATIONS) {
      const expected = { [ENV.logLevel]: 'info', ...Object.fromEntries(declaredEnvironment(declaration).map((k) => [k, boundTo[k]])) };
      const actual = readable(fromData(fnProps(declaration.name).Environment.Variables));
      expect({ name: declaration.name, env: actual }).toEqual({ name: declaration.name, env: expected });
    }
    expect(Object.values(data.findResources('AWS::SecretsManager::Secret')).map((s) => s.Properties.Name)).toContain(`${secretsPrefix}${signingSecret}`);
  });

  it('attaches to each role exactly the statements its declaration grants, besides its logs, tracing, event source and failure destination', () => {
    const markers = {
      tableArn: 'TABLE_ARN',
      sendQueueArn: 'QUEUE_ARN',
      inboundBucketArn: 'BUCKET_ARN',
      inboundObjects: (prefix: string) => `OBJECTS ${prefix}`,
      secrets: {
        storeWebhooks: 'WEBHOOK_SECRETS',
        signingKey: 'SIGNING_KEY',
        operatorToken: 'OPERATOR_TOKEN',
      },
      ses: { identities: ['identity/in.northwind.example', 'identity/northwind.example'], configurationSet: 'configuration-set', fromAddresses: built.data.mail.fromAddresses },
    };
    const sesArn = (value: unknown) => {
      const text = JSON.stringify(value);
      const identity = /:identity\/([a-z0-9.-]+)"/.exec(text);
      if (identity) return `identity/${identity[1]}`;
      return text.includes(':configuration-set/') ? 'configuration-set' : value;
    };
    for (const declaration of DECLARATIONS) {
      // What Lambda itself does with the role: logs, traces, reading the stream, delivering failed events.
      const platform = (s: Json) =>
        actionsOf(s).every((a) => /^(logs|xray):/.test(a)) ||
        actionsOf(s).includes('dynamodb:GetRecords') ||
        actionsOf(s).includes('sqs:ReceiveMessage') ||
        resourcesOf(s).every((r) => readable(r) === 'ASYNC_FAILURES_ARN');
      // IAM reads a statement's lists as sets, and CDK merges statements that share actions or
      // resources: compared as the set of (action, resource, conditions) each allows.
      const triples = (statements: Array<{ actions: readonly string[]; resources: readonly unknown[]; conditions?: unknown }>) =>
        [...new Set(statements.flatMap((s) => s.actions.flatMap((a) => s.resources.map((r) => JSON.stringify([a, r, s.conditions ?? null])))))].sort();
      const granted = triples(
        statementsOf(declaration.name)
          .filter((s) => !platform(s))
          .map((s) => ({
            actions: actionsOf(s),
            resources: resourcesOf(s).map((r) => String(actionsOf(s)[0]!.startsWith('ses:') ? sesArn(r) : readable(r))),
            ...(s.Condition && { conditions: s.Condition }),
          })),
      );
      const expected = triples(permissionsOf(declaration, markers));
      expect({ name: declaration.name, granted }).toEqual({ name: declaration.name, granted: expected });
    }
  });

  it('lets send-mail read the escalations whose notices it sends (the grant a deployed stack once lacked)', () => {
    expect(withAction('send-mail', 'dynamodb:').flatMap(actionsOf)).toContain('dynamodb:GetItem');
  });

  it('grants no service-wide wildcard action (dynamodb:*, s3:* or *) to any function', () => {
    for (const { name } of DECLARATIONS) {
      const actions = statementsOf(name).flatMap(actionsOf);
      expect({ name, wildcards: actions.filter((a) => a === '*' || a.endsWith(':*')) }).toEqual({ name, wildcards: [] });
    }
  });

  it('reaches DynamoDB only on the table and, for queries, the indexes its declaration names, each alone', () => {
    for (const declaration of DECLARATIONS) {
      const { name } = declaration;
      const indexes = (partOf(declaration, 'table')?.grant.indexes ?? []).map((index) => `TABLE_ARN/index/${index}`);
      const onData = withAction(name, 'dynamodb:').filter((s) => !actionsOf(s).includes('dynamodb:GetRecords'));
      for (const statement of onData) {
        const where = resourcesOf(statement).map(readable);
        const onIndexes = where.filter((w) => w !== 'TABLE_ARN');
        expect({ name, onIndexes: onIndexes.filter((w) => !indexes.includes(String(w))) }).toEqual({ name, onIndexes: [] });
        if (onIndexes.length > 0) expect(actionsOf(statement)).toEqual(['dynamodb:Query']);
      }
    }
  });

  it('lets only functions with the inbound bucket part touch the bucket: each prefix with its own object actions, the bucket itself only to list it', () => {
    for (const declaration of DECLARATIONS) {
      const part = partOf(declaration, 'inboundBucket');
      const allowed = (resource: unknown, action: string) => {
        if (!part) return false;
        if (resource === 'BUCKET_ARN') return action === 's3:ListBucket' && part.grant.tellsMissing === true;
        const prefix = Object.keys(part.grant.prefixes).find((p) => resource === `OBJECTS ${p}`);
        return prefix !== undefined && part.grant.prefixes[prefix]!.some((a) => `s3:${a}` === action);
      };
      const stray = withAction(declaration.name, 's3:').flatMap((s) =>
        actionsOf(s).flatMap((action) => resourcesOf(s).map(readable).filter((r) => !allowed(r, action)).map((r) => `${action} ${String(r)}`)),
      );
      expect({ name: declaration.name, stray }).toEqual({ name: declaration.name, stray: [] });
    }
  });

  it('lets receive-mail read and file raw mail only, never delete it: erasure belongs to the privacy requests', () => {
    const s3 = withAction('receive-mail', 's3:').flatMap(actionsOf).sort();
    expect(s3).toEqual(['s3:GetObject', 's3:PutObjectTagging']);
  });

  it('lets senders use ses:SendRawEmail only on the deployment\'s identities and configuration set, from its people\'s addresses', () => {
    for (const declaration of DECLARATIONS) {
      const ses = withAction(declaration.name, 'ses:');
      if (!partOf(declaration, 'sesSending')) {
        expect({ name: declaration.name, ses }).toEqual({ name: declaration.name, ses: [] });
        continue;
      }
      expect(ses).toHaveLength(1);
      const [statement] = ses as [Json];
      expect(statement.Action).toBe('ses:SendRawEmail');
      const where = resourcesOf(statement).map((r) => JSON.stringify(r));
      expect(where).toHaveLength(3);
      expect(where.some((r) => r.includes(':identity/northwind.example'))).toBe(true);
      expect(where.some((r) => r.includes(':identity/in.northwind.example'))).toBe(true);
      expect(where.some((r) => r.includes(':configuration-set/') && r.includes(JSON.stringify(named.CONFIGURATION_SET)))).toBe(true);
      expect(statement.Condition).toEqual({
        StringEqualsIgnoreCase: { 'ses:FromAddress': ['escalations@in.northwind.example', 'sarah@northwind.example', 'tom@northwind.example'] },
      });
    }
  });

  it('lets each function read only the secrets its parts name', () => {
    for (const declaration of DECLARATIONS) {
      const statements = withAction(declaration.name, 'secretsmanager:');
      expect(statements.flatMap(actionsOf).every((a) => a === 'secretsmanager:GetSecretValue')).toBe(true);
      const expected = [
        ...(partOf(declaration, 'storeWebhookSecrets') ? ['WEBHOOK_SECRETS'] : []),
        ...(partOf(declaration, 'signingKey') ? ['SIGNING_KEY'] : []),
        ...(partOf(declaration, 'operatorToken') ? ['OPERATOR_TOKEN'] : []),
      ].sort();
      const granted = statements.flatMap(resourcesOf).map(readable).sort();
      expect({ name: declaration.name, granted }).toEqual({ name: declaration.name, granted: expected });
    }
  });
});
