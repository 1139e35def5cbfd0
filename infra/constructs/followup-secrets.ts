/**
 * The secrets the functions read by name: the key that signs reply addresses and unsubscribe
 * links, and one secret per store webhook secret the deployment config names. Store secrets are
 * created with a random placeholder that the operator replaces with the platform's value.
 */
import { CfnOutput, Stack, Validations, type RemovalPolicy } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { secretNames, type DeploymentConfig } from '../../functions/core/domain/store.ts';
import { OPERATOR_TOKEN_SECRET } from '../../functions/operator/auth.ts';

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
  /** Keyed by the name the config uses (without the prefix). */
  readonly storeSecrets: ReadonlyMap<string, Secret>;

  constructor(scope: Construct, id: string, props: FollowupSecretsProps) {
    super(scope, id);
    this.prefix = props.prefix;
    this.signingSecretName = props.signingSecretName;
    const names = secretNames(props.deployment);
    for (const reserved of [props.signingSecretName, OPERATOR_TOKEN_SECRET]) {
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

    const stores = new Map<string, Secret>();
    for (const name of names) {
      const secret = new Secret(this, `Store-${name.replace(/[^A-Za-z0-9-]/g, '-')}`, {
        secretName: `${props.prefix}${name}`,
        description: `followup: store webhook secret "${name}" (replace the placeholder with the platform's value)`,
        generateSecretString: { passwordLength: 48, excludePunctuation: true },
        removalPolicy: props.removalPolicy,
      });
      Validations.of(secret).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason:
          'The value is issued by the store platform (Shopify, WooCommerce, Stripe); it changes when the merchant rotates it there, which no Lambda can do.',
      });
      stores.set(name, secret);
    }
    this.storeSecrets = stores;

    const stack = Stack.of(this);
    new CfnOutput(stack, 'SigningSecretName', {
      value: `${props.prefix}${props.signingSecretName}`,
      description: 'Generated at deploy; replace only to rotate (docs/deploy.md)',
    });
    new CfnOutput(stack, 'OperatorTokenSecretName', {
      value: `${props.prefix}${OPERATOR_TOKEN_SECRET}`,
      description: 'The operator API and console token: read it from Secrets Manager',
    });
    new CfnOutput(stack, 'StoreSecretNames', {
      value: names.map((n) => `${props.prefix}${n}`).join(' , '),
      description: 'Put each platform webhook secret here (docs/deploy.md)',
    });
  }
}
