/**
 * A batch of the table's stream handled in order, stopping at the first record that fails:
 * Lambda resumes the shard from that record (`batchItemFailures` names its sequence number), so
 * it and everything after it come again, still in order. The record handler only throws; the
 * batch's bookkeeping is here. (Powertools' batch processing goes on past a failed record,
 * which would let later changes overtake it.)
 */
import type { DynamoDBBatchResponse } from 'aws-lambda';

export async function inOrderUntilFailure<T extends { sequenceNumber: string }>(
  records: readonly T[],
  handle: (record: T) => Promise<void>,
  failed: (record: T, error: { name: string; message: string }) => void,
): Promise<DynamoDBBatchResponse> {
  for (const record of records) {
    try {
      await handle(record);
    } catch (error) {
      failed(record, { name: (error as Error).name, message: (error as Error).message });
      return { batchItemFailures: [{ itemIdentifier: record.sequenceNumber }] };
    }
  }
  return { batchItemFailures: [] };
}
