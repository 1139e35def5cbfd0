/**
 * The public HTTP routes and the function behind each. The CDK stack builds the HTTP API from
 * this table and the local runtime routes requests with it, so both serve the same paths.
 */
import type { FunctionName } from './functions.ts';

/** The functions behind the HTTP API. */
export type HttpFunction = Extract<FunctionName, 'ingest-webhook' | 'unsubscribe' | 'operator'>;

export interface HttpRoute {
  method: 'GET' | 'POST';
  /** API Gateway path syntax: `{name}` is one path segment. */
  path: string;
  fn: HttpFunction;
}

export const HTTP_ROUTES: readonly HttpRoute[] = [
  { method: 'POST', path: '/webhooks/{platform}', fn: 'ingest-webhook' },
  { method: 'POST', path: '/webhooks/{platform}/{storeId}', fn: 'ingest-webhook' },
  { method: 'GET', path: '/unsubscribe', fn: 'unsubscribe' },
  { method: 'POST', path: '/unsubscribe', fn: 'unsubscribe' },
  { method: 'GET', path: '/api/escalations', fn: 'operator' },
  { method: 'GET', path: '/api/escalations/{id}', fn: 'operator' },
  { method: 'POST', path: '/api/escalations/{id}/{action}', fn: 'operator' },
  { method: 'POST', path: '/api/customers/{action}', fn: 'operator' },
  { method: 'GET', path: '/api/scheduled', fn: 'operator' },
  { method: 'POST', path: '/api/scheduled/{id}/{action}', fn: 'operator' },
  { method: 'GET', path: '/api/conversations', fn: 'operator' },
  { method: 'GET', path: '/api/conversations/{id}', fn: 'operator' },
  { method: 'POST', path: '/api/conversations/{id}/{action}', fn: 'operator' },
  { method: 'GET', path: '/api/people', fn: 'operator' },
  { method: 'GET', path: '/console', fn: 'operator' },
  { method: 'POST', path: '/console/login', fn: 'operator' },
  { method: 'POST', path: '/console/logout', fn: 'operator' },
  { method: 'GET', path: '/console/escalations/{id}', fn: 'operator' },
  { method: 'POST', path: '/console/escalations/{id}/{action}', fn: 'operator' },
  { method: 'POST', path: '/console/scheduled/{id}/{action}', fn: 'operator' },
  { method: 'GET', path: '/console/conversations', fn: 'operator' },
  { method: 'GET', path: '/console/conversations/{id}', fn: 'operator' },
  { method: 'POST', path: '/console/conversations/{id}/{action}', fn: 'operator' },
  { method: 'GET', path: '/console/privacy', fn: 'operator' },
  { method: 'POST', path: '/console/privacy/{action}', fn: 'operator' },
  { method: 'GET', path: '/console/exports/{storeId}/{file}', fn: 'operator' },
];

/** The route a request matches, with its path parameters (API Gateway's matching, for local use). */
export function matchRoute(
  method: string,
  pathname: string,
  routes: readonly HttpRoute[] = HTTP_ROUTES,
): { route: HttpRoute; params: Record<string, string> } | null {
  const parts = pathname.replace(/\/+$/, '').split('/');
  for (const route of routes) {
    if (route.method !== method) continue;
    const pattern = route.path.split('/');
    if (pattern.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const ok = pattern.every((p, i) => {
      const actual = parts[i]!;
      if (p.startsWith('{') && p.endsWith('}')) {
        if (!actual) return false;
        params[p.slice(1, -1)] = decodeURIComponent(actual);
        return true;
      }
      return p === actual;
    });
    if (ok) return { route, params };
  }
  return null;
}
