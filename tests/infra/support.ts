/**
 * Builds the two stacks the way infra/app.ts does (same feature flags from cdk.json, the
 * embedded demo deployment config) without bundling, and reads the synthesized templates.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { parseDeploymentConfig } from '../../functions/core/domain/store.ts';
import { DEFAULT_CONFIG } from '../../functions/shared/default-config.ts';
import { PROJECT_ROOT } from '../../infra/bundling.ts';
import { stageConfig, type StageName } from '../../infra/config/stages.ts';
import { DataStack } from '../../infra/stacks/data-stack.ts';
import { PipelineStack } from '../../infra/stacks/pipeline-stack.ts';

export type Json = Record<string, any>;

export function buildFollowup(options: { stage?: StageName; nag?: boolean; publicBaseUrl?: string } = {}) {
  const cdkJson = JSON.parse(readFileSync(join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as { context: Json };
  const app = new App({ context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] } });
  if (options.nag) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  // The embedded demo config, served from a public https URL as a real deployment would be.
  const deployment = parseDeploymentConfig({ ...DEFAULT_CONFIG, publicBaseUrl: options.publicBaseUrl ?? 'https://followup.northwind.example' });
  const stage = stageConfig(options.stage ?? 'dev', deployment);
  const env = { region: stage.sesRegion };
  const data = new DataStack(app, 'Data', { env, stage, deployment });
  const pipeline = new PipelineStack(app, 'Pipeline', { env, stage, deployment, data });
  return { app, deployment, stage, data, pipeline };
}

/** Both templates, once synthesized; cross-stack values of the pipeline resolved against the data stack. */
export function templatesOf(built: ReturnType<typeof buildFollowup>) {
  const data = Template.fromStack(built.data);
  const pipeline = Template.fromStack(built.pipeline);
  const outputs = data.toJSON().Outputs as Json;
  /** Replaces each Fn::GetStackOutput / Fn::ImportValue of the data stack by the value it reads. */
  const fromData = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(fromData);
    if (!value || typeof value !== 'object') return value;
    const v = value as Json;
    if (v['Fn::GetStackOutput']) return outputs[v['Fn::GetStackOutput'].OutputName]?.Value;
    if (typeof v['Fn::ImportValue'] === 'string') {
      return Object.values(outputs).find((o: Json) => o.Export?.Name === v['Fn::ImportValue'])?.Value;
    }
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fromData(x)]));
  };
  return { data, pipeline, fromData };
}

export function logicalId(construct: IConstruct): string {
  const element = (construct.node.defaultChild ?? construct) as CfnElement;
  return Stack.of(construct).getLogicalId(element);
}

export function ref(construct: IConstruct): Json {
  return { Ref: logicalId(construct) };
}

/** Every statement of every policy attached to a role. */
export function roleStatements(template: Template, roleLogicalId: string): Json[] {
  const policies = template.findResources('AWS::IAM::Policy') as Record<string, Json>;
  return Object.values(policies)
    .filter((p) => (p.Properties.Roles as Json[]).some((r) => r.Ref === roleLogicalId))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Json[]);
}

export function actionsOf(statement: Json): string[] {
  return [statement.Action].flat();
}

export function resourcesOf(statement: Json): unknown[] {
  return [statement.Resource].flat();
}
