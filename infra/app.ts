/**
 * The CDK app: one stage's data and pipeline stacks, checked by cdk-nag's AwsSolutions pack.
 *
 *   npx cdk synth --quiet                  # dev
 *   npx cdk deploy --all -c stage=prod     # prod
 *
 * The only place in infra that reads the environment: the stage (context `stage`, else
 * FOLLOWUP_STAGE, else dev), optional overrides (context `account`, else CDK_DEFAULT_ACCOUNT;
 * `region`; `alarmEmail`; `tracing` on|off), and the deployment config (FOLLOWUP_CONFIG names a JSON file; the
 * embedded default otherwise).
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { loadDeploymentConfig } from '../functions/shared/config.ts';
import { stageConfig } from './config/stages.ts';
import { DataStack } from './stacks/data-stack.ts';
import { PipelineStack } from './stacks/pipeline-stack.ts';

const app = new App();
const context = (key: string): string | undefined => {
  const value: unknown = app.node.tryGetContext(key);
  return typeof value === 'string' && value !== '' ? value : undefined;
};

const deployment = loadDeploymentConfig(process.env);
const tracing = context('tracing');
if (tracing !== undefined && tracing !== 'on' && tracing !== 'off') throw new Error(`-c tracing=${tracing}: use on or off`);
const stage = stageConfig(context('stage') ?? process.env.FOLLOWUP_STAGE ?? 'dev', deployment, {
  alarmEmail: context('alarmEmail'),
  sesRegion: context('region'),
  ...(tracing !== undefined && { tracing: tracing === 'on' }),
});
const env = {
  // Optional: without an account the stacks stay account-agnostic, and synth needs no credentials.
  account: context('account') ?? process.env.CDK_DEFAULT_ACCOUNT,
  // SES receiving and its Lambda action are regional: the stage decides, not the shell's default.
  region: stage.sesRegion,
};

Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

const prefix = `Followup-${stage.name}`;
const data = new DataStack(app, `${prefix}-Data`, {
  env,
  stage,
  deployment,
  description: `followup ${stage.name}: table, inbound mail, SES identities, secrets`,
});
const pipeline = new PipelineStack(app, `${prefix}-Pipeline`, {
  env,
  stage,
  deployment,
  data,
  description: `followup ${stage.name}: functions, queues, schedule, HTTP API, SES receiving`,
});
// Also implied by the references; stated because the receipt rule needs the bucket policy first.
pipeline.addStackDependency(data, 'SES checks the inbound bucket policy when the receipt rule is created');

app.synth();
