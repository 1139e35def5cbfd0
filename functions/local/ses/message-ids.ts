import { randomUUID } from 'node:crypto';

/**
 * Ids shaped like real ones: 16 hex digits (a Region-dependent prefix and the accept time in
 * milliseconds), a UUID and `-000000`. Nothing should parse them; the shape only keeps length
 * and character-set assumptions honest.
 */
export function sesMessageId(region: string, acceptedAt: Date): string {
  const prefix = { 'us-east-1': '0100', 'us-west-2': '0101', 'eu-west-1': '0102' }[region] ?? '0100';
  return `${prefix}${acceptedAt.getTime().toString(16).padStart(12, '0')}-${randomUUID()}-000000`;
}
