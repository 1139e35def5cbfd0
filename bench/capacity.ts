/**
 * Write and read units as DynamoDB reports them. A middleware on a client's stack (the local
 * runtime's document client shares its stack with the base client, so every store's command
 * passes through it) asks each command for `ReturnConsumedCapacity: 'INDEXES'` and adds up the
 * `ConsumedCapacity` of the answer, per kind of request: which operation, on which item type.
 *
 * A conditional write that fails answers ConditionalCheckFailedException without any
 * ConsumedCapacity (in DynamoDB as in DynamoDB Local), although DynamoDB bills it: at least one
 * write unit, by the size of the item it checked. Those are counted apart, with an estimate
 * from the item that `ReturnValuesOnConditionCheckFailure` sends back, when there is one.
 */
import type { MiddlewareStack } from '@smithy/types';

interface Capacity {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
  Table?: { CapacityUnits?: number; ReadCapacityUnits?: number; WriteCapacityUnits?: number };
  GlobalSecondaryIndexes?: Record<string, { CapacityUnits?: number; ReadCapacityUnits?: number; WriteCapacityUnits?: number }>;
}

export interface CategoryTotals {
  calls: number;
  /** Calls whose answer carried ConsumedCapacity. */
  reported: number;
  /** Calls whose answer broke the units down by index. */
  withIndexes: number;
  tableUnits: number;
  indexUnits: number;
  failedConditional: number;
  /** Estimated units of the failed conditional writes: ⌈size of the checked item / 1 KB⌉. */
  failedEstimate: number;
  /** Failed conditional writes whose item size was not known (estimated as 1 unit each). */
  failedUnknownSize: number;
}

export interface MeterSnapshot {
  /** Category ("UpdateItem order", "Query due index" …) → totals. */
  categories: Record<string, CategoryTotals & { kind: 'read' | 'write' }>;
  /** SDK command name → how many answers reported capacity, with and without the index split. */
  support: Record<string, { calls: number; reported: number; withIndexes: number; failed: number }>;
}

const WRITE_COMMANDS = new Set(['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'BatchWriteItemCommand', 'TransactWriteItemsCommand']);

export class CapacityMeter {
  private categories = new Map<string, CategoryTotals & { kind: 'read' | 'write' }>();
  private started = 0;
  private inFlight = 0;
  private support = new Map<string, { calls: number; reported: number; withIndexes: number; failed: number }>();

  /** Adds the middleware to a client's stack (idempotent per stack). */
  attach(client: { middlewareStack: MiddlewareStack<any, any> }): void {
    client.middlewareStack.add(
      (next: any, context: any) => async (args: any) => {
        const command = String(context.commandName ?? 'UnknownCommand');
        const input = { ...args.input, ReturnConsumedCapacity: 'INDEXES' };
        const category = categorize(command, input);
        const kind = WRITE_COMMANDS.has(command) ? 'write' : 'read';
        this.started += 1;
        this.inFlight += 1;
        try {
          const result = await next({ ...args, input });
          this.record(command, category, kind, result?.output?.ConsumedCapacity);
          return result;
        } catch (error) {
          if ((error as Error)?.name === 'ConditionalCheckFailedException') {
            this.recordFailed(command, category, kind, (error as { Item?: Record<string, unknown> }).Item);
          }
          throw error;
        } finally {
          this.inFlight -= 1;
        }
      },
      { step: 'initialize', name: 'benchCapacityMeter', override: true },
    );
  }

  /**
   * Resolves once no command has started or been in flight for `quietMs`: work the runtime does
   * after answering (an asynchronous planner, SES events) lands in the window it belongs to.
   * Returns how long after the call the last command ended (0 when all was quiet already).
   * The quiet period itself is not counted.
   */
  async settle(quietMs = 300, maxMs = 30_000): Promise<number> {
    const start = performance.now();
    let lastActivity = start;
    let seen = this.started;
    let busy = this.inFlight > 0;
    while (performance.now() - start < maxMs) {
      await new Promise((r) => setTimeout(r, 25));
      if (this.started !== seen || this.inFlight > 0) {
        seen = this.started;
        busy = true;
        lastActivity = performance.now();
      } else if (performance.now() - lastActivity >= quietMs) break;
    }
    return busy ? lastActivity - start : 0;
  }

  reset(): void {
    this.categories.clear();
    this.support.clear();
  }

  snapshot(): MeterSnapshot {
    return {
      categories: Object.fromEntries([...this.categories].map(([k, v]) => [k, { ...v }])),
      support: Object.fromEntries([...this.support].map(([k, v]) => [k, { ...v }])),
    };
  }

  private totals(category: string, kind: 'read' | 'write') {
    let t = this.categories.get(category);
    if (!t) {
      t = { kind, calls: 0, reported: 0, withIndexes: 0, tableUnits: 0, indexUnits: 0, failedConditional: 0, failedEstimate: 0, failedUnknownSize: 0 };
      this.categories.set(category, t);
    }
    return t;
  }

  private supportOf(command: string) {
    let s = this.support.get(command);
    if (!s) this.support.set(command, (s = { calls: 0, reported: 0, withIndexes: 0, failed: 0 }));
    return s;
  }

  private record(command: string, category: string, kind: 'read' | 'write', consumed: Capacity | Capacity[] | undefined): void {
    const t = this.totals(category, kind);
    const s = this.supportOf(command);
    t.calls += 1;
    s.calls += 1;
    const list = consumed === undefined ? [] : Array.isArray(consumed) ? consumed : [consumed];
    if (list.length === 0) return;
    t.reported += 1;
    s.reported += 1;
    let split = false;
    for (const c of list) {
      const total = units(c);
      const indexes = Object.values(c.GlobalSecondaryIndexes ?? {}).reduce((sum, i) => sum + units(i), 0);
      const table = c.Table ? units(c.Table) : total - indexes;
      if (c.Table || c.GlobalSecondaryIndexes) split = true;
      t.tableUnits += table;
      t.indexUnits += indexes;
    }
    if (split) {
      t.withIndexes += 1;
      s.withIndexes += 1;
    }
  }

  private recordFailed(command: string, category: string, kind: 'read' | 'write', item: Record<string, unknown> | undefined): void {
    const t = this.totals(category, kind);
    const s = this.supportOf(command);
    t.calls += 1;
    t.failedConditional += 1;
    s.calls += 1;
    s.failed += 1;
    if (item) t.failedEstimate += Math.max(1, Math.ceil(itemSize(item) / 1024));
    else {
      t.failedEstimate += 1;
      t.failedUnknownSize += 1;
    }
  }
}

function units(c: { CapacityUnits?: number; ReadCapacityUnits?: number; WriteCapacityUnits?: number }): number {
  return c.CapacityUnits ?? (c.ReadCapacityUnits ?? 0) + (c.WriteCapacityUnits ?? 0);
}

/** A key attribute's string, whether the input is still native (document client) or marshalled. */
function str(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && 'S' in value) return String((value as { S: unknown }).S);
  return '';
}

/** The item type of a key, after table-schema.ts. */
export function itemType(pk: string, sk: string): string {
  if (pk.startsWith('O#')) return 'order';
  if (pk.startsWith('C#')) {
    if (sk === 'P') return 'customer profile';
    if (sk.startsWith('N#')) return 'note';
    if (sk.startsWith('M#')) return 'message';
    return 'customer item';
  }
  if (pk.startsWith('S#')) return 'suppression';
  if (pk.startsWith('W#')) return 'webhook ledger';
  if (pk.startsWith('I#')) return 'inbound mail';
  return 'other item';
}

/** Which transition of a note an UpdateItem makes, from its update expression (see note-store.ts). */
function noteTransition(update: string): string {
  if (/^SET #queueToken = /.test(update)) return 'note → queued (sweeper)';
  if (/#claimToken = /.test(update) && /#leaseUntil = /.test(update)) return 'note → sending (claim)';
  if (/#attemptClaim = /.test(update)) return 'note: attempt recorded';
  if (/#sesMessageId = /.test(update) && /#subject = /.test(update)) return 'note → sent (record)';
  if (/#sesMessageId = /.test(update)) return 'note → sent (SES Send event)';
  if (/#orders = /.test(update)) return 'note (replan)';
  return 'note (other update)';
}

export function categorize(command: string, input: Record<string, any>): string {
  const op = command.replace(/Command$/, '');
  switch (command) {
    case 'PutItemCommand':
      return `${op} ${itemType(str(input.Item?.pk), str(input.Item?.sk))}`;
    case 'UpdateItemCommand': {
      const type = itemType(str(input.Key?.pk), str(input.Key?.sk));
      return `${op} ${type === 'note' ? noteTransition(String(input.UpdateExpression ?? '')) : type}`;
    }
    case 'GetItemCommand':
    case 'DeleteItemCommand':
      return `${op} ${itemType(str(input.Key?.pk), str(input.Key?.sk))}`;
    case 'QueryCommand': {
      if (input.IndexName) return `${op} ${input.IndexName} index`;
      const values = Object.values(input.ExpressionAttributeValues ?? {}).map(str);
      const pk = values.find((v) => /^[A-Z]#/.test(v)) ?? '';
      return `${op} ${pk.startsWith('C#') ? 'customer partition' : pk.startsWith('S#') ? 'suppressions' : 'other'}`;
    }
    case 'BatchGetItemCommand': {
      const keys = Object.values(input.RequestItems ?? {}).flatMap((r: any) => r.Keys ?? []);
      const types = new Set(keys.map((k: any) => itemType(str(k.pk), str(k.sk))));
      return `${op} ${[...types].join('+') || 'nothing'}`;
    }
    default:
      return op;
  }
}

/** Item size as DynamoDB counts it (attribute names plus values), from marshalled attributes. */
export function itemSize(item: Record<string, unknown>): number {
  let size = 0;
  for (const [name, value] of Object.entries(item)) size += Buffer.byteLength(name) + valueSize(value);
  return size;
}

function valueSize(value: unknown): number {
  const v = value as Record<string, any>;
  if (!v || typeof v !== 'object') return 0;
  if ('S' in v) return Buffer.byteLength(String(v.S));
  if ('N' in v) return Math.ceil(String(v.N).replace(/[^0-9]/g, '').length / 2) + 1;
  if ('B' in v) return (v.B as Uint8Array).length ?? 0;
  if ('BOOL' in v || 'NULL' in v) return 1;
  if ('SS' in v) return (v.SS as string[]).reduce((s, x) => s + Buffer.byteLength(x), 0);
  if ('NS' in v) return (v.NS as string[]).reduce((s, x) => s + Math.ceil(x.length / 2) + 1, 0);
  if ('BS' in v) return (v.BS as Uint8Array[]).reduce((s, x) => s + x.length, 0);
  if ('M' in v) return 3 + Object.entries(v.M as Record<string, unknown>).reduce((s, [k, x]) => s + Buffer.byteLength(k) + valueSize(x) + 1, 0);
  if ('L' in v) return 3 + (v.L as unknown[]).reduce((s: number, x) => s + valueSize(x) + 1, 0);
  return 0;
}

/** Sums of one snapshot's categories, optionally filtered. */
export function sumUnits(snapshot: MeterSnapshot, filter: (category: string, kind: 'read' | 'write') => boolean = () => true) {
  const sum = { calls: 0, tableUnits: 0, indexUnits: 0, units: 0, failedConditional: 0, failedEstimate: 0 };
  for (const [category, t] of Object.entries(snapshot.categories)) {
    if (!filter(category, t.kind)) continue;
    sum.calls += t.calls;
    sum.tableUnits += t.tableUnits;
    sum.indexUnits += t.indexUnits;
    sum.units += t.tableUnits + t.indexUnits;
    sum.failedConditional += t.failedConditional;
    sum.failedEstimate += t.failedEstimate;
  }
  return sum;
}
