import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerKey } from '../../../functions/core/domain/keys.ts';
import { shopifyOrder } from '../../support/purchases.ts';
import { startTestRuntime, type TestRuntime } from '../../support/runtime.ts';
import { testConfig } from '../../support/stores.ts';

const START = '2026-11-23T15:00:00.000Z';
let rt: TestRuntime;

beforeAll(async () => {
  // An override with a misspelt variable: `templates check` would say so; if it is deployed anyway…
  const config = testConfig({
    templates: { 'thank-you': { en: [{ subject: 'Thanks', body: 'Hi {{ customer.frist_name }},\n\nHow is it going?\n\n{{ signer.name }}' }] } },
  });
  rt = await startTestRuntime({ clockStart: START, config });
});
afterAll(() => rt?.stop());

describe('a store template that cannot be rendered', () => {
  it('never sends a half-written note, and says why on the note', async () => {
    const buyer = 'typo@example.com';
    await rt.shopify('orders/create', shopifyOrder({ id: '9200001', email: buyer, at: START }));
    await rt.advance('P2D');
    expect((await rt.outbox()).filter((m: { to: string }) => m.to.includes(buyer))).toEqual([]);
    const [note] = (await rt.deps.customers.load(customerKey('northwind', buyer))).notes;
    expect(note).toMatchObject({ status: 'failed', reason: expect.stringMatching(/^template: .*frist_name/) });
    expect(rt.queue.deadLetters).toEqual([]);
  });
});
