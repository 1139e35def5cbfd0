/**
 * The secrets the functions read by name: the key that signs reply addresses and unsubscribe
 * links, the operator's token, and one secret holding every store webhook secret the deployment
 * config names (a JSON object keyed by those names), which the operator fills in with the
 * platforms' values. One secret for all of them keeps the monthly price of secrets the same
 * however many stores and platforms a deployment serves ($0.40 a secret).
 */
import { CfnOutput, SecretValue, Stack, Validations, type RemovalPolicy } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { secretNames, type DeploymentConfig } from '../../functions/core/domain/store.ts';
import { OPERATOR_TOKEN_SECRET } from '../../functions/operator/auth.ts';
import { WEBHOOK_SECRETS } from '../../functions/shared/parts/secrets.ts';

export interface FollowupSecretsProps {
  readonly deployment: DeploymentConfig;
  /** Every physical name starts with it: `<prefix><name>`. */
  readonly prefix: string;
  /** The signing key's name under the prefix. */
  readonly signingSecretName: string;
  readonly removalPolicy: RemovalPolicy;
}

export class FollowupSecrets extends Construct {
  readonly prefix: string;
  readonly signingSecretName: string;
  readonly signingKey: Secret;
  /** The operator's bearer token for the API and the console. */
  readonly operatorToken: Secret;
  readonly operatorTokenName: string;
  /** Every store webhook secret, by the name the config uses. */
  readonly webhookSecrets: Secret;
  readonly webhookSecretsName: string;

  constructor(scope: Construct, id: string, props: FollowupSecretsProps) {
    super(scope, id);
    this.prefix = props.prefix;
    this.signingSecretName = props.signingSecretName;
    const names = secretNames(props.deployment);
    for (const reserved of [props.signingSecretName, OPERATOR_TOKEN_SECRET, WEBHOOK_SECRETS]) {
      if (names.includes(reserved)) throw new Error(`a store secret may not be called "${reserved}": that name is taken`);
    }

    this.signingKey = new Secret(this, 'SigningKey', {
      secretName: `${props.prefix}${props.signingSecretName}`,
      description: 'followup: HMAC key of reply addresses and unsubscribe links',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: props.removalPolicy,
    });
    Validations.of(this.signingKey).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Rotating the signing key invalidates every reply address and unsubscribe link already sent; it is rotated by hand, with notice (docs/deploy.md).',
    });

    this.operatorTokenName = OPERATOR_TOKEN_SECRET;
    this.operatorToken = new Secret(this, 'OperatorToken', {
      secretName: `${props.prefix}${OPERATOR_TOKEN_SECRET}`,
      description: 'followup: bearer token of the operator API and console',
      generateSecretString: { passwordLength: 40, excludePunctuation: true },
      removalPolicy: props.removalPolicy,
    });
    Validations.of(this.operatorToken).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'The token is handed to the people who run the console; it is replaced by hand when one of them leaves (docs/deploy.md).',
    });

    this.webhookSecretsName = WEBHOOK_SECRETS;
    this.webhookSecrets = new Secret(this, 'WebhookSecrets', {
      secretName: `${props.prefix}${WEBHOOK_SECRETS}`,
      description: `followup: the stores' webhook secrets, a JSON object keyed by ${names.map((n) => `"${n}"`).join(', ')}`,
      // Created empty and never set again by a deploy: the values the operator puts in survive a
      // change of the config. A webhook whose secret is not there yet is refused, and retried.
      secretStringValue: SecretValue.unsafePlainText('{}'),
      removalPolicy: props.removalPolicy,
    });
    Validations.of(this.webhookSecrets).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The values are issued by the store platforms (Shopify, WooCommerce, Stripe); they change when a merchant rotates them there, which no Lambda can do.',
    });

    const stack = Stack.of(this);
    new CfnOutput(stack, 'SigningSecretName', {
      value: `${props.prefix}${props.signingSecretName}`,
      description: 'Generated at deploy; replace only to rotate (docs/deploy.md)',
    });
    new CfnOutput(stack, 'OperatorTokenSecretName', {
      value: `${props.prefix}${OPERATOR_TOKEN_SECRET}`,
      description: 'The operator API and console token: read it from Secrets Manager',
    });
    new CfnOutput(stack, 'WebhookSecretsName', {
      value: `${props.prefix}${WEBHOOK_SECRETS}`,
      description: `Put the platforms' webhook secrets here, as JSON with the keys ${names.join(', ')} (docs/deploy.md)`,
    });
  }
}
