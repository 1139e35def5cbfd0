/** What both adapters do to erase: delete any number of keys. */
import type { S3Objects } from './s3-objects.ts';

/** Deletes every key (absent ones too: S3 counts that as done), 1,000 per call as S3 allows. */
export async function deleteKeys(s3: S3Objects, bucket: string, keys: string[]): Promise<void> {
  for (let i = 0; i < keys.length; i += 1000) {
    const errors = await s3.deleteMany(bucket, keys.slice(i, i + 1000));
    if (errors.length) throw new Error(`${errors.length} objects could not be deleted: ${errors[0]!.code}`);
  }
}
