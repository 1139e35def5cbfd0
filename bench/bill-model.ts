/**
 * The bill: the measured usage of an order, an email and a reply, priced at list prices
 * (prices.ts), for a store with 1,000, 10,000 and 100,000 orders a month, with the fixed part
 * (what a month costs with no order at all) apart. Counts come from the measurement; Lambda's
 * billed time is modelled from the calls each invocation made (prices.ts says how).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { loadDeploymentConfig } from '../functions/shared/config.ts';
import { DECLARATIONS, type FunctionName } from '../functions/shared/functions.ts';
import type { AwsService } from '../functions/shared/parts/part.ts';
import { PROJECT_ROOT } from '../infra/bundling.ts';
import { stageConfig } from '../infra/config/stages.ts';
import { DataStack } from '../infra/stacks/data-stack.ts';
import { PipelineStack } from '../infra/stacks/pipeline-stack.ts';
import type { BillMeasurement, Owner, PhaseUsage } from './bill.ts';
import { COLD_START, IDLE, LATENCY_MS, LOG_MONTHS_STORED, PLATFORM_LOG_BYTES, PRICES } from './prices.ts';

/** One customer in twenty answers (the cost model's 5 %): the measurement's share, made explicit. */
export const REPLIES_PER_ORDER = 0.05;
export const VOLUMES = [1_000, 10_000, 100_000] as const;

export type Line =
  | 'Lambda requests'
  | 'Lambda duration (arm64)'
  | 'DynamoDB writes'
  | 'DynamoDB reads'
  | 'SQS requests'
  | 'SES outbound'
  | 'SES inbound'
  | 'S3 requests'
  | 'Secrets Manager calls'
  | 'SNS (SES events)'
  | 'API Gateway (HTTP API)'
  | 'CloudWatch Logs'
  | 'X-Ray traces';

export type Costs = Partial<Record<Line, number>>;

export interface Unit {
  /** Per one of it: an order, an email, a reply. */
  invocations: number;
  billedMs: number;
  gbSeconds: number;
  readUnits: number;
  writeUnits: number;
  costs: Costs;
}

export interface Bill {
  perOrder: Unit;
  perEmail: Unit;
  perReply: Unit;
  emailsPerOrder: number;
  /** Variable cost of 1,000 orders, by line, all services in. */
  per1000: Costs;
  per1000Total: number;
  /** The same with SES's Essentials price for outbound mail. */
  per1000Essentials: number;
  fixed: { lines: Record<string, number>; total: number; alarms: number; secrets: number };
  /** Whether the priced stage traces its functions with X-Ray (prod does not by default). */
  traced: boolean;
  months: Array<{ orders: number; fixed: number; variable: number; total: number; perThousand: number }>;
}

const memoryGb = (fn: FunctionName) => (DECLARATIONS.find((d) => d.name === fn)?.memoryMb ?? 1024) / 1024;
const sum = (values: Iterable<number>) => [...values].reduce((a, b) => a + b, 0);

function callsOf(phase: PhaseUsage, owner: Owner, service?: AwsService, except?: string): number {
  const services = phase.calls[owner] ?? {};
  return sum(
    Object.entries(services)
      .filter(([s]) => !service || s === service)
      .flatMap(([, commands]) => Object.entries(commands ?? {}).filter(([c]) => c !== except).map(([, n]) => n)),
  );
}

/**
 * The sweeper runs every minute whatever is due (the fixed part pays for its invocations and its
 * queries over the due index); what an email adds to it is marking the note and queueing it.
 * Locally the virtual clock sweeps at every due time instead, so its invocations there are no
 * measure of anything billed.
 */
const RUNS_ON_A_SCHEDULE: readonly FunctionName[] = ['sweep-due'];

/**
 * Functions an event source mapping feeds in batches. Locally the runtime hands them whatever
 * has piled up; at a store's volumes (an order every few minutes at most) each stream record and
 * each queue message is an invocation of its own, and that is what is billed here.
 */
const ONE_RECORD_EACH: readonly FunctionName[] = ['plan-follow-ups', 'send-mail', 'privacy-requests'];

/** What `count` of a thing cost, from the phase that made them. */
function unitOf(phase: PhaseUsage, count: number, extra: { sesInbound?: boolean; traced: boolean }): Unit {
  const per = (value: number) => value / count;
  let invocations = 0;
  let billedMs = 0;
  let gbSeconds = 0;
  let logBytes = 0;
  for (const [fn, invoked] of Object.entries(phase.invocations) as Array<[FunctionName, number]>) {
    const scheduled = RUNS_ON_A_SCHEDULE.includes(fn);
    const n = scheduled ? 0 : ONE_RECORD_EACH.includes(fn) ? (phase.records[fn] ?? invoked) : invoked;
    const calledMs = (Object.keys(LATENCY_MS) as Array<keyof typeof LATENCY_MS>)
      .filter((s): s is AwsService => s !== 'base')
      .reduce((total, s) => total + callsOf(phase, fn, s, scheduled && s === 'dynamodb' ? 'Query' : undefined) * LATENCY_MS[s], 0);
    const ms = n * LATENCY_MS.base + calledMs + n * COLD_START.share * COLD_START.initMs;
    invocations += n;
    billedMs += ms;
    gbSeconds += (ms / 1000) * memoryGb(fn);
    logBytes += (phase.logBytes[fn] ?? 0) + n * PLATFORM_LOG_BYTES;
  }
  // The sweeper's queries over the due index are the fixed part's (it runs every minute anyway).
  const owners = Object.keys(phase.units) as Owner[];
  const readUnits = sum(owners.filter((o) => o !== 'runtime' && o !== 'sweep-due').map((o) => phase.units[o]!.read));
  const writeUnits = sum(owners.filter((o) => o !== 'runtime').map((o) => phase.units[o]!.write));
  const sendMailInvocations = phase.records['send-mail'] ?? phase.invocations['send-mail'] ?? 0;
  const sqsRequests = sum(DECLARATIONS.map((d) => callsOf(phase, d.name, 'sqs'))) + 2 * sendMailInvocations; // + the mapping's receive and delete
  const s3Requests = callsOf(phase, 'receive-mail', 's3');
  const costs: Costs = {
    'Lambda requests': per(invocations) * PRICES.lambda.request,
    'Lambda duration (arm64)': per(gbSeconds) * PRICES.lambda.gbSecond,
    'DynamoDB writes': per(writeUnits) * PRICES.dynamodb.writeUnit,
    'DynamoDB reads': per(readUnits) * PRICES.dynamodb.readUnit,
    'SQS requests': per(sqsRequests) * PRICES.sqs.request,
    'SES outbound': per(phase.emails) * PRICES.ses.outbound,
    'SES inbound': extra.sesInbound
      ? per(phase.inboundMails) * PRICES.ses.inboundMail + per(Math.max(phase.inboundMails, Math.ceil(phase.inboundBytes / (256 * 1024)))) * PRICES.ses.inboundChunk
      : 0,
    // SES's receipt rule puts each mail, receive-mail gets it; 30 days of storage are a rounding error.
    'S3 requests': per(phase.inboundMails) * PRICES.s3.put + per(s3Requests) * PRICES.s3.get,
    'Secrets Manager calls': per(sum(DECLARATIONS.map((d) => callsOf(phase, d.name, 'secretsmanager')))) * PRICES.secretsManager.call,
    'SNS (SES events)': per(phase.sesEvents) * PRICES.sns.publish,
    'API Gateway (HTTP API)': per(phase.httpRequests) * PRICES.apiGateway.httpRequest,
    'CloudWatch Logs': (per(logBytes) / 1024 ** 3) * (PRICES.cloudWatch.logsGb + LOG_MONTHS_STORED * PRICES.cloudWatch.logsStoredGbMonth),
    // Active tracing samples about every invocation at these volumes (1 a second, then 5 %).
    'X-Ray traces': extra.traced ? per(invocations) * PRICES.xray.trace : 0,
  };
  return { invocations: per(invocations), billedMs: per(billedMs), gbSeconds: per(gbSeconds), readUnits: per(readUnits), writeUnits: per(writeUnits), costs };
}

/** Alarms and secrets of the deployment as synthesized (prod stage, the deployment config in use). */
export function deployedFixtures(): { alarms: number; secrets: number; everyMinute: number; traced: boolean } {
  const cdkJson = JSON.parse(readFileSync(join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  const app = new App({ context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] } });
  const deployment = loadDeploymentConfig(process.env);
  const stage = stageConfig('prod', deployment);
  const env = { region: stage.sesRegion };
  const data = new DataStack(app, 'Data', { env, stage, deployment });
  new PipelineStack(app, 'Pipeline', { env, stage, deployment, data });
  const resources = app.synth().stacks.flatMap((s) => Object.values((s.template as { Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }> }).Resources));
  const count = (type: string, match: (p: Record<string, unknown>) => boolean = () => true) => resources.filter((r) => r.Type === type && match(r.Properties ?? {})).length;
  return {
    alarms: count('AWS::CloudWatch::Alarm'),
    secrets: count('AWS::SecretsManager::Secret'),
    everyMinute: count('AWS::Events::Rule', (p) => p.ScheduleExpression === 'rate(1 minute)'),
    traced: count('AWS::Lambda::Function', (p) => (p.TracingConfig as { Mode?: string } | undefined)?.Mode === 'Active') > 0,
  };
}

export function priceBill(m: BillMeasurement, fixtures = deployedFixtures()): Bill {
  const traced = fixtures.traced;
  const perOrder = unitOf(m.phases.orders, m.orders, { traced });
  const perEmail = unitOf(m.phases.emails, m.emailsSent, { traced });
  const perReply = unitOf(m.phases.replies, m.replies, { sesInbound: true, traced });
  const emailsPerOrder = m.emailsSent / m.orders;
  const lines = new Set([...Object.keys(perOrder.costs), ...Object.keys(perEmail.costs), ...Object.keys(perReply.costs)] as Line[]);
  const per1000: Costs = {};
  for (const line of lines) {
    per1000[line] = 1000 * ((perOrder.costs[line] ?? 0) + emailsPerOrder * (perEmail.costs[line] ?? 0) + REPLIES_PER_ORDER * (perReply.costs[line] ?? 0));
  }
  const per1000Total = sum(Object.values(per1000));
  const essentialsExtra = 1000 * emailsPerOrder * (PRICES.ses.outboundEssentials - PRICES.ses.outbound);

  const sweepGbSeconds = IDLE.sweepsPerMonth * fixtures.everyMinute * (IDLE.sweepMs / 1000) * memoryGb('sweep-due');
  const fixedLines = {
    [`Secrets Manager (${fixtures.secrets} secrets)`]: fixtures.secrets * PRICES.secretsManager.secretMonth,
    [`CloudWatch alarms (${fixtures.alarms})`]: fixtures.alarms * PRICES.cloudWatch.alarmMonth,
    'sweeper: Lambda (every minute)':
      IDLE.sweepsPerMonth * PRICES.lambda.request +
      sweepGbSeconds * PRICES.lambda.gbSecond +
      ((IDLE.sweepsPerMonth * PLATFORM_LOG_BYTES) / 1024 ** 3) * PRICES.cloudWatch.logsGb +
      (traced ? IDLE.sweepsPerMonth * PRICES.xray.trace : 0),
    'sweeper: DynamoDB (empty due queries)': IDLE.sweepsPerMonth * IDLE.sweepQueries * IDLE.readUnitsPerEmptyQuery * PRICES.dynamodb.readUnit,
    'SQS: the send queue polled while empty': IDLE.sqsPollsPerMonth * PRICES.sqs.request,
  };
  const fixed = sum(Object.values(fixedLines));
  return {
    perOrder,
    perEmail,
    perReply,
    emailsPerOrder,
    per1000,
    per1000Total,
    per1000Essentials: per1000Total + essentialsExtra,
    fixed: { lines: fixedLines, total: fixed, alarms: fixtures.alarms, secrets: fixtures.secrets },
    traced,
    months: VOLUMES.map((orders) => {
      const variable = (orders / 1000) * per1000Total;
      return { orders, fixed, variable, total: fixed + variable, perThousand: ((fixed + variable) / orders) * 1000 };
    }),
  };
}
