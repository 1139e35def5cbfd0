/**
 * The stateless half: the six functions, the send queue, the schedule, the HTTP API, SES
 * receiving and the alarms. It holds no data of its own; replacing it loses nothing.
 */
import { CfnOutput, Duration, Fn, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { DUE_INDEX, PLANNED_ITEM_TYPE } from '../../functions/adapters/dynamodb/table-schema.ts';
import { SEND_FUNCTION_TIMEOUT_MS, SEND_MAX_RECEIVES, SEND_VISIBILITY_TIMEOUT_MS } from '../../functions/core/domain/send-timing.ts';
import type { DeploymentConfig } from '../../functions/core/domain/store.ts';
import { ENV } from '../../functions/shared/env-keys.ts';
import { INBOUND_PREFIX } from '../../functions/adapters/s3/raw-mail-bucket.ts';
import { HTTP_ROUTES } from '../../functions/shared/routes.ts';
import type { FunctionName } from '../bundling.ts';
import type { StageConfig } from '../config/stages.ts';
import { FollowupHttpApi } from '../constructs/followup-http-api.ts';
import { InboundReceiptRules } from '../constructs/inbound-receipt-rules.ts';
import { outputSuffix } from '../constructs/mail-domains.ts';
import { OperatorAlerts, secureQueue } from '../constructs/operator-alerts.ts';
import { PipelineFunction, type TableAccess } from '../constructs/pipeline-function.ts';
import type { FollowupData } from './data-stack.ts';

export interface PipelineStackProps extends StackProps {
  readonly stage: StageConfig;
  readonly deployment: DeploymentConfig;
  /** The table, bucket, SES set-up and secrets of the same stage. */
  readonly data: FollowupData;
}

/**
 * The DynamoDB calls each function's code makes (functions/adapters/dynamodb), and nothing more.
 * A new store call in a use case needs its action here too.
 */
export const TABLE_ACCESS: Record<FunctionName, TableAccess> = {
  // orders.apply, and for redact topics ledger.record (BatchGet + Put), customers.load/erase,
  // orders.delete and ledger.eraseStore.
  'ingest-webhook': { items: ['Query', 'UpdateItem', 'PutItem', 'BatchGetItem', 'BatchWriteItem', 'Scan'] },
  // orders.get, customers.load/countOrder/uncountOrder/ensureProfile, notes.create/replan/cancelPlanned.
  'plan-follow-ups': { items: ['GetItem', 'Query', 'UpdateItem', 'PutItem'] },
  // notes.findDue reads the due index; notes.markQueued updates the note.
  'sweep-due': { items: ['UpdateItem'], queryIndexes: [DUE_INDEX.name] },
  // notes.claim/reserveSend/markAttempt/markSent/reschedule/finish/markUnknown/requeue/resume/get,
  // customers.load, orders.getMany, suppressions.reasons; escalations.get/save/noticeSent/
  // reminderSlot/list, conversations.get/save/list, digests.get/markSent/finish,
  // customers.queueOutbound/getOutbound/claimOutbound/settleOutbound.
  'send-note': { items: ['UpdateItem', 'GetItem', 'Query', 'BatchGetItem', 'PutItem'] },
  // customers.load, suppressions.add.
  unsubscribe: { items: ['Query', 'PutItem'] },
  // suppressions.add, notes.settleFromSendEvent (Get then Update).
  'ses-events': { items: ['PutItem', 'GetItem', 'UpdateItem'] },
  // inbound.begin/finish/release, notes.get/resume, customers.load/recordReply/openEscalation/
  // closeEscalation/queueOutbound/getOutbound, suppressions.add, orders.getMany,
  // escalations.get/create/save, conversations.get/save, digests.ensure.
  'receive-mail': { items: ['PutItem', 'UpdateItem', 'GetItem', 'Query', 'BatchGetItem'] },
  // escalations.list/get/save/noticeSent, conversations.list/get/save, notes.get/resume,
  // customers.load/conversation/queueOutbound/claimOutbound/settleOutbound/closeEscalation,
  // digests.ensure; notes.listDue/listWaiting (the due index) and recipients/skip/release for the
  // scheduled notes.
  operator: { items: ['Query', 'GetItem', 'UpdateItem', 'PutItem', 'BatchGetItem'], queryIndexes: [DUE_INDEX.name] },
};

/** The longest Lambda keeps an asynchronous event: a short outage loses no reply and no bounce. */
const ASYNC_EVENT_AGE = Duration.hours(6);

export class PipelineStack extends Stack {
  readonly functions: Readonly<Record<FunctionName, PipelineFunction>>;
  readonly api: FollowupHttpApi;

  constructor(scope: Construct, id: string, props: PipelineStackProps) {
    super(scope, id, props);
    const { stage, deployment, data } = props;
    const alerts = new OperatorAlerts(this, 'Alerts', { email: stage.alarmEmail });

    const make = (constructId: string, source: FunctionName, timeout: Duration, description: string) =>
      new PipelineFunction(this, constructId, {
        source,
        deployment,
        description,
        timeout,
        logRetention: stage.logRetention,
        logRemovalPolicy: stage.removalPolicy,
        // Only the sender renders notes.
        withTemplates: source === 'send-note',
      }).bindTable(data.table, TABLE_ACCESS[source]);

    const fns = {
      'ingest-webhook': make('IngestWebhook', 'ingest-webhook', Duration.seconds(15), 'Store webhooks in'),
      'plan-follow-ups': make('PlanFollowUps', 'plan-follow-ups', Duration.seconds(60), 'Order changes (table stream) to planned notes'),
      'sweep-due': make('SweepDue', 'sweep-due', Duration.seconds(60), 'Every minute: due notes to the send queue'),
      'send-note': make('SendNote', 'send-note', Duration.millis(SEND_FUNCTION_TIMEOUT_MS), 'Send queue to SES'),
      unsubscribe: make('Unsubscribe', 'unsubscribe', Duration.seconds(10), 'Unsubscribe page and RFC 8058 one-click'),
      'ses-events': make('SesEvents', 'ses-events', Duration.seconds(30), 'SES send, bounce and complaint events'),
      'receive-mail': make('ReceiveMail', 'receive-mail', Duration.seconds(60), 'Customer replies from SES receiving'),
      operator: make('Operator', 'operator', Duration.seconds(15), 'Operator API and console'),
    } satisfies Record<FunctionName, PipelineFunction>;
    this.functions = fns;

    const inboundBucket = Bucket.fromBucketName(this, 'InboundBucket', Fn.importValue(data.inboundBucketNameExport));
    const { secrets } = data;
    const signing = { prefix: secrets.prefix, secrets: [secrets.signingKey], signingSecretName: secrets.signingSecretName };
    fns['ingest-webhook'].bindSecrets({ prefix: secrets.prefix, secrets: secrets.storeSecrets });
    const sesSending = {
      configurationSetName: data.mail.configurationSetName,
      identityDomains: data.mail.sendingDomains,
      fromAddresses: data.mail.fromAddresses,
    };
    fns['send-note'].bindSecrets(signing).bindSesSending(sesSending);
    fns.operator
      .bindSecrets({ ...signing, secrets: [secrets.signingKey, secrets.operatorToken] })
      .bindSesSending(sesSending)
      .addEnvironment(ENV.operatorTokenSecret, secrets.operatorTokenName);
    fns.unsubscribe.bindSecrets(signing);
    fns['receive-mail'].bindSecrets(signing).bindInboundBucket(inboundBucket, INBOUND_PREFIX);

    this.wireSendQueue(fns['sweep-due'], fns['send-note'], fns['receive-mail'], stage, alerts);
    const asyncFailures = this.wireAsyncFailures(fns, alerts);
    this.wirePlanning(data.table, fns['plan-follow-ups'], asyncFailures);

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
    // Links in notes point at the API itself unless the config names a public (custom) domain.
    if (!deployment.publicBaseUrl.startsWith('https://')) {
      for (const fn of [fns['send-note'], fns.operator]) fn.addEnvironment(ENV.publicBaseUrl, this.api.url);
    }
    this.addOutputs(deployment);
  }

  /** sweep-due → queue → send-note, with partial batch responses and a dead-letter queue. */
  private wireSendQueue(
    sweepDue: PipelineFunction,
    sendNote: PipelineFunction,
    receiveMail: PipelineFunction,
    stage: StageConfig,
    alerts: OperatorAlerts,
  ): void {
    const deadLetters = alerts.deadLetterQueue(this, 'SendDeadLetters', 'A note could not be sent after 5 attempts.');
    const queue = secureQueue(this, 'SendQueue', {
      // Lambda's rule: at least six times the consumer's timeout, or messages return mid-send; and
      // longer than a sender's lease, so a message offered again settles a note whose sender died
      // instead of meeting a live lease until it is dead-lettered (send-timing.ts).
      visibilityTimeout: Duration.millis(SEND_VISIBILITY_TIMEOUT_MS),
      deadLetterQueue: { queue: deadLetters, maxReceiveCount: SEND_MAX_RECEIVES },
    });
    sweepDue.bindQueueSender(queue);
    // Escalation notices: receive-mail announces, send-note emails them.
    receiveMail.bindQueueSender(queue);
    sendNote.addEventSource(
      new SqsEventSource(queue, {
        batchSize: 10,
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
        filters: [FilterCriteria.filter({ dynamodb: { NewImage: { type: { S: FilterRule.isEqual(PLANNED_ITEM_TYPE) } } } })],
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
    fns['receive-mail'].configureAsyncInvoke({ onFailure, retryAttempts: 2, maxEventAge: ASYNC_EVENT_AGE });
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
