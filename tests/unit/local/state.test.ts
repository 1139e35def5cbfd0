import { describe, expect, it } from 'vitest';
import { LocalState } from '../../../functions/local/state.ts';

describe('the local runtime’s generated tokens', () => {
  it('never start with a dash, so `--token <token>` is never read as another option', async () => {
    const state = new LocalState(null);
    // One token in 64 would start with "-" by chance: among 2,000, some would.
    const tokens = await Promise.all(Array.from({ length: 2_000 }, () => state.secret('operator-token', 24)));
    expect(tokens.filter((t) => t.startsWith('-'))).toEqual([]);
    expect(new Set(tokens).size).toBe(tokens.length);
    expect(tokens.every((t) => /^[A-Za-z0-9_-]{32}$/.test(t))).toBe(true);
  });
});
