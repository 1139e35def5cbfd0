import { describe, expect, it } from 'vitest';
import { buildFollowup } from './support.ts';

// cdk-nag 3 makes synth throw on any finding that is not acknowledged with a reason.
describe('cdk-nag AwsSolutions', () => {
  it.each(['dev', 'prod'] as const)('finds nothing unacknowledged in the %s stage', (stage) => {
    const { app } = buildFollowup({ stage, nag: true });
    expect(() => app.synth()).not.toThrow();
  });
});
