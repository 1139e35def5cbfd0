/**
 * Finding everything held about a customer, and deleting it. A customer's profile, notes and
 * messages share their partition (`C#<customer key>`); their conversations sit in the store's
 * partition under a prefix of their key (`V#<store>`, `V#<customer key>.…`); their orders and
 * escalations live in other partitions and carry `customerRef`, which the sparse customer index
 * finds. Orders from before
 * the index existed are found by reference: the profile's counted orders, the notes' orders and
 * the orders a request names.
 */
import { PutCommand, QueryCommand, ScanCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { HeldItem } from '../../core/domain/customer-data.ts';
import { orderRef, Platform } from '../../core/domain/purchase.ts';
import type { ErasureRecord, PrivacyStore, StoreHoldings } from '../../core/ports.ts';
import { batchDeleteAll, batchGetAll } from './batch.ts';
import { toEscalation } from './escalation-store.ts';
import { isConditionFailure } from './expression.ts';
import { conversationPk, conversationSk, customerPk, digestPk, escalationPk, toNote, toProfile } from './items.ts';
import { orderFromItem, orderKey } from './order-store.ts';
import { CUSTOMER_INDEX } from './table-schema.ts';

type Item = Record<string, unknown>;

/** Items that belong to a customer: they go with the customer (through `gather`), not with the store. */
const CUSTOMER_TYPES = new Set(['customer', 'note', 'message', 'order', 'escalation', 'conversation']);

/** Attributes that are the table's machinery, not something held about the customer. */
const MACHINERY = new Set(['pk', 'sk', 'duePk', 'dueSk', CUSTOMER_INDEX.pk, 'queueToken', 'claimToken', 'seen', 'version']);

export class DynamoPrivacyStore implements PrivacyStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async gather(storeId: string, customerKey: string | null, orderRefs: string[]): Promise<HeldItem[]> {
    const own = customerKey ? await this.query({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': customerPk(customerKey) }, ConsistentRead: true }) : [];
    const conversations = customerKey
      ? await this.query({
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': conversationPk(storeId), ':prefix': conversationSk(`${customerKey}.`) },
          ConsistentRead: true,
        })
      : [];
    const indexed = customerKey
      ? await this.query({ IndexName: CUSTOMER_INDEX.name, KeyConditionExpression: `${CUSTOMER_INDEX.pk} = :c`, ExpressionAttributeValues: { ':c': customerKey } })
      : [];
    // Orders the index may not know (written before it), named by the profile, the notes or the request.
    const refs = new Set(orderRefs);
    for (const item of own) {
      if (item.type === 'customer') (item.countedOrders as Set<string> | undefined)?.forEach((r) => refs.add(r));
      if (item.type === 'note') Object.keys((item.orders as Item | undefined) ?? {}).forEach((r) => refs.add(r));
    }
    const keys = new Map<string, Item>();
    for (const k of [...indexed.map((i) => ({ pk: i.pk, sk: i.sk })), ...[...refs].map((r) => orderKey(storeId, r))]) keys.set(keyOf(k), k);
    const others = keys.size ? await batchGetAll(this.db, this.tableName, [...keys.values()]) : [];
    return [...own, ...conversations, ...others.filter((i) => i.storeId === storeId)].flatMap((i) => held(i) ?? []);
  }

  async storeHoldings(storeId: string): Promise<StoreHoldings> {
    const customers = new Set<string>();
    const orders: StoreHoldings['orders'] = [];
    const storeKeys: string[] = [];
    let start: Item | undefined;
    do {
      const out = await this.db.send(
        new ScanCommand({
          TableName: this.tableName,
          // The store's own partitions too: reminder slots there name people but carry no store id.
          FilterExpression: 'storeId = :store OR pk IN (:escalations, :conversations, :digest)',
          ExpressionAttributeValues: { ':store': storeId, ':escalations': escalationPk(storeId), ':conversations': conversationPk(storeId), ':digest': digestPk(storeId) },
          ProjectionExpression: 'pk, sk, #type, platform, orderId, customerKey',
          ExpressionAttributeNames: { '#type': 'type' },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of out.Items ?? []) {
        const customerKey = typeof item.customerKey === 'string' ? item.customerKey : null;
        if (customerKey && CUSTOMER_TYPES.has(String(item.type))) customers.add(customerKey);
        if (item.type === 'order') {
          const platform = Platform.parse(item.platform);
          orders.push({ ref: orderRef(platform, String(item.orderId)), platform, customerKey });
        }
        if (!CUSTOMER_TYPES.has(String(item.type)) && item.type !== 'erasure') storeKeys.push(keyOf(item));
      }
      start = out.LastEvaluatedKey;
    } while (start);
    return { customerKeys: [...customers], orders, storeKeys };
  }

  async erase(keys: string[], mailIds: string[]): Promise<void> {
    const received = mailIds.map((id) => ({ pk: `I#${id}`, sk: 'I' }));
    await batchDeleteAll(this.db, this.tableName, [...received, ...keys.map(parseKey)]);
  }

  async dropOrdersFromNote(customerKey: string, noteId: string, refs: string[]): Promise<void> {
    if (refs.length === 0) return;
    // Each map key is its own name: a reference holds ':' and digits, never a path.
    const names: Record<string, string> = { '#orders': 'orders' };
    const paths = refs.map((r, i) => {
      names[`#r${i}`] = r;
      return `#orders.#r${i}`;
    });
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: customerPk(customerKey), sk: `N#${noteId}` },
        UpdateExpression: `REMOVE ${paths.join(', ')}`,
        ExpressionAttributeNames: names,
        ConditionExpression: 'attribute_exists(pk)',
      }),
    ).catch((error: Error) => {
      // The note went meanwhile: nothing left to take out.
      if (!isConditionFailure(error)) throw error;
    });
  }

  async record(entry: ErasureRecord): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: `A#${entry.storeId}`, sk: `${entry.at}#${entry.customerKey ?? 'orders'}#${entry.scope}`, type: 'erasure', ...entry },
      }),
    );
  }

  private async query(input: Omit<ConstructorParameters<typeof QueryCommand>[0], 'TableName'>): Promise<Item[]> {
    const items: Item[] = [];
    let start: Item | undefined;
    do {
      const out = await this.db.send(new QueryCommand({ TableName: this.tableName, ...input, ExclusiveStartKey: start }));
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }
}

function keyOf(item: Item): string {
  return `${String(item.pk)}\n${String(item.sk)}`;
}

function parseKey(key: string): { pk: string; sk: string } {
  const i = key.indexOf('\n');
  return { pk: key.slice(0, i), sk: key.slice(i + 1) };
}

/** One stored item as the privacy use cases see it; items that are no customer data are left out. */
function held(item: Item): HeldItem | null {
  const base = { key: keyOf(item), data: exported(item) };
  switch (item.type) {
    case 'customer':
      return { ...base, kind: 'profile', profile: toProfile(item) };
    case 'note':
      return { ...base, kind: 'note', note: toNote(item) };
    case 'message':
      return {
        ...base,
        kind: 'message',
        noteId: String(item.noteId),
        direction: item.direction === 'out' ? 'out' : 'in',
        mailId: typeof item.mailId === 'string' ? item.mailId : null,
      };
    case 'conversation':
      return { ...base, kind: 'conversation', noteId: String(item.noteId) };
    case 'order':
      return { ...base, kind: 'order', order: orderFromItem(item), payloadKeys: [...((item.payloadKeys as Set<string> | undefined) ?? [])] };
    case 'escalation':
      return { ...base, kind: 'escalation', escalation: toEscalation(item) };
    case 'inbound':
      // In a customer's partition only a message kept by its Message-ID (receive-mail's copies).
      return { ...base, kind: 'received', noteId: String(item.noteId) };
    default:
      return null;
  }
}

/** The item's fields without the table's machinery, sets as lists: what the customer's export shows. */
function exported(item: Item): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(item)) {
    if (MACHINERY.has(name)) continue;
    out[name] = value instanceof Set ? [...value] : value;
  }
  return out;
}
