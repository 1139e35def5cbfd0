/**
 * What every deployed function starts from: the deployment config bundled into it at synth
 * time, the real clock, a logger, and the runtime settings of its environment.
 */
import { ConfigError, parseDeploymentConfig, type DeploymentConfig } from '../../core/domain/store.ts';
import { systemClock } from '../clock.ts';
import { readConfigFile } from '../config-file.ts';
import { ENV } from '../env-keys.ts';
import { JsonLogger, logLevel } from '../observability.ts';
import { baseParts, type BaseParts } from '../parts.ts';

/** Replaced by the bundler with the validated config of the deployment (infra/bundling.ts). */
declare const __FOLLOWUP_CONFIG__: unknown;

function bundledConfig(env: NodeJS.ProcessEnv): DeploymentConfig {
  if (typeof __FOLLOWUP_CONFIG__ !== 'undefined') return parseDeploymentConfig(__FOLLOWUP_CONFIG__, 'bundled config');
  const path = env[ENV.config];
  if (path) return parseDeploymentConfig(readConfigFile(path), path);
  throw new ConfigError(`no deployment config: the bundle defines none and ${ENV.config} is not set`);
}

export interface LambdaBase extends BaseParts {
  env: NodeJS.ProcessEnv;
  region: string;
}

export function lambdaBase(env: NodeJS.ProcessEnv = process.env): LambdaBase {
  const config = bundledConfig(env);
  const publicBaseUrl = env[ENV.publicBaseUrl];
  const logger = new JsonLogger({
    service: env.AWS_LAMBDA_FUNCTION_NAME ?? 'followup',
    level: logLevel(env[ENV.logLevel]),
    clock: systemClock,
  });
  return {
    ...baseParts(publicBaseUrl ? { ...config, publicBaseUrl } : config, systemClock, logger),
    env,
    region: env.AWS_REGION ?? 'us-east-1',
  };
}
