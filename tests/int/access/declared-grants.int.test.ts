/**
 * The local runtime hands each function clients that allow only what its declaration grants,
 * as its IAM role does in AWS. Taking one action away from a declaration must break the
 * end-to-end flow that needs it: here GetItem from send-mail, which reads the escalation it
 * emails a notice about (the grant a deployed stack once lacked).
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { FunctionDeclaration } from '../../../functions/shared/declaration.ts';
import { sendMail } from '../../../functions/send-mail/function.ts';
import type { TableAction } from '../../../functions/shared/parts/table.ts';
import { shopifyOrder } from '../../support/purchases.ts';
import { startTestRuntime, type TestRuntime } from '../../support/runtime.ts';

// Monday 2026-11-23, 10:00 in New York.
const START = '2026-11-23T15:00:00.000Z';
const SENIOR = 'tom@northwind.example';
let rt: TestRuntime | undefined;
afterEach(() => rt?.stop());

function without(declaration: FunctionDeclaration, action: TableAction): FunctionDeclaration {
  return {
    ...declaration,
    // The same part, built the same way, granted one action less.
    parts: declaration.parts.map((p) => (p.kind === 'table' ? { ...p, grant: { ...p.grant, items: p.grant.items.filter((a) => a !== action) } } : p)),
  };
}

/** A customer gets their thank-you, answers that it arrived broken; what reaches the senior person? */
async function complaint(runtime: TestRuntime) {
  const buyer = `broken-${randomUUID().slice(0, 8)}@example.com`;
  await runtime.shopify('orders/create', shopifyOrder({ id: String(9_100_000 + Math.floor(Math.random() * 1e5)), email: buyer, at: runtime.clock.now().toISOString() }));
  await runtime.advance('P1D');
  const [note] = (await runtime.outbox()).filter((m: { to: string }) => m.to.includes(buyer));
  const to = /<([^>]+)>/.exec(note.replyTo)![1]!;
  const raw = [`From: Ada <${buyer}>`, `To: ${to}`, `Subject: Re: ${note.subject}`, `Message-ID: <${randomUUID()}@example.com>`, '', 'The lamp arrived broken, the shade is cracked.', ''].join('\r\n');
  const inbound = await runtime.post('/dev/inbound', raw, { 'content-type': 'message/rfc822' });
  // Long enough for every retry the queue would make.
  await runtime.advance('PT2H');
  return { inbound: inbound.body, notices: (await runtime.outbox()).filter((m: { to: string }) => m.to.includes(SENIOR)) };
}

describe('grants declared once, enforced locally', () => {
  it('delivers the escalation notice with send-mail as declared', async () => {
    rt = await startTestRuntime({ clockStart: START });
    const { inbound, notices } = await complaint(rt);
    expect(inbound).toMatchObject({ outcome: 'reply', escalationId: expect.any(String) });
    expect(notices).toHaveLength(1);
  });

  it('loses the notice when send-mail\'s declaration lacks dynamodb:GetItem, refused as AWS refuses it', async () => {
    const logs: string[] = [];
    rt = await startTestRuntime({ clockStart: START, declarations: { 'send-mail': without(sendMail, 'GetItem') }, log: (line) => logs.push(line) });
    const { inbound, notices } = await complaint(rt);
    expect(inbound).toMatchObject({ outcome: 'reply', escalationId: expect.any(String) });
    expect(notices).toEqual([]);
    // The note itself still went out: only the escalation's read is refused, every time it is tried.
    const refused = logs.map((l) => JSON.parse(l)).filter((e) => e.message === 'call refused: the function is not granted it');
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((e) => e.function === 'send-mail' && e.action === 'dynamodb:GetItem')).toBe(true);
    const failures = logs.map((l) => JSON.parse(l)).filter((e) => e.message === 'queue record not done; it will be offered again');
    expect(failures[0]?.error).toMatchObject({ name: 'AccessDeniedException', message: expect.stringMatching(/is not authorized to perform: dynamodb:GetItem on resource: arn:aws:dynamodb:.*:table\//) });
    expect(rt.queue.deadLetters.map((d) => JSON.parse(d.body).kind)).toEqual(['notice']);
  });
});
