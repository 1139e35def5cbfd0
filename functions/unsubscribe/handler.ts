/**
 * GET /unsubscribe?t=TOKEN shows a page with a button and changes nothing (link scanners follow
 * GETs); POST /unsubscribe?t=TOKEN is RFC 8058 one-click: no cookies, no CSRF token, 200 and
 * no redirect.
 */
import middy from '@middy/core';
import { unsubscribe, unsubscribeTarget, type UnsubscribeDeps } from '../core/use-cases/unsubscribe.ts';
import { html, httpErrors, type HttpEvent, type HttpResult } from '../shared/http.ts';
import { lambdaHandler } from '../shared/lambda.ts';
import type { Base } from '../shared/parts/base.ts';
import { unsubscribe as declaration } from './function.ts';
import { confirmPage, donePage, invalidPage } from './page.ts';

export type UnsubscribeParts = UnsubscribeDeps & Pick<Base, 'store' | 'config'>;

export const makeHandler = (parts: UnsubscribeParts) =>
  middy<HttpEvent, HttpResult>()
    .use(httpErrors(parts.logger))
    .handler(async (event) => {
      const token = event.queryStringParameters?.t ?? '';
      const post = event.requestContext.http.method === 'POST';
      const result = post ? await unsubscribe(parts, token) : await unsubscribeTarget(parts, token);
      const fallback = parts.store(parts.config.defaultStore)?.language ?? 'en';
      if (result.status === 'invalid-link') return html(400, invalidPage(fallback));
      const store = result.storeId ? parts.store(result.storeId) : undefined;
      const language = store?.language ?? fallback;
      return html(200, post ? donePage(store?.name ?? null, language) : confirmPage(store?.name ?? null, language));
    });

export const handler = lambdaHandler(declaration, makeHandler);
