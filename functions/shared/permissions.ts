/**
 * What a function may call, as IAM statements derived from its declaration. Infra attaches these
 * statements to the function's role (with the deployed resources' ARNs); the local runtime
 * evaluates every call a function's clients make against the same statements (with the local
 * engines' ARNs) and refuses the rest as AWS would (functions/local/access).
 */
import type { AnyPart, FunctionDeclaration } from './declaration.ts';

export interface Statement {
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  /** IAM condition operator → condition key → allowed values. */
  readonly conditions?: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
}

/** The ARNs of what functions may touch: the deployed ones (CDK tokens) or the local ones. */
export interface PipelineResources {
  readonly tableArn: string;
  readonly sendQueueArn: string;
  /** The inbound bucket's ARN (s3:ListBucket). */
  readonly inboundBucketArn: string;
  /** The ARN pattern of the inbound bucket's objects under a key prefix. */
  inboundObjects(prefix: string): string;
  readonly secrets: { readonly storeWebhooks: string; readonly signingKey: string; readonly operatorToken: string };
  readonly ses: {
    /** The domain identities mail is sent from. */
    readonly identities: readonly string[];
    readonly configurationSet: string;
    /** The only From addresses a send may use. */
    readonly fromAddresses: readonly string[];
  };
}

function secretsOf(part: AnyPart, resources: PipelineResources): readonly string[] {
  switch (part.kind) {
    case 'storeWebhookSecrets':
      return [resources.secrets.storeWebhooks];
    case 'signingKey':
      return [resources.secrets.signingKey];
    case 'operatorToken':
      return [resources.secrets.operatorToken];
    default:
      return [];
  }
}

export function permissionsOf(declaration: FunctionDeclaration, resources: PipelineResources): Statement[] {
  const statements: Statement[] = [];
  for (const part of declaration.parts) {
    switch (part.kind) {
      case 'table':
        if (part.grant.items.length > 0) statements.push({ actions: part.grant.items.map((a) => `dynamodb:${a}`), resources: [resources.tableArn] });
        // Each index on its own ARN: querying the table does not reach its indexes, nor `index/*`.
        for (const index of part.grant.indexes ?? []) statements.push({ actions: ['dynamodb:Query'], resources: [`${resources.tableArn}/index/${index}`] });
        break;
      case 'sendQueue':
        // SendMessageBatch is authorised as sqs:SendMessage.
        statements.push({ actions: ['sqs:SendMessage'], resources: [resources.sendQueueArn] });
        break;
      case 'inboundBucket':
        if (part.grant.tellsMissing) statements.push({ actions: ['s3:ListBucket'], resources: [resources.inboundBucketArn] });
        // One statement per prefix, naming exactly what the code calls there.
        for (const [prefix, actions] of Object.entries(part.grant.prefixes)) {
          statements.push({ actions: actions.map((a) => `s3:${a}`), resources: [resources.inboundObjects(prefix)] });
        }
        break;
      case 'sesSending':
        // SES authorises a send against the identity and the configuration set: both ARNs.
        statements.push({
          actions: ['ses:SendRawEmail'],
          resources: [...resources.ses.identities, resources.ses.configurationSet],
          // Ignoring case: the config may spell an address differently from the Source SES is given.
          conditions: { StringEqualsIgnoreCase: { 'ses:FromAddress': [...resources.ses.fromAddresses] } },
        });
        break;
      case 'storeWebhookSecrets':
      case 'signingKey':
      case 'operatorToken':
      case 'templates':
        break;
    }
  }
  // Every secret in one statement: GetSecretValue on exactly the named ones.
  const secrets = declaration.parts.flatMap((part) => secretsOf(part, resources));
  if (secrets.length > 0) statements.push({ actions: ['secretsmanager:GetSecretValue'], resources: [...new Set(secrets)] });
  return statements;
}
