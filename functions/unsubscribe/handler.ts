/**
 * GET /unsubscribe?t=TOKEN shows a page with a button and changes nothing (link scanners follow
 * GETs); POST /unsubscribe?t=TOKEN is RFC 8058 one-click: no cookies, no CSRF token, 200 and
 * no redirect.
 */
import middy from '@middy/core';
import { unsubscribe, unsubscribeTarget } from '../core/use-cases/unsubscribe.ts';
import type { UnsubscribeDeps } from '../core/use-cases/unsubscribe.ts';
import { lambdaBase } from '../shared/lambda/base.ts';
import { lambdaSecrets } from '../shared/lambda/secrets.ts';
import { lambdaStores } from '../shared/lambda/stores.ts';
import { once, type BaseParts, type SecretParts } from '../shared/parts.ts';

export type UnsubscribePageDeps = Omit<UnsubscribeDeps, 'signer'> & Pick<SecretParts, 'signer'> & Pick<BaseParts, 'store' | 'config'>;
import { html, httpErrors, type HttpEvent, type HttpResult } from '../shared/http.ts';
import { confirmPage, donePage, invalidPage } from './page.ts';

export const makeHandler = (deps: () => UnsubscribePageDeps) =>
  middy<HttpEvent, HttpResult>()
    .use(httpErrors(() => deps().logger))
    .handler(async (event) => {
      const d = deps();
      const token = event.queryStringParameters?.t ?? '';
      const use = { ...d, signer: await d.signer() };
      const post = event.requestContext.http.method === 'POST';
      const result = post ? await unsubscribe(use, token) : await unsubscribeTarget(use, token);
      const fallback = d.store(d.config.defaultStore)?.language ?? 'en';
      if (result.status === 'invalid-link') return html(400, invalidPage(fallback));
      const store = result.storeId ? d.store(result.storeId) : undefined;
      const language = store?.language ?? fallback;
      return html(200, post ? donePage(store?.name ?? null, language) : confirmPage(store?.name ?? null, language));
    });

export const handler = makeHandler(
  once(() => {
    const base = lambdaBase();
    return { ...base, ...lambdaStores(base), ...lambdaSecrets(base) };
  }),
);
