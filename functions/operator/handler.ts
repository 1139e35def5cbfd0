/**
 * The operator's door: the JSON API under /api and the console under /console, both behind the
 * operator token (a bearer token, or the console's session cookie).
 */
import middy from '@middy/core';
import { httpErrors, json, lowerCaseHeaders, rawBody, type HttpEvent, type HttpResult } from '../shared/http.ts';
import { lambdaHandler } from '../shared/lambda.ts';
import { api } from './api.ts';
import { bearerToken, cookieValue, sameSecret, SESSION_COOKIE, validSession } from './auth.ts';
import { consoleRoute } from './console.ts';
import { scheduledApi } from './scheduled.ts';
import type { OperatorDeps } from './deps.ts';
import { operator } from './function.ts';

export const makeHandler = (d: OperatorDeps) =>
  middy<HttpEvent, HttpResult>()
    .use(httpErrors(d.logger))
    .handler(async (event) => {
      const token = await d.operatorToken();
      const headers = lowerCaseHeaders(event.headers);
      const bearer = bearerToken(headers.authorization);
      const bearerOk = bearer !== null && sameSecret(bearer, token);
      const path = event.rawPath.replace(/\/+$/, '') || '/';
      const method = event.requestContext.http.method;
      const body = rawBody(event);
      const params = event.pathParameters ?? {};

      if (path.startsWith('/api/')) {
        if (!bearerOk) return json(401, { error: 'send the operator token: Authorization: Bearer <token>' }, { 'www-authenticate': 'Bearer' });
        if (path === '/api/scheduled' || path.startsWith('/api/scheduled/')) {
          return scheduledApi(d, { method, id: params.id, action: params.action, query: event.queryStringParameters ?? {}, by: 'operator (API)' });
        }
        return api(d, { method, id: params.id, action: params.action, status: event.queryStringParameters?.status, body });
      }
      const cookie = cookieValue(event.cookies ?? (headers.cookie ? [headers.cookie] : undefined), SESSION_COOKIE);
      const session = bearerOk ? `bearer.${bearer}` : validSession(cookie, token, d.clock.now()) ? cookie! : null;
      const form = /application\/x-www-form-urlencoded/i.test(headers['content-type'] ?? '') ? new URLSearchParams(body.toString('utf8')) : new URLSearchParams();
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

export const handler = lambdaHandler(operator, makeHandler);
