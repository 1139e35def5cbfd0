/**
 * The operator commands: escalations end to end against the local runtime; conversations,
 * scheduled notes and reassigning against the contract's shapes.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OperatorError } from '../../../functions/cli/operator/client.ts';
import { operatorCommand } from '../../../functions/cli/operator/commands.ts';
import { followup, jsonLine } from '../../support/cli.ts';
import { shopifyOrder } from '../../support/purchases.ts';
import { startTestRuntime, type TestRuntime } from '../../support/runtime.ts';
import { testConfig } from '../../support/stores.ts';

/** Runs a command in this process; answers what it printed. */
async function run(group: 'escalations' | 'conversations' | 'scheduled', args: string[]): Promise<string> {
  let printed = '';
  await operatorCommand(group, args, (text) => (printed += text));
  return printed;
}

describe('escalation commands against the local runtime', () => {
  let rt: TestRuntime;
  let id: string;
  let buyer: string;
  const auth = () => ['--api', rt.url, '--token', rt.operatorToken];

  beforeAll(async () => {
    const config = testConfig({ escalation: { ladder: [{ name: 'Dana', role: 'Head of support', email: 'dana@northwind.example' }] } });
    rt = await startTestRuntime({ clockStart: '2026-11-23T15:00:00.000Z', config });
    buyer = `ada-${randomUUID().slice(0, 8)}@example.com`;
    await rt.shopify('orders/create', shopifyOrder({ id: '8300001', email: buyer, firstName: 'Ada', at: '2026-11-23T15:00:00.000Z', name: '#3001' }));
    await rt.advance('P1D');
    const [note] = (await rt.get(`/dev/outbox?to=${buyer}`)).body.items;
    const to = /<([^>]+)>/.exec(note.replyTo)![1]!;
    const reply = [`From: Ada Lovelace <${buyer}>`, `To: ${to}`, `Subject: Re: ${note.subject}`, `In-Reply-To: ${note.messageId}`, `Message-ID: <${randomUUID()}@example.com>`, '', 'The lamp arrived but the shade is dented. What can we do?', ''].join('\r\n');
    id = (await rt.post('/dev/inbound', reply, { 'content-type': 'message/rfc822' })).body.escalationId;
    expect(id).toBeTruthy();
  });
  afterAll(() => rt?.stop());

  it('lists escalations as a table, and as the API’s JSON with --json', async () => {
    const listed = JSON.parse(await run('escalations', ['list', '--status', 'open', '--json', ...auth()]));
    expect(listed.items.map((e: { id: string }) => e.id)).toContain(id);

    const text = await run('escalations', ['list', ...auth()]);
    const [heading, ...rows] = text.trimEnd().split('\n');
    expect(heading).toMatch(/^ID +STATUS +PRIORITY +CATEGORY +CUSTOMER +ORDER +OWNER +DUE BY +WHAT THEY WROTE$/);
    const row = rows.find((r) => r.startsWith(id));
    expect(row).toContain('open');
    expect(row).toContain(`Ada Lovelace <${buyer}>`);
    expect(row).toContain('#3001');
    expect(row).toContain('The lamp arrived but the shade is dented');
  });

  it('shows one with the order, the owner, why, and the conversation', async () => {
    const text = await run('escalations', ['show', id, ...auth()]);
    expect(text).toMatch(new RegExp(`^Escalation ${id.replace('.', '\\.')} · open · complaint$`, 'm'));
    expect(text).toMatch(/^Order +#3001 · \$89\.00 · /m);
    expect(text).toMatch(/^ +Brass Desk Lamp × 1$/m);
    expect(text).toMatch(/^Owner +Tom <tom@northwind\.example> · acknowledge by 2026-11-2\d \d\d:\d\d UTC$/m);
    expect(text).toMatch(/^ {4}The lamp arrived but the shade is dented\. What can we do\?$/m);
  });

  it('acknowledges, answers the customer in the thread, and resolves', async () => {
    expect(await run('escalations', ['ack', id, ...auth()])).toBe(`Escalation ${id}: acknowledged (acknowledged, owner Tom)\n`);
    const answered = await run('escalations', ['reply', id, '--text', 'So sorry, Ada. A new shade is on its way.', ...auth()]);
    expect(answered).toContain(`answered Ada Lovelace <${buyer}> from Tom`);
    const sent = (await rt.get(`/dev/outbox?to=${buyer}`)).body.items.at(-1);
    expect(sent.text).toContain('So sorry, Ada. A new shade is on its way.');
    expect(JSON.parse(await run('escalations', ['resolve', id, '--json', ...auth()]))).toMatchObject({ id, status: 'resolved' });
  });

  it('prints the API’s error and exits non-zero, from the command line', async () => {
    const missing = await followup(['escalations', 'show', 'northwind.aaaaaaaaaaaaaaaa', '--api', rt.url], { env: { OPERATOR_TOKEN: rt.operatorToken } });
    expect(missing.status).toBe(1);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toBe('followup: GET /api/escalations/northwind.aaaaaaaaaaaaaaaa answered 404: no escalation northwind.aaaaaaaaaaaaaaaa\n');

    const refused = await followup(['escalations', 'list', '--api', rt.url, '--token', 'wrong', '--json']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('answered 401');
    expect(refused.stderr).toContain('check --token or OPERATOR_TOKEN');
    // With --json, still one JSON value on standard output.
    expect(jsonLine(refused)).toEqual({ status: 401, error: expect.stringContaining('answered 401') });
  });

  it('asks for what a command needs before calling the API', async () => {
    await expect(run('escalations', ['reply', id, ...auth()])).rejects.toThrow('reply needs --text');
    await expect(run('escalations', ['reassign', id, ...auth()])).rejects.toThrow('reassign needs --to');
    await expect(run('escalations', ['list', '--api', 'http://127.0.0.1:9', '--token', 't'])).rejects.toThrow('nothing answers at http://127.0.0.1:9 (bad port)');
  });
});

describe('conversation, scheduled and reassign commands, against the contract', () => {
  // A stand-in serving the contract's shapes for routes the runtime may not serve yet; it records
  // each request so the test sees exactly what the command sends.
  let server: Server;
  let api: string;
  const seen: Array<{ method: string; url: string; auth: string | undefined; body: string }> = [];
  const ada = { email: 'ada@example.com', name: 'Ada Lovelace' };
  const conversation = {
    id: 'northwind.c1',
    store: 'northwind',
    customer: ada,
    owner: 'Sarah',
    category: 'question',
    status: 'open',
    dueBy: '2026-11-24T17:00:00.000Z',
    lastMessage: { from: 'customer', text: 'Does the lamp take LED bulbs?', at: '2026-11-24T13:00:00.000Z' },
    escalationId: null,
  };
  const answers: Record<string, unknown> = {
    'GET /api/conversations?status=all&category=question': { items: [conversation] },
    'GET /api/conversations?status=all': { items: [conversation, { ...conversation, id: 'northwind.c2', customer: { email: 'lin@example.com', name: 'Lin' } }] },
    'GET /api/conversations/northwind.c1': {
      ...conversation,
      messages: [
        { from: 'note', text: 'Hi Ada, is everything OK with your lamp?', at: '2026-11-23T17:00:00.000Z' },
        { from: 'customer', text: 'Does the lamp take LED bulbs?', at: '2026-11-24T13:00:00.000Z' },
      ],
    },
    'GET /api/scheduled?until=2026-12-01T00%3A00%3A00Z': {
      items: [{ id: 'northwind.n1', store: 'northwind', customer: ada, stage: 'check-in', dueAt: '2026-11-27T15:12:00.000Z', status: 'pending' }],
    },
    'POST /api/scheduled/northwind.n1/skip': { id: 'northwind.n1', status: 'skipped' },
    'POST /api/scheduled/northwind.n1/send-now': { id: 'northwind.n1', status: 'sent' },
    'POST /api/escalations/northwind.e1/reassign': {
      id: 'northwind.e1',
      status: 'open',
      owner: { name: 'Dana', email: 'dana@northwind.example' },
      customer: ada,
    },
  };

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        seen.push({ method: req.method!, url: req.url!, auth: req.headers.authorization, body });
        const answer = answers[`${req.method} ${req.url}`];
        res.writeHead(answer ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify(answer ?? { error: 'not found' }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => server?.close());
  const auth = () => ['--api', api, '--token', 'operator-secret'];

  it('lists conversations with their filters and shows a customer’s by address', async () => {
    const text = await run('conversations', ['list', '--status', 'all', '--category', 'question', ...auth()]);
    expect(seen.at(-1)).toMatchObject({ method: 'GET', url: '/api/conversations?status=all&category=question', auth: 'Bearer operator-secret' });
    expect(text).toMatch(/^ID +STATUS +CATEGORY +CUSTOMER +WAITS FOR +DUE BY +LAST MESSAGE\nnorthwind\.c1 +open +question +Ada Lovelace <ada@example\.com> +Sarah +2026-11-24 17:00 UTC +customer: Does the lamp take LED bulbs\?\n$/);

    const shown = await run('conversations', ['show', 'ADA@example.com', ...auth()]);
    expect(seen.slice(-2).map((r) => r.url)).toEqual(['/api/conversations?status=all', '/api/conversations/northwind.c1']);
    expect(shown).toContain('Conversation northwind.c1 · open · question');
    expect(shown).toMatch(/2026-11-24 13:00 UTC {2}customer\n {4}Does the lamp take LED bulbs\?/);
    await expect(run('conversations', ['show', 'nobody@example.com', ...auth()])).rejects.toThrow('no conversation with nobody@example.com');
  });

  it('lists scheduled notes and skips or sends one now', async () => {
    const text = await run('scheduled', ['list', '--until', '2026-12-01T00:00:00Z', ...auth()]);
    expect(text).toMatch(/^ID +DUE AT +STAGE +STATUS +STORE +CUSTOMER\nnorthwind\.n1 +2026-11-27 15:12 UTC +check-in +pending +northwind +Ada Lovelace <ada@example\.com>\n$/);
    expect(await run('scheduled', ['skip', 'northwind.n1', ...auth()])).toBe('Scheduled note northwind.n1: skipped (skipped)\n');
    expect(JSON.parse(await run('scheduled', ['send-now', 'northwind.n1', '--json', ...auth()]))).toEqual({ id: 'northwind.n1', status: 'sent' });
    expect(seen.slice(-2).map((r) => `${r.method} ${r.url}`)).toEqual(['POST /api/scheduled/northwind.n1/skip', 'POST /api/scheduled/northwind.n1/send-now']);
  });

  it('reassigns an escalation to a person', async () => {
    expect(await run('escalations', ['reassign', 'northwind.e1', '--to', 'dana', ...auth()])).toBe(
      'Escalation northwind.e1: now with Dana <dana@northwind.example> (open, owner Dana)\n',
    );
    expect(seen.at(-1)).toMatchObject({ method: 'POST', url: '/api/escalations/northwind.e1/reassign', body: '{"to":"dana"}' });
  });

  it('prints an API’s 404 for a route it does not serve as a clear error', async () => {
    const error = await run('scheduled', ['list', ...auth()]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OperatorError);
    expect((error as Error).message).toBe('GET /api/scheduled answered 404: not found (this API does not serve that route)');
  });
});
