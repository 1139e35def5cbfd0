/**
 * The operator's door: the JSON API under /api and the console under /console, both behind the
 * operator token (a bearer token, or the console's session cookie).
 */
import middy from '@middy/core';
import { httpErrors, json, lowerCaseHeaders, rawBody, type HttpEvent, type HttpResult } from '../shared/http.ts';
import { lambdaHandler } from '../shared/lambda.ts';
import { staffOf } from '../core/domain/staff.ts';
import { OPERATOR, type Viewer } from '../core/use-cases/operate-escalations.ts';
import { api, type ApiRequest } from './api.ts';
import { bearerToken, cookieValue, csrfToken, parsePersonToken, readSession, sameSecret, SESSION_COOKIE } from './auth.ts';
import { consoleRoute } from './console.ts';
import { scheduledApi } from './scheduled.ts';
import type { OperatorDeps } from './deps.ts';
import { operator } from './function.ts';
import { privacyApi, privacyConsole } from './privacy-routes.ts';

export const makeHandler = (d: OperatorDeps) =>
  middy<HttpEvent, HttpResult>()
    .use(httpErrors(d.logger))
    .handler(async (event) => {
      const token = await d.operatorToken();
      const headers = lowerCaseHeaders(event.headers);
      const bearer = bearerToken(headers.authorization);
      const viewer = bearer === null ? null : sameSecret(bearer, token) ? OPERATOR : personViewer(d, parsePersonToken(bearer, token));
      const path = event.rawPath.replace(/\/+$/, '') || '/';
      const method = event.requestContext.http.method;
      const body = rawBody(event);
      const params = event.pathParameters ?? {};

      if (path.startsWith('/api/')) {
        if (!viewer) return json(401, { error: 'send the operator token (or your own): Authorization: Bearer <token>' }, { 'www-authenticate': 'Bearer' });
        if (path.startsWith('/api/customers/')) return privacyApi(d, { action: params.action, body, viewer, how: 'operator API' });
        if (path === '/api/scheduled' || path.startsWith('/api/scheduled/')) {
          return scheduledApi(d, { method, id: params.id, action: params.action, query: event.queryStringParameters ?? {}, viewer });
        }
        const resource = path.split('/')[2];
        return api(d, {
          method,
          resource: resource === 'escalations' || resource === 'conversations' || resource === 'people' ? resource : null,
          id: params.id,
          action: params.action,
          query: event.queryStringParameters ?? {},
          body,
          idempotencyKey: headers['idempotency-key']?.slice(0, 200) ?? null,
          viewer,
          operatorToken: token,
        } satisfies ApiRequest);
      }
      const cookie = cookieValue(event.cookies ?? (headers.cookie ? [headers.cookie] : undefined), SESSION_COOKIE);
      const now = d.clock.now();
      const signedIn = viewer ? null : readSession(cookie, token, now);
      const live = signedIn !== null && (await d.sessions.active(signedIn.id, Math.floor(now.getTime() / 1000)));
      const session = viewer ? `bearer.${bearer}` : live ? cookie! : null;
      const form = /application\/x-www-form-urlencoded/i.test(headers['content-type'] ?? '') ? new URLSearchParams(body.toString('utf8')) : new URLSearchParams();
      if (path.startsWith('/console/privacy') || path.startsWith('/console/exports/')) {
        return privacyConsole(d, { method, path, params, form, session, csrf: session && csrfToken(session, token), viewer: viewer ?? OPERATOR });
      }
      return consoleRoute(d, {
        method,
        path,
        id: params.id,
        action: params.action,
        query: event.queryStringParameters ?? {},
        form,
        session,
        viewer: viewer ?? OPERATOR,
        token,
        secure: (headers['x-forwarded-proto'] ?? 'https') === 'https',
      });
    });

/** A person's own token: they see the stores they are a person of (none: not a valid token). */
function personViewer(deps: OperatorDeps, id: string | null): Viewer | null {
  if (!id) return null;
  const stores = deps.config.stores.filter((s) => staffOf(s).some((m) => m.id === id));
  const member = stores.flatMap((s) => staffOf(s)).find((m) => m.id === id);
  return member ? { id, name: member.name, stores: stores.map((s) => s.id) } : null;
}

export const handler = lambdaHandler(operator, makeHandler);
