/**
 * The contract's webhook answers for topics followup does not act on: `200 {"status": "ignored"}`
 * for any signed delivery of one, whatever its body carries, and nothing stored; and Stripe's
 * signature tolerance, locally on either the virtual or the real time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stripeCheckout } from '../../support/purchases.ts';
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

describe('a Stripe signature, in the local runtime', () => {
  const checkout = (n: number) =>
    stripeCheckout({ eventId: `evt_contract_${n}`, paymentIntent: `pi_contract_${n}`, email: `stripe-${n}@example.com`, name: 'Ana Ruiz', at: rt.clock.now().toISOString() });
  const realSeconds = () => Math.floor(Date.now() / 1000);

  it('is accepted within the tolerance of the real time, days away from the virtual clock (Stripe’s own tooling)', async () => {
    expect(Math.abs(realSeconds() - rt.clock.now().getTime() / 1000)).toBeGreaterThan(86_400);
    expect(await rt.stripe(checkout(1), { t: realSeconds() - 60 })).toMatchObject({ status: 200, body: { status: 'accepted' } });
  });

  it('is refused outside the tolerance of both', async () => {
    const answer = await rt.stripe(checkout(2), { t: realSeconds() - 3_600 });
    expect(answer.status).toBe(401);
    expect(answer.body.error).toMatch(/timestamp/);
    expect(await rt.deps.orders.get('northwind', 'stripe', 'pi_contract_2')).toBeNull();
  });
});
