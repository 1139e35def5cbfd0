/**
 * The public HTTP API, built from the same route table the local runtime serves
 * (functions/shared/routes.ts), with a throttled, access-logged default stage.
 */
import { Validations, type RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, LogGroupLogDestination, type HttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { HTTP_ROUTES, type HttpFunction, type HttpRoute } from '../../functions/shared/routes.ts';

export interface FollowupHttpApiProps {
  /** The function behind each route's `fn`. */
  readonly handlers: Readonly<Record<HttpFunction, IFunction>>;
  /** Steady-state requests per second and burst, for every route of the default stage. */
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
  readonly logRetention: RetentionDays;
  readonly logRemovalPolicy: RemovalPolicy;
  /** @default HTTP_ROUTES */
  readonly routes?: readonly HttpRoute[];
}

/** Why each function's routes carry no API Gateway authorizer (cdk-nag AwsSolutions-APIG4). */
const WHY_NO_AUTHORIZER: Record<HttpFunction, string> = {
  'ingest-webhook':
    'Store platforms (Shopify, WooCommerce, Stripe) cannot present API credentials; every delivery is authenticated by the HMAC signature over its raw body, checked with the store secret before anything is stored.',
  unsubscribe:
    'Opened from a link in an email and POSTed by mailbox providers (RFC 8058 one-click), which send no credentials; the HMAC-signed token in the link is the authorisation.',
  operator:
    'The function checks the operator token itself (a bearer token, or the console session derived from it, compared in constant time) before anything is read; the console\'s sign-in page must be reachable without credentials.',
};

/**
 * One JSON line per request. No query string and no body: the unsubscribe token and webhook
 * payloads stay out of the logs.
 */
const ACCESS_LOG_FORMAT = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    requestTime: '$context.requestTime',
    sourceIp: '$context.identity.sourceIp',
    routeKey: '$context.routeKey',
    status: '$context.status',
    protocol: '$context.protocol',
    responseLength: '$context.responseLength',
    responseLatency: '$context.responseLatency',
    integrationError: '$context.integrationErrorMessage',
  }),
);

export class FollowupHttpApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  /** Base URL, ending with "/". */
  readonly url: string;

  constructor(scope: Construct, id: string, props: FollowupHttpApiProps) {
    super(scope, id);
    this.api = new HttpApi(this, 'Api', { createDefaultStage: false, description: 'followup: store webhooks, unsubscribe, operator API and console' });

    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: props.logRetention, removalPolicy: props.logRemovalPolicy });
    this.stage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle,
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs), format: ACCESS_LOG_FORMAT },
    });
    this.url = this.stage.url;

    const integrations = new Map<HttpFunction, HttpLambdaIntegration>();
    const integrationFor = (fn: HttpFunction) => {
      let integration = integrations.get(fn);
      if (!integration) {
        integration = new HttpLambdaIntegration(`${pascal(fn)}Integration`, props.handlers[fn]);
        integrations.set(fn, integration);
      }
      return integration;
    };
    for (const route of props.routes ?? HTTP_ROUTES) {
      const added = this.api.addRoutes({ path: route.path, methods: [HttpMethod[route.method]], integration: integrationFor(route.fn) });
      for (const r of added) Validations.of(r).acknowledge({ id: 'AwsSolutions-APIG4', reason: WHY_NO_AUTHORIZER[route.fn] });
    }
  }
}

function pascal(kebab: string): string {
  return kebab.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase());
}
