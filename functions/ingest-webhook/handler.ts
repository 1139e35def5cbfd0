/** POST /webhooks/{platform} and /webhooks/{platform}/{storeId}: store purchase webhooks. */
import middy from '@middy/core';
import { lambdaBase } from '../shared/lambda/base.ts';
import { lambdaMailer } from '../shared/lambda/mail.ts';
import { lambdaRawMail } from '../shared/lambda/raw-mail.ts';
import { lambdaSecrets } from '../shared/lambda/secrets.ts';
import { lambdaStores } from '../shared/lambda/stores.ts';
import { httpErrors, json, lowerCaseHeaders, rawBody, type HttpEvent, type HttpResult } from '../shared/http.ts';
import { once } from '../shared/parts.ts';
import { acceptWebhook, type WebhookDeps } from './accept-webhook.ts';

export const makeHandler = (deps: () => WebhookDeps) =>
  middy<HttpEvent, HttpResult>()
    .use(httpErrors(() => deps().logger))
    .handler(async (event) => {
      const answer = await acceptWebhook(deps(), {
        platform: event.pathParameters?.platform,
        storeId: event.pathParameters?.storeId,
        headers: lowerCaseHeaders(event.headers),
        rawBody: rawBody(event),
      });
      return json(answer.statusCode, answer.body);
    });

export const handler = makeHandler(
  once(() => {
    const base = lambdaBase();
    return { ...base, ...lambdaStores(base), ...lambdaSecrets(base), ...lambdaRawMail(base), ...lambdaMailer(base) };
  }),
);
