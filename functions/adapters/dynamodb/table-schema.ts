/**
 * The one table: its keys and its index, shared by the adapters, the local runtime (which
 * creates it on start) and the CDK stack (which declares it), so the three cannot drift.
 *
 * | item              | pk                          | sk          |
 * |-------------------|-----------------------------|-------------|
 * | order             | O#<store>#<platform>#<id>   | O           |
 * | customer profile  | C#<customerKey>             | P           |
 * | note              | C#<customerKey>             | N#<noteId>  |
 * | suppression       | S#<addressKey>              | ALL, U#<store> |
 * | webhook ledger    | W#<store>#<digest>          | W           |
 * | privacy request   | R#<store>#<digest>          | R           |
 * | inbound mail      | I#<mail id>                 | I           |
 * | console session   | L#<session id>              | L           |
 * | erasure record    | A#<store>                   | <time>#<id> |
 *
 * Items about a customer that live outside the customer's own partition (orders, escalations)
 * carry `customerRef` = the customer key: the sparse {@link CUSTOMER_INDEX} finds them all, so an
 * erasure or a data export misses none (unpaid orders included) without scanning the table.
 *
 * Work that falls due (notes, the end of a sender's lease, escalation deadlines) carries `duePk` =
 * `D#<shard>` and `dueSk` = ISO due time: a sparse, time-keyed index spread over
 * {@link DUE_SHARDS} partitions so that no partition runs hot, whatever the backlog. Notes that
 * wait for a person (a send whose outcome is unknown) sit in the same index under
 * `duePk` = `P#<store>`, `dueSk` = since when: the sweeper never reads those partitions, the
 * operator's list does.
 *
 * The customer profile carries the daily send slot (`lastSendAt`, `lastSendNote`), taken with a
 * conditional write just before a send so that two notes falling due together respect the cap.
 */
export const KEY = { pk: 'pk', sk: 'sk' } as const;
/**
 * The table's stream carries each change to an order to planning. New images are enough: the
 * planner works from the state as it is now, never from the difference.
 */
export const STREAM_VIEW = 'NEW_IMAGE' as const;
/** The item type whose changes the planner reads (stream event filter). */
export const PLANNED_ITEM_TYPE = 'order';
export const DUE_INDEX = { name: 'due', pk: 'duePk', sk: 'dueSk' } as const;
export const CUSTOMER_INDEX = { name: 'customer', pk: 'customerRef' } as const;
export const TTL_ATTRIBUTE = 'expiresAt';
export const DUE_SHARDS = 16;

export function dueShardKey(shard: number): string {
  return `D#${shard}`;
}

/** The index partition of a store's notes waiting for a person. */
export function waitingKey(storeId: string): string {
  return `P#${storeId}`;
}
