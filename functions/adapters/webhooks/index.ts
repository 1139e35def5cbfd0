import type { Platform } from '../../core/domain/purchase.ts';
import { shopify } from './shopify.ts';
import { stripe } from './stripe.ts';
import type { PlatformAdapter } from './types.ts';
import { woocommerce } from './woocommerce.ts';

export type { Parsed, PlatformAdapter, Verification, WebhookRequest } from './types.ts';

const ADAPTERS: Record<Platform, PlatformAdapter> = { shopify, woocommerce, stripe };

export function adapterFor(platform: Platform): PlatformAdapter {
  return ADAPTERS[platform];
}
