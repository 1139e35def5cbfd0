/**
 * The /dev routes of the local runtime: the virtual clock, the outbox of the local SES endpoint,
 * and a door for raw inbound mail. They exist only here, never in the deployed stack.
 */
import * as z from 'zod';
import { parseDuration } from '../core/domain/duration.ts';
import type { InboundResult } from '../core/ports.ts';
import type { VirtualClock } from '../shared/clock.ts';
import { json, type HttpResult } from '../shared/http.ts';
import type { LocalScheduler } from './scheduler.ts';
import type { LocalSesEndpoint, SentMessage } from './ses/endpoint.ts';

const ClockMove = z.union([
  z.strictObject({ advance: z.string().refine((d) => parseDuration(d) !== null, 'an ISO 8601 duration such as "P3DT4H"') }),
  z.strictObject({ to: z.iso.datetime({ offset: true }) }),
]);

/** Ten years: room for any retention period, far from the end of the Date range. */
const MAX_MOVE_DAYS = 3650;
const MAX_MOVE_MS = MAX_MOVE_DAYS * 86_400_000;

export interface DevParts {
  clock: VirtualClock;
  scheduler: LocalScheduler;
  ses: LocalSesEndpoint;
  receive(raw: Buffer, recipients: string[]): Promise<InboundResult>;
}

export async function devRoute(parts: DevParts, method: string, path: string, body: Buffer): Promise<HttpResult | null> {
  if (path === '/dev/clock' && method === 'GET') return json(200, { now: parts.clock.now().toISOString() });
  if (path === '/dev/clock' && method === 'POST') return moveClock(parts, body);
  if (path === '/dev/outbox' && method === 'GET') return json(200, { items: parts.ses.list().map(outboxItem) });
  if (path === '/dev/inbound' && method === 'POST') {
    if (body.length === 0) return json(400, { error: 'send a raw RFC 5322 message as the body (Content-Type: message/rfc822)' });
    const result = await parts.receive(body, []);
    const { reasons, ...rest } = result;
    return json(200, { ...rest, reasons });
  }
  return null;
}

async function moveClock(parts: DevParts, body: Buffer): Promise<HttpResult> {
  let input: unknown;
  try {
    input = JSON.parse(body.toString('utf8'));
  } catch {
    return json(400, { error: 'the body must be JSON: {"advance": "P1D"} or {"to": "2026-12-01T09:00:00Z"}' });
  }
  const move = ClockMove.safeParse(input);
  if (!move.success) {
    return json(400, { error: 'give either {"advance": ISO 8601 duration} or {"to": ISO time}', details: move.error.issues.map((i) => i.message) });
  }
  const now = parts.clock.now();
  const target = 'advance' in move.data ? new Date(now.getTime() + parseDuration(move.data.advance)!) : new Date(move.data.to);
  if (target.getTime() < now.getTime()) return json(400, { error: `the clock never goes backwards (it is ${now.toISOString()})` });
  // Checked before anything runs: a move past the bound would run every note on the way first.
  if (!(target.getTime() - now.getTime() <= MAX_MOVE_MS)) return json(400, { error: `the clock moves at most ${MAX_MOVE_DAYS} days at a time` });
  const reached = await parts.scheduler.advanceTo(target);
  return json(200, { now: reached.toISOString() });
}

function outboxItem(m: SentMessage) {
  return {
    id: m.id,
    messageId: m.messageId,
    from: m.from,
    to: m.to,
    replyTo: m.replyTo,
    subject: m.subject,
    text: m.text,
    html: m.html,
    headers: m.headers,
    sentAt: m.sentAt,
    raw: m.raw,
    configurationSet: m.configurationSet,
    tags: m.tags,
  };
}
