/** POST /webhooks/{platform} and /webhooks/{platform}/{storeId}: store purchase webhooks. */
import middy from '@middy/core';
import { httpErrors, json, lowerCaseHeaders, rawBody, type HttpEvent, type HttpResult } from '../shared/http.ts';
import { lambdaHandler } from '../shared/lambda.ts';
import { acceptWebhook, type WebhookParts } from './accept-webhook.ts';
import { ingestWebhook } from './function.ts';

export const makeHandler = (parts: WebhookParts) =>
  middy<HttpEvent, HttpResult>()
    .use(httpErrors(parts.logger))
    .handler(async (event) => {
      const answer = await acceptWebhook(parts, {
        platform: event.pathParameters?.platform,
        storeId: event.pathParameters?.storeId,
        headers: lowerCaseHeaders(event.headers),
        rawBody: rawBody(event),
      });
      return json(answer.statusCode, answer.body);
    });

export const handler = lambdaHandler(ingestWebhook, makeHandler);
