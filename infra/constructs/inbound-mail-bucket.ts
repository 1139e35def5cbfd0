/**
 * Where SES stores the raw MIME of customers' replies, and the bucket that keeps its access
 * logs. Only SES writes under `inbound/` (from this stage's receipt rule); receive-mail reads it
 * and tags each message with the store whose conversation it joined. The same bucket keeps whole
 * webhook payloads too large for an item (`payloads/<store>/`) and customers' data exports
 * (`exports/`).
 *
 * Everything here is personal data and expires on lifecycle rules, per store as its config says
 * (docs/privacy.md): a store's raw mail by its tag, its payloads by their prefix. Mail of no
 * conversation expires after the stage's inbound retention; mail never tagged (receive-mail never
 * got to it) after the longest of them all, so no rule cuts a store's retention short (where two
 * rules match, S3 applies the earlier expiry).
 */
import { Duration, Stack, type RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { EXPORTS_PREFIX, PAYLOADS_PREFIX } from '../../functions/adapters/s3/file-bucket.ts';
import { INBOUND_PREFIX, NO_STORE, RAW_MAIL_STORE_TAG } from '../../functions/adapters/s3/raw-mail-bucket.ts';
import { EXPORT_DAYS, longestRawMailDays, retentionDays, type Retention } from '../../functions/core/domain/retention.ts';
import { receiptRuleArn } from './inbound-receipt-rules.ts';

export interface InboundMailBucketProps {
  /** Receipt rule set and rule allowed to write (`aws:SourceArn`); they live in the pipeline stack. */
  readonly receiptRuleSetName: string;
  readonly receiptRuleName: string;
  /** How long raw mail that joined no conversation is kept. */
  readonly retention: Duration;
  /** The stores, each with its retention (raw mail, and orders for their whole payloads). */
  readonly stores: ReadonlyArray<{ readonly id: string; readonly retention: Retention }>;
  readonly removalPolicy: RemovalPolicy;
}

/** Access logs are kept longer than the mail they describe, for incident reviews. */
const ACCESS_LOG_RETENTION = Duration.days(90);

export class InboundMailBucket extends Construct {
  readonly bucket: Bucket;
  readonly accessLogs: Bucket;

  constructor(scope: Construct, id: string, props: InboundMailBucketProps) {
    super(scope, id);
    const common = {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      // SSE-S3: SES's own KmsKeyArn option means client-side encryption, which SDK v3 cannot read.
      encryption: BucketEncryption.S3_MANAGED,
      versioned: false,
      removalPolicy: props.removalPolicy,
    } as const;

    this.accessLogs = new Bucket(this, 'AccessLogs', {
      ...common,
      lifecycleRules: [{ id: 'ExpireAccessLogs', expiration: ACCESS_LOG_RETENTION }],
    });

    this.bucket = new Bucket(this, 'Bucket', {
      ...common,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'inbound-mail/',
      lifecycleRules: [
        {
          id: 'ExpireUnfiledMail',
          prefix: INBOUND_PREFIX,
          expiration: Duration.days(Math.max(props.retention.toDays(), longestRawMailDays(props.stores))),
        },
        { id: 'ExpireUnmatchedMail', prefix: INBOUND_PREFIX, tagFilters: { [RAW_MAIL_STORE_TAG]: NO_STORE }, expiration: props.retention },
        ...props.stores.flatMap((store) => [
          {
            id: `ExpireRawMail-${store.id}`,
            prefix: INBOUND_PREFIX,
            tagFilters: { [RAW_MAIL_STORE_TAG]: store.id },
            expiration: Duration.days(retentionDays(store.retention, 'rawMail')),
          },
          {
            id: `ExpirePayloads-${store.id}`,
            prefix: `${PAYLOADS_PREFIX}${store.id}/`,
            expiration: Duration.days(retentionDays(store.retention, 'orders')),
          },
        ]),
        { id: 'ExpireExports', prefix: EXPORTS_PREFIX, expiration: Duration.days(EXPORT_DAYS) },
        { id: 'AbortUploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
    });

    const stack = Stack.of(this);
    this.bucket.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowSesToStoreInboundMail',
        principals: [new ServicePrincipal('ses.amazonaws.com')],
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects(`${INBOUND_PREFIX}*`)],
        conditions: {
          StringEquals: {
            'AWS:SourceAccount': stack.account,
            'AWS:SourceArn': receiptRuleArn(this, props.receiptRuleSetName, props.receiptRuleName),
          },
        },
      }),
    );
  }
}
