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

/** The webhook secrets of every store of the deployment, read by name when a delivery comes. */
export function storeWebhookSecrets(): Part<'storeWebhookSecrets', { read: 'store-webhooks' }, { secrets: SecretProvider }> {
  return { kind: 'storeWebhookSecrets', grant: { read: 'store-webhooks' }, env: [ENV.secretsPrefix], build: (context) => ({ secrets: reader(context) }) };
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
