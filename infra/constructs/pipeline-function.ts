/**
 * The one way followup deploys a handler: nodejs24.x on arm64, an ESM bundle carrying the
 * deployment config, its own log group with a retention, X-Ray tracing, and a role that starts
 * empty and receives exactly what the `bind*` calls grant.
 */
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Policy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, CfnFunction, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { DeploymentConfig } from '../../functions/core/domain/store.ts';
import { ENV } from '../../functions/shared/env-keys.ts';
import {
  cdkBundlingOptions,
  handlerEntry,
  LOCK_FILE,
  PROJECT_ROOT,
  TEMPLATES_DIR_IN_BUNDLE,
  type FunctionName,
} from '../bundling.ts';
import { nagResourceName } from './nag-finding.ts';

export interface PipelineFunctionProps {
  /** The handler to deploy: `functions/<source>/handler.ts`. */
  readonly source: FunctionName;
  /** The validated deployment config; the bundle carries it as `__FOLLOWUP_CONFIG__`. */
  readonly deployment: DeploymentConfig;
  /** Retention of the function's log group. */
  readonly logRetention: RetentionDays;
  /**
   * What happens to the log group when the stack goes.
   * @default RemovalPolicy.RETAIN
   */
  readonly logRemovalPolicy?: RemovalPolicy;
  /**
   * Copy `templates/` into the bundle and point FOLLOWUP_TEMPLATES_DIR at the copy.
   * @default false
   */
  readonly withTemplates?: boolean;
  /** @default Duration.seconds(30) */
  readonly timeout?: Duration;
  /**
   * Lambda allots CPU in proportion to memory; 1 GB keeps cold starts of the bundled SDK short.
   * @default 1024
   */
  readonly memorySize?: number;
  /** Extra variables, merged over the defaults; the `bind*` calls add theirs afterwards. */
  readonly environment?: Record<string, string>;
  readonly description?: string;
}

/** DynamoDB item actions, as IAM names them without the `dynamodb:` prefix. */
export type TableAction = 'GetItem' | 'PutItem' | 'UpdateItem' | 'DeleteItem' | 'Query' | 'Scan' | 'BatchGetItem' | 'BatchWriteItem';

/** S3 object actions, as IAM names them without the `s3:` prefix (DeleteObjects is authorised as DeleteObject). */
export type BucketAction = 'GetObject' | 'PutObject' | 'DeleteObject' | 'PutObjectTagging';

/** Exactly what a function does with the table. */
export interface TableAccess {
  /** Actions on the table itself. */
  readonly items: readonly TableAction[];
  /** Indexes the function queries: `dynamodb:Query` on each index's own ARN, no `index/*`. */
  readonly queryIndexes?: readonly string[];
}

/** What a function needs to send mail through SES. */
export interface SesSending {
  readonly configurationSetName: string;
  /** Verified domain identities the From addresses belong to. */
  readonly identityDomains: readonly string[];
  /** The only From addresses allowed (`ses:FromAddress`). */
  readonly fromAddresses: readonly string[];
}

export class PipelineFunction extends NodejsFunction {
  readonly source: FunctionName;
  /** The function's own role; every bind adds to it. */
  readonly executionRole: Role;

  constructor(scope: Construct, id: string, props: PipelineFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: props.logRetention,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.RETAIN,
    });
    // An empty role: no managed policy, so nothing is granted that a bind did not ask for.
    const role = new Role(scope, `${id}Role`, { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    logGroup.grantWrite(role);
    const withTemplates = props.withTemplates ?? false;
    super(scope, id, {
      entry: handlerEntry(props.source),
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: LOCK_FILE,
      // Explicit: without it (and without a feature flag) NodejsFunction picks an outdated runtime.
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout ?? Duration.seconds(30),
      role,
      logGroup,
      // Tracing is switched on below, so that its wildcard grant lands in a policy of its own.
      tracing: Tracing.DISABLED,
      description: props.description,
      bundling: cdkBundlingOptions(props.deployment, { withTemplates }),
      environment: {
        [ENV.logLevel]: 'info',
        ...(withTemplates && { [ENV.templatesDir]: TEMPLATES_DIR_IN_BUNDLE }),
        ...props.environment,
      },
    });
    this.source = props.source;
    this.executionRole = role;
    this.enableActiveTracing();
  }

  /** Item-level access to the table, and the table's name in FOLLOWUP_TABLE. */
  bindTable(table: ITableV2, access: TableAccess): this {
    this.addEnvironment(ENV.table, table.tableName);
    if (access.items.length > 0) {
      this.addToRolePolicy(
        new PolicyStatement({ actions: access.items.map((a) => `dynamodb:${a}`), resources: [table.tableArn] }),
      );
    }
    for (const index of access.queryIndexes ?? []) {
      this.addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:Query'], resources: [`${table.tableArn}/index/${index}`] }));
    }
    return this;
  }

  /** Sending to the queue (SendMessageBatch is authorised as sqs:SendMessage), its URL in FOLLOWUP_QUEUE_URL. */
  bindQueueSender(queue: IQueue): this {
    this.addEnvironment(ENV.queueUrl, queue.queueUrl);
    this.addToRolePolicy(new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [queue.queueArn] }));
    return this;
  }

  /**
   * Secrets the function reads by name through FOLLOWUP_SECRETS_PREFIX; the signing key's name
   * (under the prefix) goes to FOLLOWUP_SIGNING_SECRET when it is one of them.
   */
  bindSecrets(access: { prefix: string; secrets: readonly ISecret[]; signingSecretName?: string }): this {
    if (access.secrets.length === 0) throw new Error(`${this.node.path}: bindSecrets needs at least one secret`);
    this.addEnvironment(ENV.secretsPrefix, access.prefix);
    if (access.signingSecretName) this.addEnvironment(ENV.signingSecret, access.signingSecretName);
    this.addToRolePolicy(
      new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: access.secrets.map((s) => s.secretArn) }),
    );
    return this;
  }

  /**
   * Object actions under key prefixes of the inbound bucket (raw mail, whole payloads, data
   * exports), its name in FOLLOWUP_INBOUND_BUCKET: one statement per prefix, each naming exactly
   * the actions the function's code calls there. `tellsMissing`: s3:ListBucket on the bucket, without
   * which S3 answers a read of a missing object (raw mail past its retention) "access denied"
   * instead of "no such key".
   */
  bindBucketPrefixes(
    bucket: IBucket,
    grants: Readonly<Record<string, readonly BucketAction[]>>,
    options: { reason: string; tellsMissing?: boolean },
  ): this {
    this.addEnvironment(ENV.inboundBucket, bucket.bucketName);
    if (options.tellsMissing) this.addToRolePolicy(new PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }));
    for (const [prefix, actions] of Object.entries(grants)) {
      const objects = bucket.arnForObjects(`${prefix}*`);
      this.addToRolePolicy(new PolicyStatement({ actions: actions.map((a) => `s3:${a}`), resources: [objects] }));
      Validations.of(this.executionRole).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${nagResourceName(this, objects)}]`,
        reason: `${options.reason} Access is limited to the ${prefix} prefix.`,
      });
    }
    return this;
  }

  /**
   * ses:SendRawEmail from the given addresses only. SES authorises a send against the identity
   * and the configuration set, so both ARNs are needed (grantSendEmail would omit the latter).
   */
  bindSesSending(sending: SesSending): this {
    const stack = Stack.of(this);
    this.addEnvironment(ENV.configurationSet, sending.configurationSetName);
    this.addToRolePolicy(
      new PolicyStatement({
        actions: ['ses:SendRawEmail'],
        resources: [
          ...sending.identityDomains.map((domain) => stack.formatArn({ service: 'ses', resource: 'identity', resourceName: domain })),
          stack.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: sending.configurationSetName }),
        ],
        // Ignoring case: the config may spell an address differently from the Source SES is given.
        conditions: { StringEqualsIgnoreCase: { 'ses:FromAddress': [...sending.fromAddresses] } },
      }),
    );
    return this;
  }

  private enableActiveTracing(): void {
    (this.node.defaultChild as CfnFunction).tracingConfig = { mode: Tracing.ACTIVE };
    const xray = new Policy(this, 'XRayWrite', {
      roles: [this.executionRole],
      statements: [new PolicyStatement({ actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], resources: ['*'] })],
    });
    this.node.addDependency(xray);
    Validations.of(xray).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions; this policy holds nothing else.',
    });
  }
}
