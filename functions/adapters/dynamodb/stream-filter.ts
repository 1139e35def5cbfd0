/**
 * Which of the table's stream records a function reads: written once, as the event pattern
 * Lambda's event source mapping applies in AWS (infra), and evaluated here for the local
 * runtime's stream readers, so both read the same records.
 */
import type { DynamoDBRecord } from 'aws-lambda';

export interface NewImagePattern {
  readonly dynamodb: { readonly NewImage: { readonly type: { readonly S: readonly string[] } } };
}

/** The pattern of records whose new image is an item of one of these types (a removal has none). */
export function newImageOfType(...types: string[]): NewImagePattern {
  return { dynamodb: { NewImage: { type: { S: types } } } };
}

/** Whether the record passes the pattern, as the event source mapping decides it. */
export function passes(pattern: NewImagePattern, record: DynamoDBRecord): boolean {
  const type = record.dynamodb?.NewImage?.type?.S;
  return type !== undefined && pattern.dynamodb.NewImage.type.S.includes(type);
}
