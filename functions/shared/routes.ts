/**
 * The public HTTP routes and the function behind each. The CDK stack builds the HTTP API from
 * this table and the local runtime routes requests with it, so both serve the same paths.
 */
export const FUNCTIONS = {
  ingestWebhook: 'ingest-webhook',
  unsubscribe: 'unsubscribe',
  operator: 'operator',
} as const;
export type HttpFunction = (typeof FUNCTIONS)[keyof typeof FUNCTIONS];

export interface HttpRoute {
  method: 'GET' | 'POST';
  /** API Gateway path syntax: `{name}` is one path segment. */
  path: string;
  fn: HttpFunction;
}

export const HTTP_ROUTES: readonly HttpRoute[] = [
  { method: 'POST', path: '/webhooks/{platform}', fn: FUNCTIONS.ingestWebhook },
  { method: 'POST', path: '/webhooks/{platform}/{storeId}', fn: FUNCTIONS.ingestWebhook },
  { method: 'GET', path: '/unsubscribe', fn: FUNCTIONS.unsubscribe },
  { method: 'POST', path: '/unsubscribe', fn: FUNCTIONS.unsubscribe },
  { method: 'GET', path: '/api/escalations', fn: FUNCTIONS.operator },
  { method: 'GET', path: '/api/escalations/{id}', fn: FUNCTIONS.operator },
  { method: 'POST', path: '/api/escalations/{id}/{action}', fn: FUNCTIONS.operator },
  { method: 'GET', path: '/api/scheduled', fn: FUNCTIONS.operator },
  { method: 'POST', path: '/api/scheduled/{id}/{action}', fn: FUNCTIONS.operator },
  { method: 'GET', path: '/api/conversations', fn: FUNCTIONS.operator },
  { method: 'GET', path: '/api/conversations/{id}', fn: FUNCTIONS.operator },
  { method: 'POST', path: '/api/conversations/{id}/{action}', fn: FUNCTIONS.operator },
  { method: 'GET', path: '/api/people', fn: FUNCTIONS.operator },
  { method: 'GET', path: '/console', fn: FUNCTIONS.operator },
  { method: 'POST', path: '/console/login', fn: FUNCTIONS.operator },
  { method: 'POST', path: '/console/logout', fn: FUNCTIONS.operator },
  { method: 'GET', path: '/console/escalations/{id}', fn: FUNCTIONS.operator },
  { method: 'POST', path: '/console/escalations/{id}/{action}', fn: FUNCTIONS.operator },
  { method: 'POST', path: '/console/scheduled/{id}/{action}', fn: FUNCTIONS.operator },
  { method: 'GET', path: '/console/conversations', fn: FUNCTIONS.operator },
  { method: 'GET', path: '/console/conversations/{id}', fn: FUNCTIONS.operator },
  { method: 'POST', path: '/console/conversations/{id}/{action}', fn: FUNCTIONS.operator },
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
