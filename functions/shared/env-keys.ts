/**
 * Names of the environment variables the functions read. Each part (parts/) lists the ones it
 * reads; the CDK stack sets exactly those of a function's parts, and the local runtime hands a
 * function exactly those, so runtime and infrastructure cannot drift.
 *
 * Endpoints are not among them: the SDK reads `AWS_ENDPOINT_URL_<SERVICE>` itself, which is
 * how the synthesized bundles are pointed at the local engines in tests.
 */
export const ENV = {
  /** The DynamoDB table. */
  table: 'FOLLOWUP_TABLE',
  /** SQS queue the sweeper hands due notes to. */
  queueUrl: 'FOLLOWUP_QUEUE_URL',
  /** SES configuration set put on every send (delivery events). */
  configurationSet: 'FOLLOWUP_SES_CONFIGURATION_SET',
  /** Secrets Manager secret holding the key that signs reply and unsubscribe tokens. */
  signingSecret: 'FOLLOWUP_SIGNING_SECRET',
  /** Secrets Manager secret holding the operator's bearer token (API and console). */
  operatorTokenSecret: 'FOLLOWUP_OPERATOR_TOKEN_SECRET',
  /** Secrets Manager secret holding every store's webhook secrets (JSON, keyed by the config's names). */
  webhookSecrets: 'FOLLOWUP_WEBHOOK_SECRETS',
  /** Prefix of the secrets' names in Secrets Manager. */
  secretsPrefix: 'FOLLOWUP_SECRETS_PREFIX',
  /** Where the templates are (the Lambda bundle carries a copy). */
  templatesDir: 'FOLLOWUP_TEMPLATES_DIR',
  /** Bucket SES stores inbound mail in. */
  inboundBucket: 'FOLLOWUP_INBOUND_BUCKET',
  /** A deployment config file (JSON); the embedded default otherwise (never in Lambda). */
  config: 'FOLLOWUP_CONFIG',
  /** Public base URL of the HTTP API, for links in notes; overrides the config's. */
  publicBaseUrl: 'FOLLOWUP_PUBLIC_BASE_URL',
  logLevel: 'LOG_LEVEL',
} as const;

export type EnvKey = (typeof ENV)[keyof typeof ENV];
