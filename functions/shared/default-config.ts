/**
 * The embedded default deployment: one demo store, "Northwind Home", connected to all three
 * platforms, so that `npm start` runs the whole pipeline with nothing to configure. Its secrets
 * are local-only values; the contract's variables override them.
 */
import type { DeploymentConfigInput } from '../core/domain/store.ts';

export const DEFAULT_CONFIG = {
  defaultStore: 'northwind',
  inboundDomain: 'in.northwind.example',
  publicBaseUrl: 'http://localhost:3000',
  stores: [
    {
      id: 'northwind',
      name: 'Northwind Home',
      timeZone: 'America/New_York',
      language: 'en',
      currency: 'USD',
      highValueAt: 250,
      persona: { name: 'Sarah', role: 'Customer care', email: 'sarah@northwind.example' },
      senior: { name: 'Tom', role: 'Owner', email: 'tom@northwind.example' },
      platforms: {
        shopify: { secrets: ['northwind/shopify'] },
        woocommerce: { secret: 'northwind/woocommerce' },
        stripe: { secret: 'northwind/stripe' },
      },
      // A development store's orders are test orders; follow them up so the pipeline can be tried.
      includeTestOrders: true,
    },
  ],
  localSecrets: {
    'northwind/shopify': 'local-shopify-secret',
    'northwind/woocommerce': 'local-woocommerce-secret',
    'northwind/stripe': 'whsec_local_stripe_secret',
  },
} satisfies DeploymentConfigInput;
