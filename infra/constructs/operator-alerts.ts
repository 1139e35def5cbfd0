/**
 * What an operator is told, on one topic: queues that hold work nobody processed (dead letters,
 * failed async invocations), and the alarms on the pipeline's health (errors, a stuck stream or
 * queue, SES reputation, the API's 5xx). docs/deploy.md says what each means and what to do.
 */
import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption, type QueueProps } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** Every queue of the pipeline: encrypted at rest, reachable over TLS only. */
export function secureQueue(scope: Construct, id: string, props: QueueProps = {}): Queue {
  return new Queue(scope, id, { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true, ...props });
}

/** Dead letters are kept as long as SQS allows, so an operator back from a holiday still finds them. */
export const DEAD_LETTER_RETENTION = Duration.days(14);

export interface OperatorAlertsProps {
  /** Subscribed to the alarm topic when given; subscribe later otherwise. */
  readonly email?: string;
}

export class OperatorAlerts extends Construct {
  /** Every alarm notifies this topic. */
  readonly topic: Topic;

  constructor(scope: Construct, id: string, props: OperatorAlertsProps) {
    super(scope, id);
    this.topic = new Topic(this, 'Topic', { enforceSSL: true });
    if (props.email) this.topic.addSubscription(new EmailSubscription(props.email));
  }

  /** A queue for failed work, with an alarm as soon as it holds one message. */
  deadLetterQueue(scope: Construct, id: string, whatFailed: string): Queue {
    const queue = secureQueue(scope, id, { retentionPeriod: DEAD_LETTER_RETENTION });
    this.alarmWhenNotEmpty(queue, `${id}NotEmpty`, whatFailed);
    return queue;
  }

  alarmWhenNotEmpty(queue: Queue, id: string, whatFailed: string): Alarm {
    return this.alarm(queue, id, {
      description: `${whatFailed} Inspect the messages, fix the cause, then redrive (docs/deploy.md).`,
      metric: queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
      atLeast: 1,
    });
  }

  /**
   * An alarm on the topic when `metric` reaches `atLeast` in one period. No data is no news:
   * the metrics here are only published when something happens.
   */
  alarm(scope: Construct, id: string, props: { metric: IMetric; atLeast: number; description: string }): Alarm {
    const alarm = new Alarm(scope, id, {
      alarmDescription: props.description,
      metric: props.metric,
      threshold: props.atLeast,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    return alarm;
  }
}
