/** Secrets Manager, for the functions that check webhook signatures or sign links. */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SecretsManagerProvider } from '../../adapters/secrets/secrets-manager.ts';
import { ENV } from '../env-keys.ts';
import { secretParts } from '../parts.ts';
import type { LambdaBase } from './base.ts';

export function lambdaSecrets(base: LambdaBase) {
  const provider = new SecretsManagerProvider(new SecretsManagerClient({ region: base.region }), {
    prefix: base.env[ENV.secretsPrefix] ?? '',
    clock: base.clock,
  });
  return secretParts(provider, base.env[ENV.signingSecret] ?? 'signing-key');
}
