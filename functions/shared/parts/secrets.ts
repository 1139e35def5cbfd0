/**
 * Secrets Manager, one part per kind of secret a function reads: the stores' webhook secrets,
 * the key that signs reply addresses and unsubscribe links, the operator's token. Each grants
 * reading those secrets only; all of a function's secrets come through one reader.
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { TokenSigner } from '../../core/domain/keys.ts';
import type { SecretProvider } from '../../core/ports.ts';
import { SecretsManagerProvider } from '../../adapters/secrets/secrets-manager.ts';
import { ENV } from '../env-keys.ts';
import type { BuildContext, Part } from './part.ts';

function reader(context: BuildContext): SecretProvider {
  return context.shared('secrets', () =>
    new SecretsManagerProvider(context.client('secretsmanager', (config) => new SecretsManagerClient(config)), {
      prefix: context.setting(ENV.secretsPrefix),
      clock: context.base.clock,
    }),
  );
}

/** The name (under the prefix) of the one secret that holds every store's webhook secrets. */
export const WEBHOOK_SECRETS = 'webhook-secrets';

/**
 * The stores' webhook secrets, by the names the config gives them, from the one secret that
 * holds them all (JSON). A name missing there is a deployment not finished: the delivery fails
 * loudly and the platform retries it, never checked against an empty key.
 */
export function storeWebhookSecrets(): Part<'storeWebhookSecrets', { read: 'store-webhooks' }, { secrets: SecretProvider }> {
  return {
    kind: 'storeWebhookSecrets',
    grant: { read: 'store-webhooks' },
    env: [ENV.secretsPrefix, ENV.webhookSecrets],
    build: (context) => {
      const all = reader(context);
      const name = context.setting(ENV.webhookSecrets);
      return {
        secrets: {
          get: async (key) => {
            const value: unknown = (JSON.parse(await all.get(name)) as Record<string, unknown>)[key];
            if (typeof value !== 'string' || value === '') throw new Error(`the webhook secret "${key}" is not set in ${name}`);
            return value;
          },
        },
      };
    },
  };
}

/** The signing key, read once per cold start. */
export function signingKey(): Part<'signingKey', { read: 'signing-key' }, { signer: TokenSigner }> {
  return {
    kind: 'signingKey',
    grant: { read: 'signing-key' },
    env: [ENV.secretsPrefix, ENV.signingSecret],
    build: async (context) => ({ signer: new TokenSigner(await reader(context).get(context.setting(ENV.signingSecret))) }),
  };
}

/** The operator's token, read on each request (kept a few minutes), so a rotation takes effect without a deploy. */
export function operatorToken(): Part<'operatorToken', { read: 'operator-token' }, { operatorToken(): Promise<string> }> {
  return {
    kind: 'operatorToken',
    grant: { read: 'operator-token' },
    env: [ENV.secretsPrefix, ENV.operatorTokenSecret],
    build: (context) => {
      const secrets = reader(context);
      const name = context.setting(ENV.operatorTokenSecret);
      return { operatorToken: () => secrets.get(name) };
    },
  };
}
