import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { SEND_LEASE_MS, SEND_MAX_RECEIVES } from '../../functions/core/domain/send-timing.ts';
import { HTTP_ROUTES } from '../../functions/shared/routes.ts';
import { buildFollowup, logicalId, templatesOf, type Json } from './support.ts';

describe('pipeline stack', () => {
  let built: ReturnType<typeof buildFollowup>;
  let template: Template;
  let resources: Record<string, Json>;

  beforeAll(() => {
    built = buildFollowup({ stage: 'prod' });
    template = templatesOf(built).pipeline;
    resources = template.toJSON().Resources;
  });

  const fnRef = (name: keyof typeof built.pipeline.functions) => ({ Ref: logicalId(built.pipeline.functions[name]) });

  it('has send-note read the queue in batches of 10, reporting item failures, at the stage concurrency', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: fnRef('send-note'),
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: built.stage.maxSendConcurrency },
    });
  });

  it('gives the send queue a visibility of at least 6 × send-note timeout and a DLQ after 5 receives, with an alarm', () => {
    const mapping = Object.values(template.findResources('AWS::Lambda::EventSourceMapping', { Properties: { FunctionName: fnRef('send-note') } }))[0]!;
    const queueId = mapping.Properties.EventSourceArn['Fn::GetAtt'][0] as string;
    const queue = resources[queueId]!.Properties;
    const sendNoteTimeout = resources[logicalId(built.pipeline.functions['send-note'])]!.Properties.Timeout as number;
    expect(queue.VisibilityTimeout).toBeGreaterThanOrEqual(6 * sendNoteTimeout);
    expect(queue.RedrivePolicy.maxReceiveCount).toBe(5);
    expect(queue.SqsManagedSseEnabled).toBe(true);

    const dlqId = queue.RedrivePolicy.deadLetterTargetArn['Fn::GetAtt'][0] as string;
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlqId, 'QueueName'] } }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [Match.anyValue()],
    });
  });

  it('lets a sender\'s lease run out before its message is offered again: send-note timeout < lease < visibility timeout', () => {
    const mapping = Object.values(template.findResources('AWS::Lambda::EventSourceMapping', { Properties: { FunctionName: fnRef('send-note') } }))[0]!;
    const queue = resources[mapping.Properties.EventSourceArn['Fn::GetAtt'][0] as string]!.Properties;
    const sendNoteTimeoutMs = (resources[logicalId(built.pipeline.functions['send-note'])]!.Properties.Timeout as number) * 1000;
    // A live sender never outlasts its lease, and a message offered again finds it expired.
    expect(sendNoteTimeoutMs).toBeLessThan(SEND_LEASE_MS);
    expect(queue.VisibilityTimeout * 1000).toBeGreaterThan(SEND_LEASE_MS);
    expect(queue.RedrivePolicy.maxReceiveCount).toBe(SEND_MAX_RECEIVES);
  });

  it('denies non-TLS access to every queue', () => {
    const queues = Object.keys(template.findResources('AWS::SQS::Queue'));
    const guarded = Object.values(template.findResources('AWS::SQS::QueuePolicy'))
      .filter((p) => (p.Properties.PolicyDocument.Statement as Json[]).some((s) => s.Effect === 'Deny' && s.Condition?.Bool?.['aws:SecureTransport'] === 'false'))
      .flatMap((p) => (p.Properties.Queues as Json[]).map((q) => q['Fn::GetAtt']?.[0] ?? q.Ref));
    expect(guarded.sort()).toEqual(queues.sort());
  });

  it('sweeps every minute', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [logicalId(built.pipeline.functions['sweep-due']), 'Arn'] } })],
    });
  });

  it('sends failed asynchronous invocations of sweep-due, ses-events and receive-mail to a queue', () => {
    for (const name of ['sweep-due', 'ses-events', 'receive-mail'] as const) {
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: fnRef(name),
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] } } },
      });
    }
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      Endpoint: { 'Fn::GetAtt': [logicalId(built.pipeline.functions['ses-events']), 'Arn'] },
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue() },
    });
  });

  it('serves exactly the routes of HTTP_ROUTES, each by its function', () => {
    const integrations = template.findResources('AWS::ApiGatewayV2::Integration');
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map((r) => {
      const integrationId = r.Properties.Target['Fn::Join'][1][1].Ref as string;
      const fnArn = integrations[integrationId]!.Properties.IntegrationUri['Fn::GetAtt'][0] as string;
      return `${r.Properties.RouteKey} -> ${fnArn}`;
    });
    const expected = HTTP_ROUTES.map((r) => {
      const fn = built.pipeline.functions[r.fn];
      return `${r.method} ${r.path} -> ${logicalId(fn)}`;
    });
    expect(routes.sort()).toEqual(expected.sort());
  });

  it('throttles and access-logs the default stage', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: built.stage.apiThrottle.rateLimit, ThrottlingBurstLimit: built.stage.apiThrottle.burstLimit },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
    });
  });

  it('stores inbound mail in S3 before invoking receive-mail asynchronously', () => {
    template.hasResourceProperties('AWS::SES::ReceiptRule', {
      Rule: {
        Name: built.stage.names.receiptRule,
        Enabled: true,
        Recipients: [built.stage.inboundDomain],
        ScanEnabled: true,
        TlsPolicy: 'Require',
        Actions: [
          { S3Action: { BucketName: Match.anyValue(), ObjectKeyPrefix: 'inbound/' } },
          { LambdaAction: { FunctionArn: { 'Fn::GetAtt': [logicalId(built.pipeline.functions['receive-mail']), 'Arn'] }, InvocationType: 'Event' } },
        ],
      },
    });
    const rule = Object.values(template.findResources('AWS::SES::ReceiptRule'))[0]!;
    expect(rule.Properties.Rule.Actions[0].S3Action.KmsKeyArn).toBeUndefined();
    template.hasResourceProperties('AWS::Lambda::Permission', {
      FunctionName: { 'Fn::GetAtt': [logicalId(built.pipeline.functions['receive-mail']), 'Arn'] },
      Principal: 'ses.amazonaws.com',
      SourceAccount: Match.anyValue(),
      SourceArn: Match.anyValue(),
    });
  });

  it('activates the receipt rule set with a custom resource allowed only ses:SetActiveReceiptRuleSet', () => {
    const ruleSet = Object.keys(template.findResources('AWS::SES::ReceiptRuleSet'))[0]!;
    const activation = Object.values(template.findResources('Custom::AWS'))[0]!;
    expect(JSON.stringify(activation.Properties.Create)).toContain('setActiveReceiptRuleSet');
    expect(JSON.stringify(activation.Properties.Create)).toContain(JSON.stringify({ Ref: ruleSet }));
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyName: Match.stringLikeRegexp('ActivateRuleSet'),
      PolicyDocument: { Statement: [{ Action: 'ses:SetActiveReceiptRuleSet', Effect: 'Allow', Resource: '*' }] },
    });
  });

  it('outputs the API URL and each store\'s webhook URLs', () => {
    template.hasOutput('ApiUrl', Match.anyValue());
    template.hasOutput('WebhooksNorthwind', { Value: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('/webhooks/shopify/northwind')])] } });
  });

  it('points the links in notes at the API itself when the config names no public https domain', () => {
    const local = buildFollowup({ publicBaseUrl: 'http://localhost:3000' });
    const sendNote = templatesOf(local).pipeline.toJSON().Resources[logicalId(local.pipeline.functions['send-note'])];
    const url = sendNote.Properties.Environment.Variables.FOLLOWUP_PUBLIC_BASE_URL;
    expect(JSON.stringify(url)).toContain(logicalId(local.pipeline.api.api));
    const withDomain = resources[logicalId(built.pipeline.functions['send-note'])]!;
    expect(withDomain.Properties.Environment.Variables.FOLLOWUP_PUBLIC_BASE_URL).toBeUndefined();
  });

  it('plans from the table stream: order changes only, in order, resumed from the first failure, kept aside after ten tries', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: fnRef('plan-follow-ups'),
      StartingPosition: 'TRIM_HORIZON',
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      MaximumRetryAttempts: 10,
      FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ dynamodb: { NewImage: { type: { S: ['order'] } } } }) }] },
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
  });
});
