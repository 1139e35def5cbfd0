/**
 * Erases a customer of one store: Shopify's customers/redact, or a person of the store acting on
 * a request that came another way (the operator API and console), whatever the platform.
 *
 * 1. Find everything held: the customer named by address, and any other customer key the named
 *    orders belong to (an address changed on the order); the orders named.
 * 2. Decide what goes (core/domain/customer-data.ts): all of it, or what came from one platform.
 * 3. Delete the raw mail and files first, then adjust what stays (counts, a note's orders, an open
 *    escalation), then the items. A failure half-way leaves what is not done yet findable, so
 *    running it again finishes the job; the caller records completion only after it returns.
 * 4. Keep a record of the erasure: who asked, when, what scope, how many of each kind.
 */
import { countsOf, eraseAll, eraseFromPlatform, exportKey, itemsOf, type ErasurePlan, type HeldItem } from '../domain/customer-data.ts';
import { customerKey as deriveCustomerKey } from '../domain/keys.ts';
import type { Platform } from '../domain/purchase.ts';
import type { StoreConfig } from '../domain/store.ts';
import type { Clock, CustomerStore, FileStore, Logger, PrivacyStore, RawMailStore } from '../ports.ts';

export interface EraseDeps {
  privacy: PrivacyStore;
  customers: CustomerStore;
  rawMail: RawMailStore;
  files: FileStore;
  clock: Clock;
  logger: Logger;
}

export interface EraseRequest {
  store: StoreConfig;
  /** The customer's address, when known (Shopify may send only order ids). */
  email: string | null;
  /** `platform:id` references of orders to erase with them. */
  orderRefs: string[];
  /** Everything, or what came from one platform. */
  scope: 'all' | Platform;
  /** Who asked, for the record. */
  by: string;
}

export interface EraseResult {
  customers: number;
  counts: Record<string, number>;
}

export async function eraseCustomer(deps: EraseDeps, request: EraseRequest): Promise<EraseResult> {
  const { store } = request;
  const primary = request.email ? deriveCustomerKey(store.id, request.email) : null;
  const first = await deps.privacy.gather(store.id, primary, request.orderRefs);
  const others = new Set(itemsOf(first, 'order').flatMap((o) => (o.order.customerKey && o.order.customerKey !== primary ? [o.order.customerKey] : [])));
  const groups: Array<{ customerKey: string | null; items: HeldItem[] }> = [{ customerKey: primary, items: first }];
  for (const key of others) groups.push({ customerKey: key, items: await deps.privacy.gather(store.id, key, []) });

  const total: Record<string, number> = {};
  for (const group of groups) {
    const counts = await carryOut(deps, { ...request, customerKey: group.customerKey }, group.items);
    for (const [kind, n] of Object.entries(counts)) total[kind] = (total[kind] ?? 0) + n;
  }
  return { customers: groups.length, counts: total };
}

/** Erases one customer's items as the scope decides, and records it. */
export async function carryOut(
  deps: EraseDeps,
  request: Pick<EraseRequest, 'store' | 'scope' | 'by'> & { customerKey: string | null },
  items: HeldItem[],
): Promise<Record<string, number>> {
  const { store, customerKey } = request;
  const exports = customerKey ? [exportKey(store.id, customerKey)] : [];
  const plan = request.scope === 'all' ? eraseAll(items, exports) : eraseFromPlatform(items, request.scope, exports);
  await apply(deps, store.id, customerKey, plan);
  const counts = countsOf(plan);
  const at = deps.clock.now().toISOString();
  await deps.privacy.record({ storeId: store.id, at, customerKey, scope: request.scope, by: request.by, counts });
  deps.logger.info('customer data erased', { storeId: store.id, customerKey, scope: request.scope, ...counts });
  return counts;
}

async function apply(deps: EraseDeps, storeId: string, customerKey: string | null, plan: ErasurePlan): Promise<void> {
  await deps.rawMail.erase(plan.mailIds);
  await deps.files.delete(plan.fileKeys);
  if (customerKey) {
    for (const order of plan.uncount) {
      if (!order.snapshot) continue;
      await deps.customers.uncountOrder({
        customerKey,
        storeId,
        orderRef: `${order.platform}:${order.orderId}`,
        totalMinor: order.snapshot.totalMinor,
        currency: order.snapshot.currency,
      });
    }
    for (const note of plan.notesToTrim) await deps.privacy.dropOrdersFromNote(customerKey, note.noteId, note.refs);
    if (plan.closeEscalation) await deps.customers.closeEscalation(customerKey, plan.closeEscalation.id, deps.clock.now().toISOString());
  }
  await deps.privacy.erase(
    plan.items.map((i) => i.key),
    plan.mailIds,
  );
}
