/**
 * Where SES stores the raw MIME of customers' replies, and the bucket that keeps its access
 * logs. Only SES writes (under `inbound/`, from this stage's receipt rule); only receive-mail
 * reads. Raw mail is personal data and expires on a lifecycle rule.
 */
import { Duration, Stack, type RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { INBOUND_PREFIX } from '../../functions/adapters/s3/raw-mail-bucket.ts';
import { receiptRuleArn } from './inbound-receipt-rules.ts';

export interface InboundMailBucketProps {
  /** Receipt rule set and rule allowed to write (`aws:SourceArn`); they live in the pipeline stack. */
  readonly receiptRuleSetName: string;
  readonly receiptRuleName: string;
  /** How long raw mail is kept. */
  readonly retention: Duration;
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
        { id: 'ExpireRawMail', prefix: INBOUND_PREFIX, expiration: props.retention },
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
