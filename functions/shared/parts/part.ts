/**
 * What a function is built from: its parts. Every function gets the {@link Base} (config,
 * clock, logger, links); beyond that it names the parts it uses in its declaration
 * (`functions/<name>/function.ts`): the table, the send queue, the inbound mail, a secret, SES
 * sending, the templates. A part carries what it grants (infra turns it into IAM statements,
 * the local runtime into an access check on the clients it hands the function), the
 * environment variables it reads, and how it is built from them. Lambda and the local runtime
 * build the same parts; only the {@link Environment} differs.
 */
import type { DeploymentConfig } from '../../core/domain/store.ts';
import type { Clock } from '../../core/ports.ts';
import type { EnvKey } from '../env-keys.ts';
import type { JsonLogger } from '../observability.ts';
import type { Base } from './base.ts';

/** The AWS services a part may call, by the name SigV4 signs them with. */
export type AwsService = 'dynamodb' | 'sqs' | 's3' | 'secretsmanager' | 'ses';

/** What every AWS SDK v3 client is made with here. */
export interface AwsClientConfig {
  region: string;
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/** Any AWS SDK v3 client: what the local runtime needs to put its access check on it. */
export interface AwsClient {
  middlewareStack: { add(middleware: never, options: never): void };
  destroy(): void;
}

/** Where a function runs: in Lambda (lambda.ts) or in the local runtime (functions/local). */
export interface Environment {
  config: DeploymentConfig;
  clock: Clock;
  /**
   * Local only: the machine's time beside the virtual clock, for the one check that also takes it
   * (a Stripe signature made by Stripe's own tooling, after the virtual clock has moved).
   */
  realClock?: Clock;
  logger: JsonLogger;
  /** The region SES and every other service are called in. */
  region: string;
  /** The function's environment variables. */
  variables: Readonly<Record<string, string | undefined>>;
  /** Settings of every client (locally: an endpoint and credentials of the local engines). */
  clientConfig(service: AwsService): AwsClientConfig;
  /** Called on each client made (locally: the access check of the function's declaration). */
  prepare?(client: AwsClient, service: AwsService): void;
}

export interface BuildContext {
  base: Base;
  /** A variable the part declared; a missing one was refused before any part was built. */
  setting(name: EnvKey): string;
  /** One client per service and function. */
  client<C extends AwsClient>(service: AwsService, make: (config: AwsClientConfig) => C): C;
  /** One value per function for parts that share it (one secrets reader for every secret). */
  shared<T>(key: string, make: () => T): T;
}

export interface Part<Kind extends string = string, Grant = unknown, Built = unknown> {
  readonly kind: Kind;
  /** What the function may do with it: the source of its IAM statements and of the local access check. */
  readonly grant: Grant;
  /** The environment variables it reads, all required. */
  readonly env: readonly EnvKey[];
  build(context: BuildContext): Built | Promise<Built>;
}

type BuiltOf<P> = P extends Part<string, unknown, infer B> ? B : never;
type Intersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/** Everything a function built from these parts holds. */
export type Built<Parts extends readonly Part[]> = Base & Intersection<BuiltOf<Parts[number]>>;
