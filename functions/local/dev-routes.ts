/**
 * The /dev routes of the local runtime: the virtual clock, the outbox of the local SES endpoint
 * (as JSON, as text for a terminal, and as a mail viewer), and a door for raw inbound mail. They
 * exist only here, never in the deployed stack.
 */
import type { IncomingHttpHeaders } from 'node:http';
import * as z from '../core/zod.ts';
import { addCalendarDuration } from '../core/domain/duration.ts';
import type { InboundResult } from '../core/ports.ts';
import type { VirtualClock } from '../shared/clock.ts';
import { html, json, type HttpResult } from '../shared/http.ts';
import { listPage, mailText, MAIL_HTML_POLICY, messagePage, notFoundPage, VIEWER_POLICY, VIEWS, type View } from './mail-viewer.ts';
import type { LocalScheduler } from './scheduler.ts';
import type { LocalSesEndpoint, SentMessage } from './ses/endpoint.ts';
import type { OutboxFilter } from './ses/outbox.ts';

/** An ISO time with its offset; seconds may be left out ("2026-12-01T09:00Z"). */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/i;

const ClockMove = z.union([
  z.strictObject({ advance: z.string().check(z.refine((d) => addCalendarDuration(new Date(0), d) !== null, 'an ISO 8601 duration such as "P3DT4H" or "P1M"')) }),
  z.strictObject({ to: z.string().check(z.refine((t) => ISO_TIME.test(t.trim()) && !Number.isNaN(Date.parse(t)), 'an ISO time with its offset, such as "2026-12-01T09:00:00Z"')) }),
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

export interface DevRequest {
  method: string;
  url: URL;
  body: Buffer;
  headers: IncomingHttpHeaders;
}

export async function devRoute(parts: DevParts, request: DevRequest): Promise<HttpResult | null> {
  const { method, url, body } = request;
  const path = url.pathname;
  if (!path.startsWith('/dev/')) return null;
  if (path === '/dev/clock' && method === 'GET') return json(200, { now: parts.clock.now().toISOString() });
  if (path === '/dev/clock' && method === 'POST') return moveClock(parts, body);
  if (path === '/dev/outbox' && method === 'GET') {
    return json(200, { items: (await parts.ses.outbox.messages(filterOf(url))).map(outboxItem) });
  }
  if (path === '/dev/outbox' && method === 'DELETE') return json(200, { deleted: await parts.ses.outbox.clear() });
  if (path === '/dev/inbound' && method === 'POST') {
    if (body.length === 0) return json(400, { error: 'send a raw RFC 5322 message as the body (Content-Type: message/rfc822)' });
    const result = await parts.receive(body, []);
    const { reasons, ...rest } = result;
    return json(200, { ...rest, reasons });
  }
  if (path === '/dev/mail.txt' && method === 'GET') {
    const filter = filterOf(url);
    return text(200, mailText(await parts.ses.outbox.messages(filter), filter.to));
  }
  if (path === '/dev/mail' && method === 'GET') {
    const outbox = parts.ses.outbox;
    const filter = filterOf(url);
    const base = `http://${request.headers.host ?? 'localhost'}`;
    return viewer(200, listPage({ items: outbox.list(filter), total: outbox.size, to: filter.to, q: filter.search, base }));
  }
  if (path === '/dev/mail/clear' && method === 'POST') {
    // A page on another site must not empty the outbox through the developer's browser.
    if (crossSite(request.headers)) return json(403, { error: 'the outbox is cleared from the mail viewer itself' });
    await parts.ses.outbox.clear();
    return { statusCode: 303, headers: { location: '/dev/mail', 'cache-control': 'no-store' }, body: '' };
  }
  const message = /^\/dev\/mail\/([^/]+)(?:\/(html|raw))?$/.exec(path);
  if (message && method === 'GET') return mailRoute(parts, decodeURIComponent(message[1]!), message[2], url);
  return null;
}

async function mailRoute(parts: DevParts, id: string, part: string | undefined, url: URL): Promise<HttpResult> {
  const message = await parts.ses.outbox.get(id);
  if (!message) return viewer(404, notFoundPage(id));
  if (part === 'html') return html(200, message.html ?? '', { 'content-security-policy': MAIL_HTML_POLICY });
  if (part === 'raw') {
    return {
      statusCode: 200,
      headers: { 'content-type': 'message/rfc822', 'content-disposition': `attachment; filename="${id}.eml"`, 'cache-control': 'no-store' },
      body: message.raw,
      isBase64Encoded: true,
    };
  }
  const asked = url.searchParams.get('view');
  const view: View = (VIEWS as readonly string[]).includes(asked ?? '') ? (asked as View) : message.html ? 'html' : 'text';
  return viewer(200, messagePage(message, view));
}

function filterOf(url: URL): OutboxFilter {
  const to = url.searchParams.get('to')?.trim();
  const search = url.searchParams.get('q')?.trim();
  return { ...(to && { to }), ...(search && { search }) };
}

function viewer(statusCode: number, body: string): HttpResult {
  return html(statusCode, body, { 'content-security-policy': VIEWER_POLICY });
}

function text(statusCode: number, body: string): HttpResult {
  return { statusCode, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }, body };
}

function crossSite(headers: IncomingHttpHeaders): boolean {
  const site = headers['sec-fetch-site'];
  if (site) return site !== 'same-origin' && site !== 'none';
  const origin = headers.origin;
  if (!origin) return false;
  try {
    return new URL(origin).host !== headers.host;
  } catch {
    return true;
  }
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
  const target = 'advance' in move.data ? addCalendarDuration(now, move.data.advance)! : new Date(move.data.to);
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
