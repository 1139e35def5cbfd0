/**
 * The operator's door: the JSON API under /api and the console under /console, both behind the
 * operator token (a bearer token, or the console's session cookie).
 */
import middy from '@middy/core';
import { ENV } from '../shared/env-keys.ts';
import { httpErrors, json, lowerCaseHeaders, rawBody, type HttpEvent, type HttpResult } from '../shared/http.ts';
import { lambdaBase } from '../shared/lambda/base.ts';
import { lambdaMailer } from '../shared/lambda/mail.ts';
import { lambdaRawMail } from '../shared/lambda/raw-mail.ts';
import { lambdaSecrets } from '../shared/lambda/secrets.ts';
import { lambdaStores } from '../shared/lambda/stores.ts';
import { once } from '../shared/parts.ts';
import { api } from './api.ts';
import { bearerToken, cookieValue, csrfToken, OPERATOR_TOKEN_SECRET, readSession, sameSecret, SESSION_COOKIE } from './auth.ts';
import { consoleRoute } from './console.ts';
import { scheduledApi } from './scheduled.ts';
import type { OperatorDeps } from './deps.ts';
import { privacyApi, privacyConsole } from './privacy-routes.ts';

export const makeHandler = (deps: () => OperatorDeps, tokenSecret = OPERATOR_TOKEN_SECRET) =>
  middy<HttpEvent, HttpResult>()
    .use(httpErrors(() => deps().logger))
    .handler(async (event) => {
      const d = deps();
      const token = await d.secrets.get(tokenSecret);
      const headers = lowerCaseHeaders(event.headers);
      const bearer = bearerToken(headers.authorization);
      const bearerOk = bearer !== null && sameSecret(bearer, token);
      const path = event.rawPath.replace(/\/+$/, '') || '/';
      const method = event.requestContext.http.method;
      const body = rawBody(event);
      const params = event.pathParameters ?? {};

      if (path.startsWith('/api/')) {
        if (!bearerOk) return json(401, { error: 'send the operator token: Authorization: Bearer <token>' }, { 'www-authenticate': 'Bearer' });
        if (path.startsWith('/api/customers/')) return privacyApi(d, { action: params.action, body });
        if (path === '/api/scheduled' || path.startsWith('/api/scheduled/')) {
          return scheduledApi(d, { method, id: params.id, action: params.action, query: event.queryStringParameters ?? {}, by: 'operator (API)' });
        }
        return api(d, { method, id: params.id, action: params.action, status: event.queryStringParameters?.status, body });
      }
      const cookie = cookieValue(event.cookies ?? (headers.cookie ? [headers.cookie] : undefined), SESSION_COOKIE);
      const now = d.clock.now();
      const signedIn = bearerOk ? null : readSession(cookie, token, now);
      const live = signedIn !== null && (await d.sessions.active(signedIn.id, Math.floor(now.getTime() / 1000)));
      const session = bearerOk ? `bearer.${bearer}` : live ? cookie! : null;
      const form = /application\/x-www-form-urlencoded/i.test(headers['content-type'] ?? '') ? new URLSearchParams(body.toString('utf8')) : new URLSearchParams();
      if (path.startsWith('/console/privacy') || path.startsWith('/console/exports/')) {
        return privacyConsole(d, { method, path, params, form, session, csrf: session && csrfToken(session, token) });
      }
      return consoleRoute(d, {
        method,
        path,
        id: params.id,
        action: params.action,
        query: event.queryStringParameters ?? {},
        form,
        session,
        token,
        secure: (headers['x-forwarded-proto'] ?? 'https') === 'https',
      });
    });

export const handler = makeHandler(
  once(() => {
    const base = lambdaBase();
    return { ...base, ...lambdaStores(base), ...lambdaSecrets(base), ...lambdaMailer(base), ...lambdaRawMail(base) };
  }),
  process.env[ENV.operatorTokenSecret] ?? OPERATOR_TOKEN_SECRET,
);
