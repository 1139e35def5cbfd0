/**
 * Loads the deployment config for the local runtime, the command line and the CDK app: the
 * file named by FOLLOWUP_CONFIG, else the embedded default. A bad config stops the process with
 * a message naming each wrong field. (Lambda functions read the copy bundled into them instead;
 * see lambda/base.ts.)
 */
import { parseDeploymentConfig, type DeploymentConfig } from '../core/domain/store.ts';
import { readConfigFile } from './config-file.ts';
import { DEFAULT_CONFIG } from './default-config.ts';
import { ENV } from './env-keys.ts';

export function loadDeploymentConfig(env: NodeJS.ProcessEnv = process.env): DeploymentConfig {
  const path = env[ENV.config];
  if (!path) return parseDeploymentConfig(DEFAULT_CONFIG, 'embedded default config');
  return parseDeploymentConfig(readConfigFile(path), path);
}

export { readConfigFile, requiredEnv } from './config-file.ts';
