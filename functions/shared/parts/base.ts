/**
 * The part every function has: the deployment config, the clock, a logger, the links mail
 * points at, and the one rule for the Message-ID SES gives a message.
 */
import type { DeploymentConfig, StoreConfig } from '../../core/domain/store.ts';
import type { Clock, Links } from '../../core/ports.ts';
import { sesMessageIdHeader } from '../../adapters/ses/message-id.ts';
import { ENV } from '../env-keys.ts';
import type { JsonLogger } from '../observability.ts';
import type { Environment } from './part.ts';

export interface Base {
  config: DeploymentConfig;
  store(id: string): StoreConfig | undefined;
  clock: Clock;
  /** Local only: the machine's time, which a Stripe signature may be within instead (see Environment). */
  realClock?: Clock;
  logger: JsonLogger;
  links: Links;
  /** The Message-ID header SES puts on the message it accepted under this id. */
  messageIdFor(sesMessageId: string): string;
}

export function buildBase(environment: Environment): Base {
  // A deployment without a custom domain gets the API's own URL here (infra sets it).
  const publicBaseUrl = environment.variables[ENV.publicBaseUrl] ?? environment.config.publicBaseUrl;
  const config = { ...environment.config, publicBaseUrl };
  const stores = new Map(config.stores.map((s) => [s.id, s]));
  return {
    config,
    store: (id) => stores.get(id),
    clock: environment.clock,
    ...(environment.realClock && { realClock: environment.realClock }),
    logger: environment.logger,
    links: { inboundDomain: config.inboundDomain, publicBaseUrl: publicBaseUrl.replace(/\/$/, '') },
    messageIdFor: (id) => sesMessageIdHeader(id, environment.region),
  };
}
