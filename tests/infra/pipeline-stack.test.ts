import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { SEND_LEASE_MS, SEND_MAX_RECEIVES } from '../../functions/core/domain/send-timing.ts';
import { HTTP_ROUTES } from '../../functions/shared/routes.ts';
import { buildFollowup, logicalId, templatesOf, type Json } from './support.ts';

// Built once for the file: a prod stage, and a dev stage on a plain-http public URL.
let built: ReturnType<typeof buildFollowup>;
let template: Template;
let resources: Record<string, Json>;
let local: ReturnType<typeof buildFollowup>;

beforeAll(() => {
  built = buildFollowup({ stage: 'prod' });
  template = templatesOf(built).pipeline;
  resources = template.toJSON().Resources;
  local = buildFollowup({ stage: 'dev', publicBaseUrl: 'http://localhost:3000' });
});

describe('pipeline stack', () => {
  const fnRef = (name: keyof typeof built.pipeline.functions) => ({ Ref: logicalId(built.pipeline.functions[name]) });

  it('has send-mail read the queue in batches of 5 (all sent side by side), reporting item failures, at the stage concurrency', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: fnRef('send-mail'),
      BatchSize: 5,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: built.stage.maxSendConcurrency },
    });
  });

  it('gives the send queue a visibility of at least 6 × send-mail timeout and a DLQ after 5 receives, with an alarm', () => {
    const mapping = Object.values(template.findResources('AWS::Lambda::EventSourceMapping', { Properties: { FunctionName: fnRef('send-mail') } }))[0]!;
    const queueId = mapping.Properties.EventSourceArn['Fn::GetAtt'][0] as string;
    const queue = resources[queueId]!.Properties;
    const sendNoteTimeout = resources[logicalId(built.pipeline.functions['send-mail'])]!.Properties.Timeout as number;
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

  it('lets a sender\'s lease run out before its message is offered again: send-mail timeout < lease < visibility timeout', () => {
    const mapping = Object.values(template.findResources('AWS::Lambda::EventSourceMapping', { Properties: { FunctionName: fnRef('send-mail') } }))[0]!;
    const queue = resources[mapping.Properties.EventSourceArn['Fn::GetAtt'][0] as string]!.Properties;
    const sendMailTimeoutMs = (resources[logicalId(built.pipeline.functions['send-mail'])]!.Properties.Timeout as number) * 1000;
    // A live sender never outlasts its lease, and a message offered again finds it expired.
    expect(sendMailTimeoutMs).toBeLessThan(SEND_LEASE_MS);
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
    const sendMail = templatesOf(local).pipeline.toJSON().Resources[logicalId(local.pipeline.functions['send-mail'])];
    const url = sendMail.Properties.Environment.Variables.FOLLOWUP_PUBLIC_BASE_URL;
    expect(JSON.stringify(url)).toContain(logicalId(local.pipeline.api.api));
    const withDomain = resources[logicalId(built.pipeline.functions['send-mail'])]!;
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

  it('carries out privacy requests from the table stream in a mapping of their own: requests only, resumed from the first failure, kept aside after ten tries', () => {
    const mappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping', { Properties: { FunctionName: fnRef('privacy-requests') } }));
    expect(mappings).toHaveLength(1);
    expect(mappings[0]!.Properties).toMatchObject({
      StartingPosition: 'TRIM_HORIZON',
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      MaximumRetryAttempts: 10,
      FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ dynamodb: { NewImage: { type: { S: ['privacy-request'] } } } }) }] },
      DestinationConfig: { OnFailure: { Destination: expect.anything() } },
    });
    // The same stream planning reads, not another.
    const planning = Object.values(template.findResources('AWS::Lambda::EventSourceMapping', { Properties: { FunctionName: fnRef('plan-follow-ups') } }))[0]!;
    expect(mappings[0]!.Properties.EventSourceArn).toEqual(planning.Properties.EventSourceArn);
    expect(mappings[0]!.Properties.DestinationConfig).toEqual(planning.Properties.DestinationConfig);
  });
});

describe('alarms an operator needs, on one topic', () => {
  let alarms: Json[];

  beforeAll(() => {
    alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties as Json);
  });

  const topic = () => {
    const topics = Object.keys(template.findResources('AWS::SNS::Topic'));
    expect(topics).toHaveLength(1);
    return { Ref: topics[0]! };
  };
  const on = (metric: string) => alarms.filter((a) => a.MetricName === metric);

  it('notifies one operator topic from every alarm, and outputs it', () => {
    expect(alarms.length).toBeGreaterThan(0);
    for (const alarm of alarms) expect(alarm.AlarmActions).toEqual([topic()]);
    template.hasOutput('AlertsTopic', { Value: topic() });
  });

  it('fires on any error of the functions invoked synchronously (HTTP API, queue, stream)', () => {
    const watched = on('Errors').map((a) => {
      expect(a).toMatchObject({ Namespace: 'AWS/Lambda', Statistic: 'Sum', Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
      return a.Dimensions[0].Value.Ref as string;
    });
    const expected = (['ingest-webhook', 'unsubscribe', 'operator', 'send-mail', 'plan-follow-ups', 'privacy-requests'] as const).map((n) => logicalId(built.pipeline.functions[n]));
    expect(watched.sort()).toEqual(expected.sort());
  });

  it('fires when planning is 15 minutes behind the table stream, or a send waits 15 minutes in the queue', () => {
    expect(on('IteratorAge')).toEqual([
      expect.objectContaining({ Namespace: 'AWS/Lambda', Statistic: 'Maximum', Threshold: 900_000, Dimensions: [{ Name: 'FunctionName', Value: { Ref: logicalId(built.pipeline.functions['plan-follow-ups']) } }] }),
    ]);
    const mapping = Object.values(template.findResources('AWS::Lambda::EventSourceMapping', { Properties: { FunctionName: { Ref: logicalId(built.pipeline.functions['send-mail']) } } }))[0]!;
    const sendQueue = mapping.Properties.EventSourceArn['Fn::GetAtt'][0] as string;
    expect(on('ApproximateAgeOfOldestMessage')).toEqual([
      expect.objectContaining({ Namespace: 'AWS/SQS', Statistic: 'Maximum', Threshold: 900, Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [sendQueue, 'QueueName'] } }] }),
    ]);
  });

  it('fires at the SES bounce and complaint rates at which SES puts the account under review', () => {
    expect(on('Reputation.BounceRate')).toEqual([expect.objectContaining({ Namespace: 'AWS/SES', Threshold: 0.05, ComparisonOperator: 'GreaterThanOrEqualToThreshold' })]);
    expect(on('Reputation.ComplaintRate')).toEqual([expect.objectContaining({ Namespace: 'AWS/SES', Threshold: 0.001, ComparisonOperator: 'GreaterThanOrEqualToThreshold' })]);
  });

  it('fires on the HTTP API answering 5xx', () => {
    expect(on('5xx')).toEqual([
      expect.objectContaining({ Namespace: 'AWS/ApiGateway', Statistic: 'Sum', Threshold: 1, Dimensions: [{ Name: 'ApiId', Value: { Ref: logicalId(built.pipeline.api.api) } }] }),
    ]);
  });
});

describe('tracing, by stage', () => {
  it('leaves X-Ray off in prod (nearly every invocation would be a billed trace) and on in dev', () => {
    for (const [stage, stack, traced] of [['prod', built, false], ['dev', local, true]] as const) {
      const pipeline = templatesOf(stack).pipeline;
      for (const fn of Object.values(stack.pipeline.functions)) {
        const props = pipeline.toJSON().Resources[logicalId(fn)].Properties as Json;
        expect({ stage, fn: fn.declaration.name, tracing: props.TracingConfig?.Mode ?? 'none' }).toEqual({ stage, fn: fn.declaration.name, tracing: traced ? 'Active' : 'none' });
      }
      const xray = Object.values(pipeline.findResources('AWS::IAM::Policy')).filter((p) => JSON.stringify(p).includes('xray:PutTraceSegments'));
      expect(xray.length > 0).toBe(traced);
    }
  });
});
