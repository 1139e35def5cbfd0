/**
 * The local runtime's HTTP front door. It turns a Node HTTP request into the API Gateway
 * (payload 2.0) event that the deployed HTTP API would give the same handler, and writes the
 * handler's answer back.
 *
 * Whatever arrives, the process stays up and every request gets an answer: a request line Node
 * accepts but a URL parser does not, bad percent-encoding, an oversized body, a failing handler.
 * The /dev routes move the clock and show every sent message, so they answer only requests that
 * come from this machine's own pages or tools: the Host must be a loopback name (a page on another
 * site that rebinds its DNS name to 127.0.0.1 still sends its own Host), a browser's Origin must be
 * the same, and a body that should be JSON must say so (a cross-site form can only send text/plain,
 * form or multipart bodies without asking first).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { UnreadableMailError } from '../core/errors.ts';
import type { Clock, Logger } from '../core/ports.ts';
import { json, type HttpEvent, type HttpResult } from '../shared/http.ts';

/** API Gateway refuses larger bodies itself; reading stops there. */
export const GATEWAY_BODY_LIMIT = 10 * 1024 * 1024;
/** SES receiving stores mail up to 40 MB (its S3 action); /dev/inbound takes what SES would. */
export const INBOUND_MAIL_LIMIT = 40 * 1024 * 1024;

export class BodyTooLargeError extends Error {
  override name = 'BodyTooLargeError';
}

export async function readBody(req: IncomingMessage, limit = GATEWAY_BODY_LIMIT): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw new BodyTooLargeError(`body over ${limit} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BodyTooLargeError(`body over ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function toHttpEvent(input: {
  req: IncomingMessage;
  url: URL;
  body: Buffer;
  routeKey: string;
  pathParameters: Record<string, string>;
  clock: Clock;
}): HttpEvent {
  const { req, url, body } = input;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = query[k] === undefined ? v : `${query[k]},${v}`;
  const now = input.clock.now();
  const method = req.method ?? 'GET';
  return {
    version: '2.0',
    routeKey: input.routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    cookies: headers.cookie?.split(/;\s*/).filter(Boolean),
    headers,
    queryStringParameters: Object.keys(query).length ? query : undefined,
    pathParameters: Object.keys(input.pathParameters).length ? input.pathParameters : undefined,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: {
        method,
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: input.routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    body: body.length ? body.toString('base64') : undefined,
    isBase64Encoded: body.length > 0,
  };
}

export function writeResult(res: ServerResponse, result: HttpResult): void {
  const headers: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(result.headers ?? {})) headers[k] = String(v);
  if (result.cookies?.length) headers['set-cookie'] = result.cookies;
  const body = result.body ?? '';
  res.writeHead(result.statusCode ?? 200, headers);
  res.end(result.isBase64Encoded ? Buffer.from(body, 'base64') : body);
}

/** One request as the runtime's routes see it: parsed, its body read within its limit. */
export interface LocalRequest {
  req: IncomingMessage;
  method: string;
  url: URL;
  body: Buffer;
}

export interface FrontDoorOptions {
  /** Answers a request that passed the front door's checks. */
  route(request: LocalRequest): Promise<HttpResult>;
  logger: Logger;
}

/** Bounds on what one client can make the server hold: header sizes and counts, slow senders. */
const SERVER_LIMITS = { maxHeaderSize: 16 * 1024, headersTimeout: 20_000, requestTimeout: 120_000 } as const;
const MAX_HEADERS = 100;

/** The local HTTP server, its inputs bounded. */
export function localHttpServer(listener: RequestListener): Server {
  const server = createServer(SERVER_LIMITS, listener);
  server.maxHeadersCount = MAX_HEADERS;
  return server;
}

/**
 * The request listener of the local HTTP server: every failure becomes an answer, never a crash.
 * An error the routes did not expect answers 500 and is logged (path only, never the body).
 */
export function frontDoor(options: FrontDoorOptions): RequestListener {
  return (req, res) => {
    void answer(req, options).then(
      (result) => send(res, result),
      (error: unknown) => {
        options.logger.error('local request failed', { error: describe(error) });
        send(res, json(500, { error: 'internal error' }));
      },
    );
  };
}

async function answer(req: IncomingMessage, options: FrontDoorOptions): Promise<HttpResult> {
  const method = req.method ?? 'GET';
  const url = requestUrl(req.url);
  if (!url) return drained(req, json(400, { error: 'the request target is not a path' }));
  try {
    decodeURIComponent(url.pathname);
  } catch {
    return drained(req, json(400, { error: 'the path has malformed percent-encoding' }));
  }
  if (url.pathname.startsWith('/dev/')) {
    const refused = devRequestProblem(req);
    if (refused) return drained(req, refused);
  }
  let body: Buffer;
  try {
    body = await readBody(req, url.pathname === '/dev/inbound' ? INBOUND_MAIL_LIMIT : GATEWAY_BODY_LIMIT);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return drained(req, json(413, { error: error.message }));
    throw error;
  }
  try {
    return await options.route({ req, method, url, body });
  } catch (error) {
    if (error instanceof URIError) return json(400, { error: 'the path has malformed percent-encoding' });
    if (error instanceof UnreadableMailError) return json(400, { outcome: 'rejected', reasons: [error.message] });
    options.logger.error('local request failed', { path: url.pathname, error: describe(error) });
    return json(500, { error: 'internal error' });
  }
}

/**
 * The target as a URL: origin-form ("/path?query"), or absolute-form ("http://host/path"), which
 * HTTP/1.1 servers must accept. Anything else ("*", "http://[") names no route.
 */
function requestUrl(target: string | undefined): URL | null {
  if (!target) return null;
  try {
    if (target.startsWith('/') && !target.startsWith('//')) return new URL(target, 'http://localhost');
    const absolute = new URL(target);
    return /^https?:$/.test(absolute.protocol) ? new URL(`${absolute.pathname}${absolute.search}`, 'http://localhost') : null;
  } catch {
    return null;
  }
}

const LOOPBACK_HOST = /^(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/i;

/** Why a /dev request is refused, or null when it may go on. */
export function devRequestProblem(req: IncomingMessage): HttpResult | null {
  const host = req.headers.host ?? '';
  if (!LOOPBACK_HOST.test(host)) {
    return json(403, { error: 'the /dev routes answer only requests to localhost, 127.0.0.1 or [::1]' });
  }
  if (!fromThisSite(req, host)) return json(403, { error: 'the /dev routes do not answer other sites' });
  // Whatever the body's type: a browser always says where a cross-site request comes from
  // (Sec-Fetch-Site or Origin), so a page elsewhere is refused above, while curl, scripts and
  // the contract's clients may post a clock move or a raw message with any content type.
  return null;
}

/**
 * Whether a browser sent this from the runtime's own pages (or it is no browser at all). Modern
 * browsers say where a request comes from in Sec-Fetch-Site; otherwise the Origin must be the
 * runtime itself. (A page served with no-referrer posts `Origin: null`; Sec-Fetch-Site still tells.)
 */
function fromThisSite(req: IncomingMessage, host: string): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined) return site === 'same-origin' || site === 'none';
  const origin = req.headers.origin;
  return origin === undefined || origin.toLowerCase() === `http://${host.toLowerCase()}`;
}

/** Answers before reading a body: what is left of it is discarded, and the connection closes. */
function drained(req: IncomingMessage, result: HttpResult): HttpResult {
  req.resume();
  return { ...result, headers: { ...result.headers, connection: 'close' } };
}

function send(res: ServerResponse, result: HttpResult): void {
  if (res.headersSent || res.destroyed) return;
  try {
    writeResult(res, result);
  } catch {
    res.destroy();
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
