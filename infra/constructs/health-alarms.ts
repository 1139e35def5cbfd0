/**
 * The alarms an operator needs beyond the dead-letter queues, each on the one operator topic:
 *
 * - errors of the functions invoked synchronously (the HTTP API's, and those an event source
 *   mapping invokes), for any failure their handlers did not turn into an answer;
 * - the planner falling behind the table's stream;
 * - the send queue not being emptied;
 * - SES reputation reaching the levels at which SES reviews an account (bounces 5 %,
 *   complaints 0.1 %; it may pause sending at 10 % and 0.5 %);
 * - the HTTP API answering 5xx (a store's webhook was not taken in; the platform retries).
 */
import { Duration } from 'aws-cdk-lib';
import { Metric } from 'aws-cdk-lib/aws-cloudwatch';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { OperatorAlerts } from './operator-alerts.ts';
import type { PipelineFunction } from './pipeline-function.ts';

/** Where SES puts an account under review (https://docs.aws.amazon.com/ses/latest/dg/reputationdashboard.html). */
export const SES_REVIEW_LEVELS = { bounceRate: 0.05, complaintRate: 0.001 } as const;
/** Planning is off the webhook's path, but a note two hours away must be planned well before. */
export const PLANNING_LAG = Duration.minutes(15);
/** The sender empties the queue in seconds; this long means sending is stuck. */
export const SENDING_LAG = Duration.minutes(15);

export interface HealthAlarmsProps {
  readonly alerts: OperatorAlerts;
  /** Functions whose failures nobody else reports (no failure destination). */
  readonly synchronous: readonly PipelineFunction[];
  readonly planner: PipelineFunction;
  readonly sendQueue: IQueue;
  readonly api: HttpApi;
}

export class HealthAlarms extends Construct {
  constructor(scope: Construct, id: string, props: HealthAlarmsProps) {
    super(scope, id);
    const { alerts } = props;
    const fiveMinutes = Duration.minutes(5);
    for (const fn of props.synchronous) {
      alerts.alarm(this, `${fn.node.id}Errors`, {
        description: `${fn.declaration.name} failed without answering (a crash, a timeout, a refused start). Its log group says why.`,
        metric: fn.metricErrors({ period: fiveMinutes, statistic: 'Sum' }),
        atLeast: 1,
      });
    }
    alerts.alarm(this, 'PlanningBehind', {
      description: `plan-follow-ups is more than ${PLANNING_LAG.toMinutes()} minutes behind the table's stream: orders are taken in but not planned. Look at its errors and its failures queue.`,
      metric: props.planner.metric('IteratorAge', { period: fiveMinutes, statistic: 'Maximum' }),
      atLeast: PLANNING_LAG.toMilliseconds(),
    });
    alerts.alarm(this, 'SendingStuck', {
      description: `A message has waited in the send queue for ${SENDING_LAG.toMinutes()} minutes: notes and notices are not going out. Look at send-mail's errors and the SES sending status.`,
      metric: props.sendQueue.metricApproximateAgeOfOldestMessage({ period: fiveMinutes, statistic: 'Maximum' }),
      atLeast: SENDING_LAG.toSeconds(),
    });
    alerts.alarm(this, 'BounceRate', {
      description: `The account's SES bounce rate reached ${SES_REVIEW_LEVELS.bounceRate * 100} %: SES reviews the account now and may pause sending at 10 %. Check the addresses the stores send us.`,
      metric: new Metric({ namespace: 'AWS/SES', metricName: 'Reputation.BounceRate', period: Duration.hours(1), statistic: 'Maximum' }),
      atLeast: SES_REVIEW_LEVELS.bounceRate,
    });
    alerts.alarm(this, 'ComplaintRate', {
      description: `The account's SES complaint rate reached ${SES_REVIEW_LEVELS.complaintRate * 100} %: SES reviews the account now and may pause sending at 0.5 %. Check what the notes say and how often they go.`,
      metric: new Metric({ namespace: 'AWS/SES', metricName: 'Reputation.ComplaintRate', period: Duration.hours(1), statistic: 'Maximum' }),
      atLeast: SES_REVIEW_LEVELS.complaintRate,
    });
    alerts.alarm(this, 'ApiServerErrors', {
      description: "The HTTP API answered 5xx: a webhook, an unsubscribe or an operator request failed. Stores retry webhooks; look at the functions' logs.",
      metric: props.api.metricServerError({ period: fiveMinutes, statistic: 'Sum' }),
      atLeast: 1,
    });
  }
}
