/**
 * Loads the deployment config once: the copy bundled into a Lambda at synth time, else the
 * file named by FOLLOWUP_CONFIG, else the embedded default. A bad config stops the process
 * with a message naming each wrong field.
 */
import { readFileSync } from 'node:fs';
import { parseDeploymentConfig, ConfigError, type DeploymentConfig } from '../core/domain/store.ts';
import { DEFAULT_CONFIG } from './default-config.ts';
import { ENV } from './env-keys.ts';

/** Replaced by the bundler with the validated config of the deployment (see infra). */
declare const __FOLLOWUP_CONFIG__: unknown;

export function loadDeploymentConfig(env: NodeJS.ProcessEnv = process.env): DeploymentConfig {
  if (typeof __FOLLOWUP_CONFIG__ !== 'undefined') return parseDeploymentConfig(__FOLLOWUP_CONFIG__, 'bundled config');
  const path = env[ENV.config];
  if (!path) return parseDeploymentConfig(DEFAULT_CONFIG, 'embedded default config');
  return parseDeploymentConfig(readConfigFile(path), path);
}

export function readConfigFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read the config file ${path}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
}

/** A required runtime setting; its absence is a deployment mistake worth a clear message. */
export function requiredEnv(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name];
  if (!value) throw new ConfigError(`the environment variable ${name} must be set`);
  return value;
}
