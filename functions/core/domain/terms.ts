/**
 * The terms the whole domain shares: the languages notes are written in, the stages of a
 * follow-up, the segments of customers. A module of their own, small, so that loading them does
 * not build the deployment config's schemas (store.ts), which a deployed function never needs:
 * its config was validated when it was bundled.
 */
import * as z from '../zod.ts';

export const LANGUAGES = ['en', 'de', 'fr', 'es'] as const;
export const Language = z.enum(LANGUAGES);
export type Language = z.infer<typeof Language>;

export const STAGES = ['thank-you', 'shipped', 'check-in'] as const;
export const Stage = z.enum(STAGES);
export type Stage = z.infer<typeof Stage>;

export const SEGMENTS = ['first-order', 'returning', 'long-time'] as const;
export const Segment = z.enum(SEGMENTS);
export type Segment = z.infer<typeof Segment>;
