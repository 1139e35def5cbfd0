/**
 * What a use case is called with in its own tests: the stores of a fresh table on the run's
 * DynamoDB Local, a clock fixed where the test puts it, the demo deployment, a logger that keeps
 * its lines for the test to read, the signing key, raw mail and files kept in memory, and a
 * mailer that keeps what it was given.
 */
import { randomBytes } from 'node:crypto';
import { adapterFor } from '../../functions/adapters/webhooks/index.ts';
import type { OrderEvent } from '../../functions/core/domain/purchase.ts';
import { TokenSigner } from '../../functions/core/domain/keys.ts';
import type { DeploymentConfig } from '../../functions/core/domain/store.ts';
import type { Mailer, OutgoingMail } from '../../functions/core/ports.ts';
import { FileFolder } from '../../functions/local/file-folder.ts';
import { RawMailFolder } from '../../functions/local/raw-mail-folder.ts';
import { VirtualClock } from '../../functions/shared/clock.ts';
import { JsonLogger } from '../../functions/shared/observability.ts';
import { buildBase } from '../../functions/shared/parts/base.ts';
import { tableStores } from '../../functions/shared/parts/all-stores.ts';
import { testTable, type TestTable } from './dynamo.ts';
import { shopifyHeaders } from './sign-webhook.ts';
import { testConfig } from './stores.ts';

export async function useCaseParts(options: { at: string; config?: DeploymentConfig }) {
  const table: TestTable = await testTable();
  const clock = new VirtualClock(new Date(options.at));
  const lines: Array<Record<string, unknown>> = [];
  const sent: OutgoingMail[] = [];
  const logger = new JsonLogger({ service: 'test', level: 'debug', clock, write: (line) => lines.push(JSON.parse(line) as Record<string, unknown>) });
  const base = buildBase({
    config: options.config ?? testConfig(),
    clock,
    logger,
    region: 'us-east-1',
    variables: {},
    clientConfig: () => ({ region: 'us-east-1' }),
  });
  return {
    ...base,
    ...tableStores(table.client, table.tableName, { stores: base.config.stores, clock }),
    clock,
    signer: new TokenSigner(randomBytes(32).toString('base64url')),
    rawMail: new RawMailFolder(null, clock),
    files: new FileFolder(null, clock),
    mailer: {
      sent,
      send: async (mail: OutgoingMail) => {
        sent.push(mail);
        return { sesMessageId: `use-case-${sent.length}`, messageId: `<use-case-${sent.length}@test>` };
      },
    } satisfies Mailer & { sent: OutgoingMail[] },
    lines,
    /** The table itself, for what no store reads back (an item's expiry). */
    table,
    close: () => table.client.destroy(),
  };
}

/** A Shopify delivery as the intake reads it: the canonical order event. */
export function shopifyOrderEvent(topic: string, payload: unknown): OrderEvent {
  const body = Buffer.from(JSON.stringify(payload));
  const parsed = adapterFor('shopify').parse({ headers: shopifyHeaders(topic, body, 'unused'), rawBody: body });
  if (parsed.kind !== 'event' || parsed.event.kind !== 'order') throw new Error(`not an order event: ${JSON.stringify(parsed)}`);
  return parsed.event;
}
