/** The two S3 calls the adapters share: read an object that may be gone, delete many keys. */
import { DeleteObjectsCommand, GetObjectCommand, NoSuchKey, type S3Client } from '@aws-sdk/client-s3';

/** The object's bytes, or null when there is no such key. */
export async function objectOrNull(s3: S3Client, bucket: string, key: string): Promise<Buffer | null> {
  try {
    const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return out.Body ? Buffer.from(await out.Body.transformToByteArray()) : null;
  } catch (error) {
    if (error instanceof NoSuchKey) return null;
    throw error;
  }
}

/** Deletes every key (absent ones too: S3 counts that as done), 1,000 per call as S3 allows. */
export async function deleteKeys(s3: S3Client, bucket: string, keys: string[]): Promise<void> {
  for (let i = 0; i < keys.length; i += 1000) {
    const batch = keys.slice(i, i + 1000);
    const out = await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } }));
    if (out.Errors?.length) throw new Error(`${out.Errors.length} objects could not be deleted: ${out.Errors[0]!.Code}`);
  }
}
