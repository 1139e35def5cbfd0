/**
 * What the bucket's lifecycle rules do in AWS, for the local data folder: raw mail past its
 * store's retention, whole payloads past the store's order retention, data exports after a month.
 * Runs whenever the virtual clock moves. (DynamoDB Local never deletes expired items, so the
 * table behaves as a slow TTL does: items carry their expiry and stay readable.)
 */
import { NO_STORE } from '../adapters/s3/raw-mail-bucket.ts';
import { EXPORT_DAYS, longestRawMailDays, retentionDays, UNMATCHED_MAIL_DAYS } from '../core/domain/retention.ts';
import type { DeploymentConfig } from '../core/domain/store.ts';
import type { FileFolder } from './file-folder.ts';
import type { RawMailFolder } from './raw-mail-folder.ts';

export function retentionSweep(config: DeploymentConfig, rawMail: RawMailFolder, files: FileFolder): (now: Date) => Promise<void> {
  const stores = new Map(config.stores.map((s) => [s.id, s.retention]));
  const longest = longestRawMailDays(config.stores);
  const mailDays = (label: string | null) => {
    if (label === NO_STORE) return UNMATCHED_MAIL_DAYS;
    const retention = label === null ? undefined : stores.get(label);
    return retention ? retentionDays(retention, 'rawMail') : longest;
  };
  return async (now) => {
    await rawMail.sweep(now, mailDays);
    for (const [id, retention] of stores) await files.sweep(`payloads/${id}/`, now, retentionDays(retention, 'orders'));
    await files.sweep('exports/', now, EXPORT_DAYS);
  };
}
