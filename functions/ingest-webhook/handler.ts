/** POST /webhooks/{platform} and /webhooks/{platform}/{storeId}: store purchase webhooks. */
import middy from '@middy/core';
import { lambdaDeps, type AppDeps } from '../shared/container.ts';
import { httpErrors, json, lowerCaseHeaders, rawBody, type HttpEvent, type HttpResult } from '../shared/http.ts';
import { acceptWebhook } from './accept-webhook.ts';

export const makeHandler = (deps: () => AppDeps) =>
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

export const handler = makeHandler(() => lambdaDeps());
