/**
 * The webhook secrets of the local runtime, resolved one way for the runtime and for
 * `followup trigger`: the config's `localSecrets` (the embedded default's, or FOLLOWUP_CONFIG's),
 * with the default store's secrets overridden by SHOPIFY_WEBHOOK_SECRET,
 * WOOCOMMERCE_WEBHOOK_SECRET and STRIPE_WEBHOOK_SECRET.
 */
import type { Platform } from '../core/domain/purchase.ts';
import type { DeploymentConfig, StoreConfig } from '../core/domain/store.ts';

export const SECRET_VARIABLES: Record<Platform, string> = {
  shopify: 'SHOPIFY_WEBHOOK_SECRET',
  woocommerce: 'WOOCOMMERCE_WEBHOOK_SECRET',
  stripe: 'STRIPE_WEBHOOK_SECRET',
};

/** The name of the secret a store signs this platform's webhooks with (Shopify: the first of a rotation). */
export function secretName(store: StoreConfig, platform: Platform): string | undefined {
  const connection = store.platforms[platform];
  if (!connection) return undefined;
  return 'secrets' in connection ? connection.secrets[0] : connection.secret;
}

/** Secret values by name, as the local runtime serves them. */
export function localSecretValues(config: DeploymentConfig, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const values = { ...config.localSecrets };
  const store = config.stores.find((s) => s.id === config.defaultStore)!;
  for (const platform of Object.keys(SECRET_VARIABLES) as Platform[]) {
    const name = secretName(store, platform);
    const value = env[SECRET_VARIABLES[platform]];
    if (name && value) values[name] = value;
  }
  return values;
}
