import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Retention } from '../../functions/core/domain/retention.ts';
import { InboundMailBucket } from '../../infra/constructs/inbound-mail-bucket.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { CUSTOMER_INDEX, DUE_INDEX, KEY, TTL_ATTRIBUTE } from '../../functions/adapters/dynamodb/table-schema.ts';
import { secretNames } from '../../functions/core/domain/store.ts';
import { buildFollowup, templatesOf, type Json } from './support.ts';

describe('data stack', () => {
  let dev: Template;
  let prod: Template;
  let built: ReturnType<typeof buildFollowup>;
  let builtProd: ReturnType<typeof buildFollowup>;

  beforeAll(() => {
    built = buildFollowup({ stage: 'dev' });
    builtProd = buildFollowup({ stage: 'prod' });
    dev = templatesOf(built).data;
    prod = templatesOf(builtProd).data;
  });

  it('declares the table of table-schema.ts: keys, KEYS_ONLY due and customer indexes, TTL, point-in-time recovery', () => {
    dev.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
      KeySchema: [
        { AttributeName: KEY.pk, KeyType: 'HASH' },
        { AttributeName: KEY.sk, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: DUE_INDEX.name,
          KeySchema: [
            { AttributeName: DUE_INDEX.pk, KeyType: 'HASH' },
            { AttributeName: DUE_INDEX.sk, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'KEYS_ONLY' },
        },
        {
          IndexName: CUSTOMER_INDEX.name,
          KeySchema: [{ AttributeName: CUSTOMER_INDEX.pk, KeyType: 'HASH' }],
          Projection: { ProjectionType: 'KEYS_ONLY' },
        },
      ],
      TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
      Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })],
    });
  });

  it('retains and protects the table, bucket and secrets in prod only', () => {
    prod.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ Replicas: [Match.objectLike({ DeletionProtectionEnabled: true })] }),
    });
    for (const type of ['AWS::S3::Bucket', 'AWS::SecretsManager::Secret', 'AWS::SES::EmailIdentity']) {
      expect(Object.values(prod.findResources(type)).every((r) => r.DeletionPolicy === 'Retain')).toBe(true);
    }
    expect(builtProd.data.terminationProtection).toBe(true);
    dev.hasResource('AWS::DynamoDB::GlobalTable', { DeletionPolicy: 'Delete' });
    expect(built.data.terminationProtection).toBe(false);
  });

  it('keeps raw inbound mail private, encrypted and unversioned', () => {
    const inbound = dev.findResources('AWS::S3::Bucket', { Properties: { LoggingConfiguration: Match.anyValue() } });
    expect(Object.keys(inbound)).toHaveLength(1);
    const [id, bucket] = Object.entries(inbound)[0]! as [string, Json];
    expect(bucket.Properties).toMatchObject({
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
    });
    expect(bucket.Properties.VersioningConfiguration).toBeUndefined();

    const statements = Object.values(dev.findResources('AWS::S3::BucketPolicy', { Properties: { Bucket: { Ref: id } } }))[0]!
      .Properties.PolicyDocument.Statement as Json[];
    expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    const ses = statements.find((s) => s.Principal?.Service === 'ses.amazonaws.com')!;
    expect(ses.Action).toBe('s3:PutObject');
    expect(JSON.stringify(ses.Resource)).toContain('/inbound/*');
    expect(Object.keys(ses.Condition.StringEquals).sort()).toEqual(['AWS:SourceAccount', 'AWS:SourceArn']);
    expect(JSON.stringify(ses.Condition.StringEquals['AWS:SourceArn'])).toContain(
      `:receipt-rule-set/${built.stage.names.receiptRuleSet}:receipt-rule/${built.stage.names.receiptRule}`,
    );
  });

  it('expires each store\'s raw mail and payloads after its own retention, mail of no conversation after 30 days, exports after 30', () => {
    const rulesOf = (template: Template) => {
      const inbound = template.findResources('AWS::S3::Bucket', { Properties: { LoggingConfiguration: Match.anyValue() } });
      return (Object.values(inbound)[0] as Json).Properties.LifecycleConfiguration.Rules as Json[];
    };
    // The bucket alone, for a store that keeps less: its own rules follow its config.
    const stack = new Stack(new App(), 'Bucket', { env: { account: '111122223333', region: 'eu-west-1' } });
    const retention = Retention.parse({ orders: 'P400D', notes: 'P60D', conversations: 'P90D', rawMail: 'P45D' });
    new InboundMailBucket(stack, 'InboundMail', {
      receiptRuleSetName: 'rules',
      receiptRuleName: 'rule',
      retention: Duration.days(30),
      stores: [{ id: 'northwind', retention }],
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const custom = Template.fromStack(stack);
    const tag = (value: string) => [{ Key: 'followup-store', Value: value }];
    for (const [template, store] of [
      [dev, { rawMail: 90, orders: 1095, unfiled: 90 }],
      [custom, { rawMail: 45, orders: 400, unfiled: 45 }],
    ] as const) {
      const rules = rulesOf(template);
      expect(rules).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ Id: 'ExpireRawMail-northwind', Prefix: 'inbound/', TagFilters: tag('northwind'), ExpirationInDays: store.rawMail, Status: 'Enabled' }),
          expect.objectContaining({ Id: 'ExpireUnmatchedMail', Prefix: 'inbound/', TagFilters: tag('_none'), ExpirationInDays: 30 }),
          // Never shorter than any store's: where two rules match, the earlier expiry wins.
          expect.objectContaining({ Id: 'ExpireUnfiledMail', Prefix: 'inbound/', ExpirationInDays: store.unfiled }),
          expect.objectContaining({ Id: 'ExpirePayloads-northwind', Prefix: 'payloads/northwind/', ExpirationInDays: store.orders }),
          expect.objectContaining({ Id: 'ExpireExports', Prefix: 'exports/', ExpirationInDays: 30 }),
        ]),
      );
      expect(rules.find((r) => r.Id === 'ExpireUnfiledMail')?.TagFilters).toBeUndefined();
    }
  });

  it('publishes SEND, BOUNCE, COMPLAINT, REJECT and DELIVERY_DELAY to an SSL-only topic', () => {
    dev.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: {
        Enabled: true,
        MatchingEventTypes: ['send', 'bounce', 'complaint', 'reject', 'deliveryDelay'],
        SnsDestination: { TopicARN: Match.anyValue() },
      },
    });
    dev.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('verifies each sending domain and the inbound domain with Easy DKIM and outputs what to publish', () => {
    const domains = Object.values(dev.findResources('AWS::SES::EmailIdentity')).map((r) => r.Properties.EmailIdentity);
    expect(domains.sort()).toEqual(['in.northwind.example', 'northwind.example']);
    dev.allResourcesProperties('AWS::SES::EmailIdentity', { DkimAttributes: { SigningEnabled: true } });
    dev.hasOutput('DkimRecordsNorthwindExample', Match.anyValue());
    dev.hasOutput('InboundMx', { Value: 'in.northwind.example MX 10 inbound-smtp.eu-west-1.amazonaws.com' });
  });

  it('creates the signing key, the operator token and one secret for every store webhook secret, under the stage prefix', () => {
    const secrets = Object.values(dev.findResources('AWS::SecretsManager::Secret')).map((r) => r.Properties);
    const prefix = built.stage.names.secretsPrefix;
    expect(secrets.map((s) => s.Name).sort()).toEqual([`${prefix}operator-token`, `${prefix}signing-key`, `${prefix}webhook-secrets`]);
    // Created empty, so a deploy never overwrites the values the operator put in.
    expect(secrets.find((s) => s.Name === `${prefix}webhook-secrets`)).toMatchObject({ SecretString: '{}' });
    dev.hasOutput('OperatorTokenSecretName', Match.anyValue());
    dev.hasOutput('WebhookSecretsName', { Value: `${prefix}webhook-secrets`, Description: Match.stringLikeRegexp(secretNames(built.deployment).join(', ')) });
  });
});
