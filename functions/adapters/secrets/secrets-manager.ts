/**
 * Secrets from AWS Secrets Manager, fetched on first use (never during a cold start's INIT) and
 * kept for five minutes, so a rotated secret is picked up without a deploy.
 */
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Clock, SecretProvider } from '../../core/ports.ts';

const KEEP_MS = 5 * 60_000;

export class SecretsManagerProvider implements SecretProvider {
  private readonly cache = new Map<string, { value: Promise<string>; until: number }>();

  constructor(
    private readonly client: SecretsManagerClient,
    private readonly options: { prefix: string; clock: Clock },
  ) {}

  get(name: string): Promise<string> {
    const now = this.options.clock.now().getTime();
    const cached = this.cache.get(name);
    if (cached && cached.until > now) return cached.value;
    const value = this.fetch(name);
    this.cache.set(name, { value, until: now + KEEP_MS });
    value.catch(() => this.cache.delete(name));
    return value;
  }

  private async fetch(name: string): Promise<string> {
    const out = await this.client.send(new GetSecretValueCommand({ SecretId: `${this.options.prefix}${name}` }));
    if (!out.SecretString) throw new Error(`secret ${name} has no string value`);
    return out.SecretString;
  }
}

/** Secrets of the local runtime: values from the config, overridden where the environment says. */
export class StaticSecretProvider implements SecretProvider {
  constructor(private readonly values: Record<string, string>) {}

  async get(name: string): Promise<string> {
    const value = this.values[name];
    if (value === undefined) throw new Error(`no local value for the secret ${name}`);
    return value;
  }
}
