/**
 * The contract's webhook answers for topics followup does not act on: `200 {"status": "ignored"}`
 * for any signed delivery of one, whatever its body carries, and nothing stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from '../../support/runtime.ts';

let rt: TestRuntime;
beforeAll(async () => {
  rt = await startTestRuntime({ clockStart: '2026-11-23T14:00:00.000Z' });
});
afterAll(() => rt?.stop());

describe('a topic followup does not act on', () => {
  it('is ignored for a Stripe event of another type, however little it carries', async () => {
    const now = Math.floor(rt.clock.now().getTime() / 1000);
    const minimal = await rt.stripe({ id: 'evt_minimal', type: 'customer.created', data: { object: { id: 'cus_1' } } });
    expect(minimal).toMatchObject({ status: 200, body: { status: 'ignored' } });
    const whole = await rt.stripe({ id: 'evt_whole', object: 'event', type: 'invoice.paid', created: now, livemode: false, data: { object: { id: 'in_1' } } });
    expect(whole).toMatchObject({ status: 200, body: { status: 'ignored' } });
  });

  it('is ignored for a Shopify topic named like a property of every object', async () => {
    for (const topic of ['constructor', 'toString', '__proto__']) {
      expect(await rt.shopify(topic, { id: 1 }), topic).toMatchObject({ status: 200, body: { status: 'ignored' } });
    }
  });

  it('still needs a type and a good signature', async () => {
    expect(await rt.stripe({ id: 'evt_untyped', data: { object: {} } })).toMatchObject({ status: 400 });
    expect(await rt.stripe({ id: 'evt_other', type: 'customer.created' }, { secret: 'whsec_wrong' })).toMatchObject({ status: 401 });
  });

  it('changes nothing stored', async () => {
    const token = { authorization: `Bearer ${rt.operatorToken}` };
    expect(await (await fetch(`${rt.url}/api/scheduled`, { headers: token })).json()).toEqual({ items: [] });
    expect(await rt.outbox()).toEqual([]);
  });
});
