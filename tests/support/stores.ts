/** Store configs for tests, built from the embedded default so that they stay valid. */
import { parseDeploymentConfig, type DeploymentConfig, type StoreConfig } from '../../functions/core/domain/store.ts';
import { DEFAULT_CONFIG } from '../../functions/shared/default-config.ts';

type StoreOverrides = Partial<Record<keyof StoreConfig, unknown>>;

export function testConfig(overrides: StoreOverrides = {}, extraStores: StoreOverrides[] = []): DeploymentConfig {
  const base = DEFAULT_CONFIG.stores[0];
  return parseDeploymentConfig({
    ...DEFAULT_CONFIG,
    stores: [{ ...base, ...overrides }, ...extraStores.map((s) => ({ ...base, ...s }))],
  });
}

export function testStore(overrides: StoreOverrides = {}): StoreConfig {
  return testConfig(overrides).stores[0]!;
}
