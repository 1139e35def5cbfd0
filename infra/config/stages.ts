/**
 * What differs between deployments of followup. Stacks and constructs receive a
 * {@link StageConfig}; only `infra/app.ts` decides which stage is being deployed.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { DeploymentConfig } from '../../functions/core/domain/store.ts';

export const STAGE_NAMES = ['dev', 'prod'] as const;
export type StageName = (typeof STAGE_NAMES)[number];

/** Per-stage settings, before the deployment config fills in the inbound domain. */
export interface StageSettings {
  /**
   * Region of both stacks. SES sending, SES receiving and the receipt rule's Lambda action must
   * share one region, and it must be one where SES receives mail (docs/deploy.md).
   */
  readonly sesRegion: string;
  /** What happens to the table, buckets, secrets and identities when the stack goes. */
  readonly removalPolicy: RemovalPolicy;
  /** DynamoDB deletion protection and CloudFormation termination protection of the data stack. */
  readonly protectData: boolean;
  /** Retention of every log group (functions, API access logs, custom resources). */
  readonly logRetention: RetentionDays;
  /** Who is told when a dead-letter queue is not empty; alarms still exist without it. */
  readonly alarmEmail?: string;
  /**
   * Most send-mail instances running at once (2–1000, the event source mapping's range). Each
   * handles a batch of 5 notes side by side (SEND_BATCH_SIZE), so this bounds the SES send rate.
   */
  readonly maxSendConcurrency: number;
  /** Steady-state requests per second and burst of the HTTP API's default stage. */
  readonly apiThrottle: { readonly rateLimit: number; readonly burstLimit: number };
  /** How long raw inbound mail stays in S3: it is personal data, kept no longer than needed. */
  readonly inboundMailRetention: Duration;
  /**
   * X-Ray active tracing of every function. Lambda traces the first request each second and 5 %
   * of the rest, which at a store's volumes is nearly every invocation: $5 per million traces,
   * about as much as all the rest of the infrastructure per order (bench section 9). On in dev;
   * in prod while investigating (`-c tracing=on`).
   */
  readonly tracing: boolean;
}

/** A stage ready to deploy: its settings plus what the deployment config decides. */
export interface StageConfig extends StageSettings {
  readonly name: StageName;
  /** Domain SES receives replies for (`reply+<token>@…`), from the deployment config. */
  readonly inboundDomain: string;
  /** Physical names the stacks must agree on without referencing each other. */
  readonly names: StageResourceNames;
}

export interface StageResourceNames {
  /** Secrets Manager names start with this; the functions read `<prefix><name>`. */
  readonly secretsPrefix: string;
  /** Name, under the prefix, of the secret that signs reply addresses and unsubscribe links. */
  readonly signingSecret: string;
  /** The data stack's bucket policy names the receipt rule in `aws:SourceArn` before it exists. */
  readonly receiptRuleSet: string;
  readonly receiptRule: string;
}

export const STAGES: Record<StageName, StageSettings> = {
  dev: {
    sesRegion: 'eu-west-1',
    removalPolicy: RemovalPolicy.DESTROY,
    protectData: false,
    logRetention: RetentionDays.ONE_WEEK,
    maxSendConcurrency: 2,
    apiThrottle: { rateLimit: 10, burstLimit: 20 },
    inboundMailRetention: Duration.days(30),
    tracing: true,
  },
  prod: {
    sesRegion: 'eu-west-1',
    removalPolicy: RemovalPolicy.RETAIN,
    protectData: true,
    logRetention: RetentionDays.ONE_MONTH,
    maxSendConcurrency: 5,
    apiThrottle: { rateLimit: 50, burstLimit: 100 },
    inboundMailRetention: Duration.days(30),
    tracing: false,
  },
};

export function isStageName(name: string): name is StageName {
  return (STAGE_NAMES as readonly string[]).includes(name);
}

/** The stage to deploy; `overrides` carries what the command line may change. */
export function stageConfig(
  name: string,
  deployment: DeploymentConfig,
  overrides: Partial<Pick<StageSettings, 'alarmEmail' | 'sesRegion' | 'tracing'>> = {},
): StageConfig {
  if (!isStageName(name)) throw new Error(`unknown stage "${name}": use one of ${STAGE_NAMES.join(', ')}`);
  const settings = { ...STAGES[name], ...definedOnly(overrides) };
  if (settings.maxSendConcurrency < 2 || settings.maxSendConcurrency > 1000) {
    throw new Error(`stage ${name}: maxSendConcurrency must be between 2 and 1000`);
  }
  return {
    ...settings,
    name,
    inboundDomain: deployment.inboundDomain,
    names: {
      secretsPrefix: `followup/${name}/`,
      signingSecret: 'signing-key',
      receiptRuleSet: `followup-${name}-inbound`,
      receiptRule: `followup-${name}-replies`,
    },
  };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
