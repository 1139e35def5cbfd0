/**
 * The local runtime's front door: `/health`, the `/dev` routes, and every public route of the
 * HTTP API, each turned into the API Gateway event its function gets in AWS.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock, Logger } from '../core/ports.ts';
import { json, type HttpEvent, type HttpResult } from '../shared/http.ts';
import { matchRoute, type HttpFunction } from '../shared/routes.ts';
import { devRoute, type DevParts } from './dev-routes.ts';
import { lambdaContext } from './event-pump.ts';
import { frontDoor, localHttpServer, toHttpEvent } from './http-bridge.ts';

export interface HttpServerOptions {
  port: number;
  clock: Clock;
  logger: Logger;
  handlers: Record<HttpFunction, (event: HttpEvent, context: never) => Promise<HttpResult>>;
  dev: DevParts;
  /** `/health` answers 200 once this is true. */
  ready(): boolean;
  /** Runs after a function answered, before the answer goes out. */
  after?(fn: HttpFunction, method: string): Promise<void>;
}

export async function startHttpServer(options: HttpServerOptions, stops: Array<() => Promise<void>>): Promise<{ url: string }> {
  const { clock, logger } = options;
  // The front door (http-bridge.ts) bounds what arrives and answers every failure.
  const server = localHttpServer(
    frontDoor({
      logger,
      route: async ({ req, method, url, body }) => {
        if (url.pathname === '/health' && method === 'GET') return json(options.ready() ? 200 : 503, { ok: options.ready() });
        const dev = await devRoute(options.dev, { method, url, body, headers: req.headers });
        if (dev) return dev;
        const match = matchRoute(method, url.pathname);
        if (!match) return json(404, { error: 'not found' });
        const event = toHttpEvent({ req, url, body, routeKey: `${match.route.method} ${match.route.path}`, pathParameters: match.params, clock });
        const result = await options.handlers[match.route.fn](event, lambdaContext(match.route.fn) as never);
        await options.after?.(match.route.fn, method);
        return result;
      },
    }),
  );
  await listen(server, options.port, 'HTTP');
  stops.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

function listen(server: Server, port: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new Error(`${what} port ${port} is in use; set PORT to another port`) : error),
    );
    server.listen(port, '127.0.0.1', () => resolve());
  });
}
