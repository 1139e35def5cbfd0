/**
 * How a deployed function starts: its parts are built from its declaration and its Lambda
 * environment on the first invocation of a cold start, and kept for every later one. The
 * deployment config is the one bundled into it at synth time (infra/bundling.ts).
 */
import type { Context } from 'aws-lambda';
import type { DeploymentConfig } from '../core/domain/store.ts';
import { ConfigError } from '../core/errors.ts';
import { systemClock } from './clock.ts';
import type { FunctionDeclaration, PartsOf } from './declaration.ts';
import { ENV } from './env-keys.ts';
import { JsonLogger, logLevel } from './observability.ts';
import { buildParts } from './parts/build.ts';
import type { Environment } from './parts/part.ts';

/**
 * Replaced by the bundler with the deployment config as the synth validated it, defaults filled
 * in (infra/bundling.ts): the function's own artefact, not input. Checking it again here would
 * cost every cold start the building of the config's schemas, some 15 ms.
 */
declare const __FOLLOWUP_CONFIG__: DeploymentConfig | undefined;

function bundledConfig(): DeploymentConfig {
  if (typeof __FOLLOWUP_CONFIG__ === 'undefined') throw new ConfigError('no deployment config: this handler runs from a bundle built by infra/bundling.ts');
  return __FOLLOWUP_CONFIG__;
}

/** Lambda's side: the real clock, the region and credentials Lambda gives every function. */
export function lambdaEnvironment(name: string, variables: NodeJS.ProcessEnv = process.env): Environment {
  const region = variables.AWS_REGION;
  if (!region) throw new ConfigError(`${name}: AWS_REGION must be set (Lambda sets it)`);
  return {
    config: bundledConfig(),
    clock: systemClock,
    logger: new JsonLogger({ service: variables.AWS_LAMBDA_FUNCTION_NAME ?? name, level: logLevel(variables[ENV.logLevel]), clock: systemClock }),
    region,
    variables,
    clientConfig: () => ({ region }),
  };
}

type Handler<E, R> = (event: E, context: Context) => Promise<R>;

/**
 * The exported `handler` of a function: `make` receives the parts once they are built. A build
 * that fails (a secret not readable yet) is tried again on the next invocation.
 */
export function lambdaHandler<D extends FunctionDeclaration, E, R>(declaration: D, make: (parts: PartsOf<D>) => Handler<E, R>): Handler<E, R> {
  let ready: Promise<Handler<E, R>> | undefined;
  return async (event, context) => {
    if (!ready) {
      ready = buildParts(declaration, lambdaEnvironment(declaration.name)).then(make);
      ready.catch(() => (ready = undefined));
    }
    return (await ready)(event, context);
  };
}
