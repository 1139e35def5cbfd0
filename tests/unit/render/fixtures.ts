/** Shared set-up for the render tests: the demo store, note contexts, the shipped templates. */
import { fileURLToPath } from 'node:url';
import type { NoteContext } from '../../../functions/core/domain/note.ts';
import { signerFor } from '../../../functions/core/domain/note-context.ts';
import type { LineItem } from '../../../functions/core/domain/purchase.ts';
import {
  StoreConfig,
  parseDeploymentConfig,
  type DeploymentConfig,
  type StoreConfigInput,
} from '../../../functions/core/domain/store.ts';
import { DEFAULT_CONFIG } from '../../../functions/shared/default-config.ts';

export const TEMPLATES_DIR = fileURLToPath(new URL('../../../templates/', import.meta.url));

export const config: DeploymentConfig = parseDeploymentConfig(DEFAULT_CONFIG);
export const store: StoreConfig = config.stores[0]!;

/** The demo store with some fields changed (a template override, the loyalty signer, …). */
export function storeWith(changes: Partial<StoreConfigInput>): StoreConfig {
  return StoreConfig.parse({ ...DEFAULT_CONFIG.stores[0], ...changes });
}

export function lineItem(title: string, more: Partial<LineItem> = {}): LineItem {
  return { title, variant: null, quantity: 1, sku: null, productId: null, unitPriceMinor: 4900, ...more };
}

type ContextChanges = Partial<Omit<NoteContext, 'customer'>> & { customer?: Partial<NoteContext['customer']> };

/** A check-in for a first-time customer, Emma, who bought a linen duvet cover. */
export function noteContext(changes: ContextChanges = {}, forStore: StoreConfig = store): NoteContext {
  const customer: NoteContext['customer'] = {
    firstName: 'Emma',
    orderCount: 1,
    yearsSinceFirstOrder: 0,
    segment: 'first-order',
    hadResolvedProblem: false,
    ...changes.customer,
  };
  return {
    storeId: forStore.id,
    storeName: forStore.name,
    stage: 'check-in',
    language: 'en',
    variantSeed: 'customer-1\nnote-1',
    orders: [
      {
        name: '#1042',
        items: [lineItem('Linen Duvet Cover - Queen / Sage', { variant: 'Queen / Sage' })],
        totalMinor: 4900,
        currency: 'USD',
        highValue: false,
        stage: 'delivered',
        fulfillment: 'delivered',
      },
    ],
    signer: signerFor(forStore, customer.segment),
    ...changes,
    customer,
  };
}

/** A loyal customer: seven orders over three years. */
export const LONG_TIME = { orderCount: 7, yearsSinceFirstOrder: 3, segment: 'long-time' } as const;
