/**
 * SES receiving for the inbound domain: one rule that stores the raw MIME in S3, then invokes
 * receive-mail asynchronously (its event carries no body), and a custom resource that makes the
 * rule set the active one, which CloudFormation cannot do.
 */
import { ArnFormat, Stack, Validations, type RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { ReceiptRuleSet, TlsPolicy, type IReceiptRuleAction, type ReceiptRule, type ReceiptRuleActionConfig } from 'aws-cdk-lib/aws-ses';
import { Lambda as LambdaAction, LambdaInvocationType } from 'aws-cdk-lib/aws-ses-actions';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { Construct, type IConstruct } from 'constructs';

export interface InboundReceiptRulesProps {
  /** Physical names; the inbound bucket's policy names this rule in `aws:SourceArn`. */
  readonly ruleSetName: string;
  readonly ruleName: string;
  /** Every address at this domain matches. */
  readonly domain: string;
  /** Its policy must already let SES write under `prefix` (the data stack's InboundMailBucket). */
  readonly bucket: IBucket;
  readonly prefix: string;
  readonly receiver: IFunction;
  readonly logRetention: RetentionDays;
  readonly logRemovalPolicy: RemovalPolicy;
}

/** `aws:SourceArn` of a receipt rule, as SES presents it to S3 and Lambda. */
export function receiptRuleArn(scope: IConstruct, ruleSetName: string, ruleName: string): string {
  return Stack.of(scope).formatArn({
    service: 'ses',
    resource: 'receipt-rule-set',
    resourceName: `${ruleSetName}:receipt-rule/${ruleName}`,
    arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
  });
}

/**
 * The S3 action without side effects. CDK's own S3 action would add a second bucket policy
 * statement conditioned on the account only; the data stack's statement also pins the rule.
 */
class StoreRawMail implements IReceiptRuleAction {
  constructor(
    private readonly bucketName: string,
    private readonly prefix: string,
  ) {}

  bind(): ReceiptRuleActionConfig {
    // No kmsKeyArn: SES would encrypt client-side, for the S3 Encryption Client, which SDK v3 lacks.
    return { s3Action: { bucketName: this.bucketName, objectKeyPrefix: this.prefix } };
  }
}

export class InboundReceiptRules extends Construct {
  readonly ruleSet: ReceiptRuleSet;
  readonly rule: ReceiptRule;
  readonly activation: AwsCustomResource;

  constructor(scope: Construct, id: string, props: InboundReceiptRulesProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.ruleSet = new ReceiptRuleSet(this, 'RuleSet', { receiptRuleSetName: props.ruleSetName });
    const ruleArn = receiptRuleArn(this, props.ruleSetName, props.ruleName);
    // Named "AllowSes" so that the Lambda action below uses it instead of an account-wide one.
    props.receiver.addPermission('AllowSes', {
      principal: new ServicePrincipal('ses.amazonaws.com'),
      action: 'lambda:InvokeFunction',
      sourceAccount: stack.account,
      sourceArn: ruleArn,
    });

    this.rule = this.ruleSet.addRule('Replies', {
      receiptRuleName: props.ruleName,
      recipients: [props.domain],
      scanEnabled: true,
      tlsPolicy: TlsPolicy.REQUIRE,
      actions: [
        new StoreRawMail(props.bucket.bucketName, props.prefix),
        new LambdaAction({ function: props.receiver, invocationType: LambdaInvocationType.EVENT }),
      ],
    });

    this.activation = this.activate(props);
    this.activation.node.addDependency(this.rule);
  }

  /** Activating replaces the account's active rule set in this region; deleting deactivates it. */
  private activate(props: InboundReceiptRulesProps): AwsCustomResource {
    const logGroup = new LogGroup(this, 'ActivationLogs', { retention: props.logRetention, removalPolicy: props.logRemovalPolicy });
    // Its own role: no managed policy, only the log group and the one SES call.
    const role = new Role(this, 'ActivationRole', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    logGroup.grantWrite(role);
    const activation = new AwsCustomResource(this, 'ActivateRuleSet', {
      onUpdate: {
        service: 'SES',
        action: 'setActiveReceiptRuleSet',
        parameters: { RuleSetName: this.ruleSet.receiptRuleSetName },
        physicalResourceId: PhysicalResourceId.of(`active-receipt-rule-set-${props.ruleSetName}`),
      },
      // Without a name SES deactivates the active set, which lets CloudFormation delete this one.
      onDelete: { service: 'SES', action: 'setActiveReceiptRuleSet', parameters: {} },
      policy: AwsCustomResourcePolicy.fromStatements([
        new PolicyStatement({ actions: ['ses:SetActiveReceiptRuleSet'], resources: ['*'] }),
      ]),
      role,
      logGroup,
      // The SDK in the Lambda runtime is enough for this call; no npm install at deploy time.
      installLatestAwsSdk: false,
    });
    Validations.of(activation).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'ses:SetActiveReceiptRuleSet has no resource-level permissions; the role may make that one call and write its log group.',
    });
    return activation;
  }
}
