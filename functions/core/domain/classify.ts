/**
 * What a customer's reply is about. The classifier lives in ../listening/; this module is the
 * name the rest of the core imports it by.
 */
export { CATEGORIES, classifyReply, type Category, type Classification, type ClassifyTrace } from '../listening/classify.ts';
export { describe } from '../listening/describe.ts';
export type { Finding, FindingKind, ReadLanguage } from '../listening/types.ts';
