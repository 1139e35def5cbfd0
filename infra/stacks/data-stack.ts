/**
 * The stateful half: the table, the inbound-mail bucket, SES identities and configuration set,
 * and the secrets. Retained and protected in prod; the pipeline stack can be replaced freely.
 */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { AttributeType, Billing, ProjectionType, StreamViewType, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { CUSTOMER_INDEX, DUE_INDEX, KEY, STREAM_VIEW, TTL_ATTRIBUTE } from '../../functions/adapters/dynamodb/table-schema.ts';
import type { DeploymentConfig } from '../../functions/core/domain/store.ts';
import type { StageConfig } from '../config/stages.ts';
import { FollowupSecrets } from '../constructs/followup-secrets.ts';
import { InboundMailBucket } from '../constructs/inbound-mail-bucket.ts';
import { MailDomains } from '../constructs/mail-domains.ts';

export interface DataStackProps extends StackProps {
  readonly stage: StageConfig;
  readonly deployment: DeploymentConfig;
}

/** What the pipeline stack receives from the data stack. */
export interface FollowupData {
  readonly table: TableV2;
  /**
   * Export holding the inbound bucket's name. The pipeline imports it by this fixed name, which
   * also keeps the data stack from dropping the bucket while receiving still points at it.
   */
  readonly inboundBucketNameExport: string;
  readonly mail: {
    readonly configurationSetName: string;
    readonly eventsTopic: ITopic;
    readonly sendingDomains: readonly string[];
    readonly fromAddresses: readonly string[];
  };
  readonly secrets: {
    readonly prefix: string;
    readonly signingSecretName: string;
    readonly signingKey: ISecret;
    readonly operatorToken: ISecret;
    readonly operatorTokenName: string;
    readonly webhookSecrets: ISecret;
    readonly webhookSecretsName: string;
  };
}

export class DataStack extends Stack implements FollowupData {
  readonly table: TableV2;
  readonly inboundBucketNameExport: string;
  readonly mail: FollowupData['mail'];
  readonly secrets: FollowupData['secrets'];

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, { ...props, terminationProtection: props.stage.protectData });
    const { stage, deployment } = props;

    this.table = new TableV2(this, 'Table', {
      partitionKey: { name: KEY.pk, type: AttributeType.STRING },
      sortKey: { name: KEY.sk, type: AttributeType.STRING },
      billing: Billing.onDemand(),
      globalSecondaryIndexes: [
        {
          indexName: DUE_INDEX.name,
          partitionKey: { name: DUE_INDEX.pk, type: AttributeType.STRING },
          sortKey: { name: DUE_INDEX.sk, type: AttributeType.STRING },
          // The sweeper reads only keys from the index, then updates the note by its key.
          projectionType: ProjectionType.KEYS_ONLY,
        },
        {
          indexName: CUSTOMER_INDEX.name,
          partitionKey: { name: CUSTOMER_INDEX.pk, type: AttributeType.STRING },
          // Erasure and data export find a customer's orders and escalations by key, then read them.
          projectionType: ProjectionType.KEYS_ONLY,
        },
      ],
      timeToLiveAttribute: TTL_ATTRIBUTE,
      // Each change to an order goes on to planning (plan-follow-ups), each privacy request to
      // privacy-requests, through the stream.
      dynamoStream: StreamViewType[STREAM_VIEW],
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: stage.protectData,
      removalPolicy: stage.removalPolicy,
    });

    const inbound = new InboundMailBucket(this, 'InboundMail', {
      receiptRuleSetName: stage.names.receiptRuleSet,
      receiptRuleName: stage.names.receiptRule,
      retention: stage.inboundMailRetention,
      stores: deployment.stores,
      removalPolicy: stage.removalPolicy,
    });
    this.inboundBucketNameExport = `followup-${stage.name}-inbound-bucket`;
    new CfnOutput(this, 'InboundBucketName', { value: inbound.bucket.bucketName, exportName: this.inboundBucketNameExport });

    const domains = new MailDomains(this, 'MailDomains', { deployment, removalPolicy: stage.removalPolicy });
    this.mail = {
      configurationSetName: domains.configurationSet.configurationSetName,
      eventsTopic: domains.eventsTopic,
      sendingDomains: domains.sendingDomains,
      fromAddresses: domains.fromAddresses,
    };

    const secrets = new FollowupSecrets(this, 'Secrets', {
      deployment,
      prefix: stage.names.secretsPrefix,
      signingSecretName: stage.names.signingSecret,
      removalPolicy: stage.removalPolicy,
    });
    this.secrets = {
      prefix: secrets.prefix,
      signingSecretName: secrets.signingSecretName,
      signingKey: secrets.signingKey,
      operatorToken: secrets.operatorToken,
      operatorTokenName: secrets.operatorTokenName,
      webhookSecrets: secrets.webhookSecrets,
      webhookSecretsName: secrets.webhookSecretsName,
    };

    new CfnOutput(this, 'InboundMx', {
      description: 'MX record that routes replies to SES (replace any other MX of this domain)',
      value: `${stage.inboundDomain} MX 10 inbound-smtp.${this.region}.amazonaws.com`,
    });
  }
}
