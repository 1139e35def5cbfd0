/**
 * `npx followup escalations|conversations|scheduled …`: the operator API from a terminal. Tables
 * and text for people, `--json` for one JSON value (the API's answer) for scripts; an error is a
 * message on standard error and a non-zero exit.
 */
import { parseArgs } from 'node:util';
import type * as z from '../../core/zod.ts';
import { OperatorClient, OperatorError } from './client.ts';
import { clip, indent, money, person, table, when } from './format.ts';
import { Conversation, Escalation, Items, Scheduled, type Message } from './shapes.ts';

export const OPERATOR_USAGE = `  escalations list [--status open|acknowledged|resolved] | show ID | ack ID | resolve ID
              | reply ID --text "…" | reassign ID --to WHO
  conversations list [--status open|closed|all] [--category C] [--store S] | show EMAIL|ID
  scheduled list [--store S] [--until ISO] | skip ID | send-now ID
      The operator API: the local runtime (http://127.0.0.1:$PORT) or --api BASE, with the token
      from --token, OPERATOR_TOKEN, or the one the local runtime keeps. --json prints the API's
      answer as one JSON value.
`;

type Group = 'escalations' | 'conversations' | 'scheduled';

const OPTIONS = {
  api: { type: 'string' },
  token: { type: 'string' },
  json: { type: 'boolean', default: false },
  status: { type: 'string' },
  category: { type: 'string' },
  store: { type: 'string' },
  until: { type: 'string' },
  text: { type: 'string' },
  to: { type: 'string' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

interface Run {
  client: OperatorClient;
  values: Values;
  id: string | undefined;
  out: (text: string) => void;
}

/** Runs one operator command; answers the exit code. Throws OperatorError for the user to read. */
export async function operatorCommand(group: Group, args: string[], out: (text: string) => void = (t) => process.stdout.write(t)): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
  const [action, id, ...extra] = positionals;
  if (extra.length) throw new OperatorError(`unexpected arguments: ${extra.join(' ')}`);
  const client = new OperatorClient({ ...(values.api && { api: values.api }), ...(values.token && { token: values.token }) });
  const run: Run = { client, values, id, out };
  const command = COMMANDS[group][action ?? ''];
  if (!command) throw new OperatorError(`${group}: the subcommands are ${Object.keys(COMMANDS[group]).join(', ')}`);
  await command(run);
  return 0;
}

type Command = (run: Run) => Promise<void>;

const COMMANDS: Record<Group, Record<string, Command>> = {
  escalations: {
    list: async (run) => {
      const answer = await run.client.get(`/api/escalations${query({ status: run.values.status })}`);
      show(run, answer, Items(Escalation), ({ items }) =>
        items.length === 0
          ? 'No escalations.'
          : table(
              ['ID', 'STATUS', 'PRIORITY', 'CATEGORY', 'CUSTOMER', 'ORDER', 'OWNER', 'DUE BY', 'WHAT THEY WROTE'],
              items.map((e) => [e.id, e.status, e.priority ?? '', e.category ?? '', person(e.customer), e.order?.name ?? '', e.owner?.name ?? '', when(e.dueBy), e.reply?.text ?? '']),
            ),
      );
    },
    show: async (run) => show(run, await run.client.get(`/api/escalations/${encodeURIComponent(need(run.id, 'an escalation id'))}`), Escalation, escalationText),
    ack: async (run) => escalationAction(run, 'ack'),
    resolve: async (run) => escalationAction(run, 'resolve'),
    reply: async (run) => {
      if (!run.values.text?.trim()) throw new OperatorError('reply needs --text "what to say to the customer"');
      await escalationAction(run, 'reply', { text: run.values.text });
    },
    reassign: async (run) => {
      if (!run.values.to?.trim()) throw new OperatorError('reassign needs --to WHO (a person id or a rung of the ladder)');
      await escalationAction(run, 'reassign', { to: run.values.to });
    },
  },
  conversations: {
    list: async (run) => {
      const { status, category, store } = run.values;
      const answer = await run.client.get(`/api/conversations${query({ status, category, store })}`);
      const none = !status || status === 'open' ? 'No conversation waits for a person (--status all lists every one).' : 'No conversations.';
      show(run, answer, Items(Conversation), ({ items }) => (items.length === 0 ? none : conversationTable(items)));
    },
    show: async (run) => {
      const wanted = need(run.id, "a customer's email address or a conversation id");
      if (!wanted.includes('@')) return show(run, await run.client.get(`/api/conversations/${encodeURIComponent(wanted)}`), Conversation, conversationText);
      // The API finds conversations by id: the customer's are picked from all of them.
      const listed = parse(Items(Conversation), await run.client.get('/api/conversations?status=all'));
      const mine = listed.items.filter((c) => c.customer?.email?.toLowerCase() === wanted.toLowerCase());
      if (mine.length === 0) throw new OperatorError(`no conversation with ${wanted}`);
      const whole = [];
      for (const c of mine) whole.push(await run.client.get(`/api/conversations/${encodeURIComponent(c.id)}`));
      show(run, { items: whole }, Items(Conversation), ({ items }) => items.map(conversationText).join('\n\n'));
    },
  },
  scheduled: {
    list: async (run) => {
      const answer = await run.client.get(`/api/scheduled${query({ store: run.values.store, until: run.values.until })}`);
      show(run, answer, Items(Scheduled), ({ items }) =>
        items.length === 0
          ? 'Nothing scheduled.'
          : table(['ID', 'DUE AT', 'STAGE', 'STATUS', 'STORE', 'CUSTOMER'], items.map((s) => [s.id, when(s.dueAt), s.stage ?? '', s.status ?? '', s.store ?? '', person(s.customer)])),
      );
    },
    skip: async (run) => scheduledAction(run, 'skip', 'skipped'),
    'send-now': async (run) => scheduledAction(run, 'send-now', 'sent now'),
  },
};

async function escalationAction(run: Run, action: string, body?: unknown): Promise<void> {
  const id = need(run.id, 'an escalation id');
  const answer = await run.client.post(`/api/escalations/${encodeURIComponent(id)}/${action}`, body);
  show(run, answer, Escalation, (e) => {
    const done = action === 'reply' ? `answered ${person(e.customer)} from ${e.owner?.name ?? 'the owner'}` : action === 'reassign' ? `now with ${person(e.owner)}` : e.status;
    return `Escalation ${e.id}: ${done} (${e.status}, owner ${e.owner?.name ?? 'nobody'})`;
  });
}

async function scheduledAction(run: Run, action: string, done: string): Promise<void> {
  const id = need(run.id, 'a scheduled note id');
  const answer = await run.client.post(`/api/scheduled/${encodeURIComponent(id)}/${action}`);
  const status = typeof answer === 'object' && answer !== null && typeof (answer as { status?: unknown }).status === 'string' ? (answer as { status: string }).status : null;
  run.out(run.values.json ? `${JSON.stringify(answer)}\n` : `Scheduled note ${id}: ${done}${status ? ` (${status})` : ''}\n`);
}

/** One JSON value with --json; else the answer, checked, as text. */
function show<T extends z.ZodMiniType>(run: Run, answer: unknown, schema: T, render: (value: z.output<T>) => string): void {
  if (run.values.json) return run.out(`${JSON.stringify(answer)}\n`);
  run.out(`${render(parse(schema, answer))}\n`);
}

function parse<T extends z.ZodMiniType>(schema: T, answer: unknown): z.output<T> {
  const read = schema.safeParse(answer);
  if (read.success) return read.data;
  const issue = read.error.issues[0]!;
  throw new OperatorError(`the API answered something unexpected (${issue.path.join('.') || 'the answer'}: ${issue.message}); --json shows it as it came`);
}

function escalationText(e: Escalation): string {
  const order = e.order
    ? [
        `Order      ${[e.order.name, money(e.order.total, e.order.currency), e.order.fulfillment?.replace('_', ' '), e.order.platform].filter(Boolean).join(' · ')}`,
        ...(e.order.items ?? []).map((i) => `           ${i.title}${i.variant ? ` (${i.variant})` : ''} × ${i.quantity ?? 1}`),
      ]
    : ['Order      (none found)'];
  const due = e.status === 'open' ? ` · acknowledge by ${when(e.dueBy)}` : '';
  const lines = [
    `Escalation ${e.id} · ${[e.status, e.priority === 'high' ? 'urgent' : null, e.category].filter(Boolean).join(' · ')}`,
    `Customer   ${person(e.customer)}`,
    ...order,
    `Owner      ${person(e.owner)}${due}`,
    `Opened     ${when(e.createdAt)}${e.acknowledgedAt ? ` · acknowledged ${when(e.acknowledgedAt)}` : ''}${e.resolvedAt ? ` · resolved ${when(e.resolvedAt)}` : ''}`,
    ...(e.reasons?.length ? [`Why        ${e.reasons.join('; ')}`] : []),
  ];
  const messages = e.conversation ?? (e.reply?.text ? [{ direction: 'in', from: 'customer', at: e.reply.receivedAt, text: e.reply.text }] : []);
  return [...lines, '', 'Conversation', messages.map(messageText).join('\n\n')].join('\n');
}

function conversationTable(items: Conversation[]): string {
  return table(
    ['ID', 'STATUS', 'CATEGORY', 'CUSTOMER', 'WAITS FOR', 'DUE BY', 'LAST MESSAGE'],
    items.map((c) => [c.id, c.status ?? '', c.category ?? '', person(c.customer), person(c.owner), when(c.dueBy), c.lastMessage ? `${c.lastMessage.from ?? ''}: ${c.lastMessage.text ?? ''}` : '']),
  );
}

function conversationText(c: Conversation): string {
  const lines = [
    `Conversation ${c.id} · ${[c.status, c.category].filter(Boolean).join(' · ')}`,
    `Customer   ${person(c.customer)}`,
    `Waits for  ${person(c.owner) || 'nobody'}${c.dueBy ? ` · by ${when(c.dueBy)}` : ''}`,
    ...(c.store ? [`Store      ${c.store}`] : []),
    ...(c.escalationId ? [`Escalation ${c.escalationId}`] : []),
  ];
  const messages = c.messages ?? c.conversation ?? (c.lastMessage ? [c.lastMessage] : []);
  return [...lines, '', 'Messages', messages.map(messageText).join('\n\n')].join('\n');
}

function messageText(m: Message): string {
  const who = m.direction === 'in' ? 'customer' : (m.from ?? m.direction ?? '');
  return `  ${when(m.at)}  ${who}${m.subject ? ` · ${clip(m.subject, 60)}` : ''}\n${indent(m.text ?? '')}`;
}

function need(id: string | undefined, what: string): string {
  if (!id) throw new OperatorError(`give ${what}`);
  return id;
}

function query(params: Record<string, string | undefined>): string {
  const search = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => Boolean(e[1])));
  const text = search.toString();
  return text ? `?${text}` : '';
}
