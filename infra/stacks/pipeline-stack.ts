/**
 * The stateless half: the functions (one per declaration in functions/shared/functions.ts), the
 * send queue, the schedule, the HTTP API, SES receiving and the alarms. It holds no data of its
 * own; replacing it loses nothing.
 */
import { CfnOutput, Duration, Fn, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { FilterCriteria, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IQueue, Queue } from 'aws-cdk-lib/aws-sqs';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { ORDER_CHANGE_PATTERN } from '../../functions/adapters/dynamodb/order-changes.ts';
import { PRIVACY_REQUEST_PATTERN } from '../../functions/adapters/dynamodb/privacy-requests.ts';
import { SEND_MAX_RECEIVES, SEND_VISIBILITY_TIMEOUT_MS } from '../../functions/core/domain/send-timing.ts';
import type { DeploymentConfig } from '../../functions/core/domain/store.ts';
import { ENV } from '../../functions/shared/env-keys.ts';
import { INBOUND_PREFIX } from '../../functions/adapters/s3/raw-mail-bucket.ts';
import { partOf } from '../../functions/shared/declaration.ts';
import { DECLARATIONS, declarationOf, type FunctionName } from '../../functions/shared/functions.ts';
import { HTTP_ROUTES } from '../../functions/shared/routes.ts';
import { RECEIVE_RETRY_ATTEMPTS } from '../../functions/receive-mail/function.ts';
import { SEND_BATCH_SIZE } from '../../functions/send-mail/function.ts';
import { PRIVACY_REQUEST_ATTEMPTS } from '../../functions/privacy-requests/function.ts';
import { TEMPLATES_DIR_IN_BUNDLE } from '../bundling.ts';
import type { StageConfig } from '../config/stages.ts';
import { FollowupHttpApi } from '../constructs/followup-http-api.ts';
import { HealthAlarms } from '../constructs/health-alarms.ts';
import { InboundReceiptRules } from '../constructs/inbound-receipt-rules.ts';
import { outputSuffix } from '../constructs/mail-domains.ts';
import { OperatorAlerts, secureQueue } from '../constructs/operator-alerts.ts';
import { PipelineFunction, type DeployedResources } from '../constructs/pipeline-function.ts';
import type { FollowupData } from './data-stack.ts';

export interface PipelineStackProps extends StackProps {
  readonly stage: StageConfig;
  readonly deployment: DeploymentConfig;
  /** The table, bucket, SES set-up and secrets of the same stage. */
  readonly data: FollowupData;
}

/** The longest Lambda keeps an asynchronous event: a short outage loses no reply and no bounce. */
const ASYNC_EVENT_AGE = Duration.hours(6);

export class PipelineStack extends Stack {
  readonly functions: Readonly<Record<FunctionName, PipelineFunction>>;
  readonly api: FollowupHttpApi;

  constructor(scope: Construct, id: string, props: PipelineStackProps) {
    super(scope, id, props);
    const { stage, deployment, data } = props;
    const alerts = new OperatorAlerts(this, 'Alerts', { email: stage.alarmEmail });
    const inboundBucket = Bucket.fromBucketName(this, 'InboundBucket', Fn.importValue(data.inboundBucketNameExport));
    const sendQueue = this.sendQueue(alerts);
    const { secrets, mail } = data;

    // What each function's parts may read and touch: every function gets the subset its declaration names.
    const resources: DeployedResources = {
      environment: {
        [ENV.table]: data.table.tableName,
        [ENV.queueUrl]: sendQueue.queueUrl,
        [ENV.inboundBucket]: inboundBucket.bucketName,
        [ENV.secretsPrefix]: secrets.prefix,
        [ENV.signingSecret]: secrets.signingSecretName,
        [ENV.operatorTokenSecret]: secrets.operatorTokenName,
        [ENV.webhookSecrets]: secrets.webhookSecretsName,
        [ENV.configurationSet]: mail.configurationSetName,
        [ENV.templatesDir]: TEMPLATES_DIR_IN_BUNDLE,
      },
      permissions: {
        tableArn: data.table.tableArn,
        sendQueueArn: sendQueue.queueArn,
        inboundBucketArn: inboundBucket.bucketArn,
        inboundObjects: (prefix) => inboundBucket.arnForObjects(`${prefix}*`),
        secrets: {
          storeWebhooks: secrets.webhookSecrets.secretArn,
          signingKey: secrets.signingKey.secretArn,
          operatorToken: secrets.operatorToken.secretArn,
        },
        ses: {
          identities: mail.sendingDomains.map((domain) => this.formatArn({ service: 'ses', resource: 'identity', resourceName: domain })),
          configurationSet: this.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: mail.configurationSetName }),
          fromAddresses: mail.fromAddresses,
        },
      },
    };
    const fns = Object.fromEntries(
      DECLARATIONS.map((declaration) => [
        declaration.name,
        new PipelineFunction(this, {
          declaration,
          deployment,
          resources,
          logRetention: stage.logRetention,
          logRemovalPolicy: stage.removalPolicy,
          tracing: stage.tracing,
        }),
      ]),
    ) as Record<FunctionName, PipelineFunction>;
    this.functions = fns;

    this.readSendQueue(sendQueue, fns['send-mail'], stage);
    const asyncFailures = this.wireAsyncFailures(fns, alerts);
    this.wirePlanning(data.table, fns['plan-follow-ups'], asyncFailures);
    this.wirePrivacyRequests(data.table, fns['privacy-requests'], asyncFailures);

    new Rule(this, 'SweepEveryMinute', {
      schedule: Schedule.rate(Duration.minutes(1)),
      // A missed sweep is made good by the next one; an undeliverable event still shows up.
      targets: [new LambdaFunction(fns['sweep-due'], { deadLetterQueue: asyncFailures, retryAttempts: 2, maxEventAge: Duration.minutes(5) })],
    });

    const undelivered = alerts.deadLetterQueue(this, 'SesEventsUndelivered', 'SNS could not deliver SES events to ses-events.');
    acknowledgeNotARedriveSource(undelivered, 'It is the dead-letter queue of the SNS subscription of ses-events.');
    data.mail.eventsTopic.addSubscription(new LambdaSubscription(fns['ses-events'], { deadLetterQueue: undelivered }));

    new InboundReceiptRules(this, 'InboundMail', {
      ruleSetName: stage.names.receiptRuleSet,
      ruleName: stage.names.receiptRule,
      domain: stage.inboundDomain,
      bucket: inboundBucket,
      prefix: INBOUND_PREFIX,
      receiver: fns['receive-mail'],
      logRetention: stage.logRetention,
      logRemovalPolicy: stage.removalPolicy,
    });

    this.api = new FollowupHttpApi(this, 'Http', {
      handlers: { 'ingest-webhook': fns['ingest-webhook'], unsubscribe: fns.unsubscribe, operator: fns.operator },
      throttle: stage.apiThrottle,
      logRetention: stage.logRetention,
      logRemovalPolicy: stage.removalPolicy,
      routes: HTTP_ROUTES,
    });
    // Links in mail point at the API itself unless the config names a public (custom) domain.
    if (!deployment.publicBaseUrl.startsWith('https://')) {
      for (const fn of Object.values(fns)) if (partOf(fn.declaration, 'sesSending')) fn.addEnvironment(ENV.publicBaseUrl, this.api.url);
    }
    new HealthAlarms(this, 'Health', {
      alerts,
      // Invoked by the HTTP API or an event source mapping: no failure destination reports them.
      synchronous: [fns['ingest-webhook'], fns.unsubscribe, fns.operator, fns['send-mail'], fns['plan-follow-ups'], fns['privacy-requests']],
      planner: fns['plan-follow-ups'],
      sendQueue,
      api: this.api.api,
    });
    this.addOutputs(deployment);
    new CfnOutput(this, 'AlertsTopic', { value: alerts.topic.topicArn, description: 'Every alarm notifies this topic: subscribe the people who run followup (docs/deploy.md)' });
  }

  /** The queue between the sweeper (and receive-mail's notices) and send-mail, with its dead letters. */
  private sendQueue(alerts: OperatorAlerts): Queue {
    const deadLetters = alerts.deadLetterQueue(this, 'SendDeadLetters', 'A note could not be sent after 5 attempts.');
    return secureQueue(this, 'SendQueue', {
      // Lambda's rule: at least six times the consumer's timeout, or messages return mid-send; and
      // longer than a sender's lease, so a message offered again settles a note whose sender died
      // instead of meeting a live lease until it is dead-lettered (send-timing.ts).
      visibilityTimeout: Duration.millis(Math.max(SEND_VISIBILITY_TIMEOUT_MS, 6_000 * declarationOf('send-mail').timeoutSeconds)),
      deadLetterQueue: { queue: deadLetters, maxReceiveCount: SEND_MAX_RECEIVES },
    });
  }

  /** send-mail reads the queue in batches, with partial batch responses. */
  private readSendQueue(queue: Queue, sender: PipelineFunction, stage: StageConfig): void {
    sender.addEventSource(
      new SqsEventSource(queue, {
        batchSize: SEND_BATCH_SIZE,
        reportBatchItemFailures: true,
        // Bounds the SES send rate: at most this many batches are being sent at once.
        maxConcurrency: stage.maxSendConcurrency,
      }),
    );
  }

  /**
   * The table's stream → plan-follow-ups, order changes only. Records of one order stay in order
   * (one batch at a time per shard, resumed from the first failure); a change that keeps failing
   * goes to the failures queue, with its alarm, after ten tries.
   */
  private wirePlanning(table: TableV2, planner: PipelineFunction, failures: IQueue): void {
    planner.addEventSource(
      new DynamoEventSource(table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        maxBatchingWindow: Duration.seconds(1),
        reportBatchItemFailures: true,
        retryAttempts: 10,
        maxRecordAge: Duration.hours(24),
        onFailure: new SqsDlq(failures),
        // The same pattern the local runtime's stream reader applies (order-changes.ts).
        filters: [FilterCriteria.filter(ORDER_CHANGE_PATTERN)],
      }),
    );
  }

  /**
   * The table's stream → privacy-requests, privacy requests only (a mapping of its own: a failing
   * erasure never holds planning back). One request at a time, in order, resumed from the first
   * failure; one that keeps failing goes to the failures queue, with its alarm.
   */
  private wirePrivacyRequests(table: TableV2, worker: PipelineFunction, failures: IQueue): void {
    worker.addEventSource(
      new DynamoEventSource(table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 10,
        reportBatchItemFailures: true,
        retryAttempts: PRIVACY_REQUEST_ATTEMPTS,
        maxRecordAge: Duration.hours(24),
        onFailure: new SqsDlq(failures),
        // The same pattern the local runtime's stream reader applies (privacy-requests.ts).
        filters: [FilterCriteria.filter(PRIVACY_REQUEST_PATTERN)],
      }),
    );
  }

  /** Functions invoked asynchronously (EventBridge, SNS, SES) put failed events in one queue. */
  private wireAsyncFailures(fns: Record<FunctionName, PipelineFunction>, alerts: OperatorAlerts) {
    const failures = alerts.deadLetterQueue(this, 'AsyncFailures', 'An asynchronous invocation (sweep, SES event, received mail) failed for good.');
    acknowledgeNotARedriveSource(failures, 'It is the on-failure destination of asynchronous invocations and the schedule\'s dead-letter queue.');
    const onFailure = new SqsDestination(failures);
    // A failed sweep is not retried: the next one, a minute later, covers the same notes.
    fns['sweep-due'].configureAsyncInvoke({ onFailure, retryAttempts: 0, maxEventAge: Duration.minutes(1) });
    fns['ses-events'].configureAsyncInvoke({ onFailure, retryAttempts: 2, maxEventAge: ASYNC_EVENT_AGE });
    fns['receive-mail'].configureAsyncInvoke({ onFailure, retryAttempts: RECEIVE_RETRY_ATTEMPTS, maxEventAge: ASYNC_EVENT_AGE });
    return failures;
  }

  private addOutputs(deployment: DeploymentConfig): void {
    const base = this.api.url;
    new CfnOutput(this, 'ApiUrl', { value: base, description: 'Base URL of the HTTP API: the webhooks, and the links in notes unless publicBaseUrl names a custom domain' });
    new CfnOutput(this, 'UnsubscribeUrl', { value: `${base}unsubscribe` });
    for (const store of deployment.stores) {
      const platforms = (['shopify', 'woocommerce', 'stripe'] as const).filter((p) => store.platforms[p]);
      new CfnOutput(this, `Webhooks${outputSuffix(store.id)}`, {
        description: `Webhook URLs to register in ${store.name}'s platforms`,
        value: platforms.map((p) => `${p}: ${base}webhooks/${p}/${store.id}`).join(' ; '),
      });
    }
  }
}

function acknowledgeNotARedriveSource(queue: Construct, reason: string): void {
  Validations.of(queue).acknowledge({ id: 'AwsSolutions-SQS3', reason: `This queue is itself a dead-letter queue. ${reason}` });
}
