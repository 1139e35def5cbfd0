import { describe, expect, it } from 'vitest';
import { adapterFor } from '../../../functions/adapters/webhooks/index.ts';
import { PLATFORMS } from '../../../functions/core/domain/purchase.ts';

describe('adapterFor', () => {
  it.each(PLATFORMS)('gives the %s adapter', (platform) => {
    const adapter = adapterFor(platform);
    expect(adapter.platform).toBe(platform);
    expect(typeof adapter.verify).toBe('function');
    expect(typeof adapter.parse).toBe('function');
  });
});
