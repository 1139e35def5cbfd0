/** Reads a deployment config file; a missing file or bad JSON is named in the error. */
import { readFileSync } from 'node:fs';
import { ConfigError } from '../core/errors.ts';

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
