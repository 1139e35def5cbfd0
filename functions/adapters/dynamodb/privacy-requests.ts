/**
 * Privacy requests in the table, and how the table's stream hands them to privacy-requests. The
 * filter is written once, as the event pattern Lambda's event source mapping applies in AWS
 * (infra), and is evaluated here for the local runtime's stream reader. A request is kept as
 * JSON: the stream's new image gives it back whole, and it is checked again when read.
 */
import { DeleteCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { dedupeDigest } from '../../core/domain/keys.ts';
import { PrivacyRequest } from '../../core/domain/privacy-request.ts';
import type { PrivacyRequestStore } from '../../core/ports.ts';
import { newImageOfType, passes } from './stream-filter.ts';
import { TTL_ATTRIBUTE } from './table-schema.ts';

export const PRIVACY_REQUEST_TYPE = 'privacy-request';

/** The event filter pattern: a record whose new image is a privacy request (not its removal). */
export const PRIVACY_REQUEST_PATTERN = newImageOfType(PRIVACY_REQUEST_TYPE);

/**
 * A request not done by then is dropped with the customer's address it holds: Shopify asks for
 * an erasure within 30 days, and a request failing that long has long been on the failures
 * queue's alarm.
 */
const KEEP_SECONDS = 30 * 86_400;

export class DynamoPrivacyRequestStore implements PrivacyRequestStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async submit(request: PrivacyRequest): Promise<void> {
    const expiresAt = Math.floor(Date.parse(request.receivedAt) / 1000) + KEEP_SECONDS;
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keyOf(request), type: PRIVACY_REQUEST_TYPE, request: JSON.stringify(request), [TTL_ATTRIBUTE]: expiresAt },
      }),
    );
  }

  async done(request: PrivacyRequest): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: keyOf(request) }));
  }
}

/** One item per delivery: `R#<store>#<digest of its first delivery key>`. */
function keyOf(request: PrivacyRequest) {
  return { pk: `R#${request.storeId}#${dedupeDigest(request.event.dedupeKeys[0]!)}`, sk: 'R' };
}

export const isPrivacyRequest = (record: DynamoDBRecord): boolean => passes(PRIVACY_REQUEST_PATTERN, record);

export interface RequestRecord {
  /** Null when the item does not hold a readable request. */
  request: PrivacyRequest | null;
  /** Where the stream resumes if the request fails. */
  sequenceNumber: string;
}

/** The privacy requests of a batch of records, in order. */
export function privacyRequestsIn(records: readonly DynamoDBRecord[]): RequestRecord[] {
  return records.filter(isPrivacyRequest).map((record) => ({
    request: readRequest(record.dynamodb?.NewImage?.request?.S),
    sequenceNumber: record.dynamodb?.SequenceNumber ?? '',
  }));
}

function readRequest(json: string | undefined): PrivacyRequest | null {
  if (json === undefined) return null;
  try {
    const parsed = PrivacyRequest.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
