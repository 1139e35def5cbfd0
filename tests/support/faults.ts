/**
 * Fault injection at the edge of each service the pipeline calls, driven by the test.
 *
 * `CallFaults` is a middleware on AWS SDK clients' stacks (every DynamoDB client of the runtime:
 * each function's own and the runtime's; a document client shares its stack with its base
 * client, so every store's call passes through one of them): it records the calls made, counted
 * across the clients, and fails the n-th call of a given command once, either before it
 * reaches the engine or after the engine did its work (the answer is lost, as on a timeout).
 * The SDK's own retries sit after it and never see the fault: it stands for a call that failed
 * for good.
 */
import type { MiddlewareStack } from '@smithy/types';

export type FaultMode = 'before' | 'after';

export interface Call {
  command: string;
  /** The n-th call of this command since recording began. */
  n: number;
  /** What it touched: the index, or the kinds of key (`C#…/N#…` → `C/N`). */
  on: string;
}

export const WRITE_COMMANDS = new Set(['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'BatchWriteItemCommand', 'TransactWriteItemsCommand']);

/** A call of a recorded run to fail, and how. */
export interface FaultStep extends Call {
  modes: FaultMode[];
}

/**
 * The steps of a recorded run: every change (failed before it is applied, and after, its answer
 * lost), and each kind of read between two changes once (a run's many reads of one kind of item
 * between two writes fail the same way).
 */
export function faultSteps(calls: readonly Call[], changes: ReadonlySet<string> = WRITE_COMMANDS): FaultStep[] {
  const seen = new Set<string>();
  const steps: FaultStep[] = [];
  let written = 0;
  for (const call of calls) {
    if (changes.has(call.command)) {
      written += 1;
      steps.push({ ...call, modes: ['before', 'after'] });
    } else if (!seen.has(`${call.command} ${call.on} ${written}`)) {
      seen.add(`${call.command} ${call.on} ${written}`);
      steps.push({ ...call, modes: ['before'] });
    }
  }
  return steps;
}

export class InjectedFault extends Error {
  override name = 'InternalServerError';
}

export class CallFaults {
  readonly calls: Call[] = [];
  private counts = new Map<string, number>();
  private armed: { command: string; n: number; mode: FaultMode } | null = null;
  fired = 0;

  constructor(clients: { middlewareStack: MiddlewareStack<any, any> } | ReadonlyArray<{ middlewareStack: MiddlewareStack<any, any> }>) {
    for (const client of 'middlewareStack' in clients ? [clients] : clients) this.watch(client);
  }

  private watch(client: { middlewareStack: MiddlewareStack<any, any> }): void {
    client.middlewareStack.add(
      (next: any, context: any) => async (args: any) => {
        const command = String(context.commandName);
        const n = (this.counts.get(command) ?? 0) + 1;
        this.counts.set(command, n);
        this.calls.push({ command, n, on: touched(args.input) });
        const fault = this.armed && this.armed.command === command && this.armed.n === n ? this.armed : null;
        if (fault) this.armed = null;
        if (fault?.mode === 'before') {
          this.fired += 1;
          throw new InjectedFault(`injected: ${command} #${n} failed before reaching the engine`);
        }
        const result = await next(args);
        if (fault?.mode === 'after') {
          this.fired += 1;
          throw new InjectedFault(`injected: ${command} #${n} done, but its answer was lost`);
        }
        return result;
      },
      { step: 'initialize', name: 'testCallFaults', override: true },
    );
  }

  /** Starts counting afresh: the n of `failOnce` counts from here. */
  reset(): void {
    this.calls.length = 0;
    this.counts.clear();
    this.armed = null;
    this.fired = 0;
  }

  failOnce(command: string, n: number, mode: FaultMode): void {
    this.reset();
    this.armed = { command, n, mode };
  }
}

function touched(input: Record<string, any>): string {
  if (input.IndexName) return `index ${input.IndexName}`;
  const key = input.Key ?? input.Item;
  const kind = (v: unknown) => String(v ?? '').split('#')[0];
  if (key) return `${kind(key.pk)}/${kind(key.sk)}`;
  if (input.KeyConditionExpression) return `query ${kind(Object.values(input.ExpressionAttributeValues ?? {})[0])}`;
  if (input.RequestItems) return 'batch';
  return 'other';
}
