/**
 * The output of `cdk synth` as a test reads it: each function's bundle (its asset folder), its
 * environment and its role's statements as the templates have them, and a resolver that
 * turns the templates' references into the physical names a test gives its local resources.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../infra/bundling.ts';

type Json = Record<string, any>;

/** Runs the CDK CLI's synth, offline, into `outDir`, with the given deployment config and stage. */
export function synthesize(outDir: string, options: { configFile: string; stage: string }): void {
  // As offline as a fresh machine: no account, and the stage decides the region.
  const env: NodeJS.ProcessEnv = { ...process.env, FOLLOWUP_CONFIG: options.configFile };
  for (const name of ['CDK_DEFAULT_ACCOUNT', 'CDK_DEFAULT_REGION', 'AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) delete env[name];
  const result = spawnSync(join(PROJECT_ROOT, 'node_modules', '.bin', 'cdk'), ['synth', '--quiet', '-o', outDir, '-c', `stage=${options.stage}`], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    env,
    timeout: 300_000,
  });
  if (result.status !== 0) throw new Error(`cdk synth failed (${result.status}): ${result.stderr || result.error?.message}`);
}

export interface Stack {
  name: string;
  template: Json;
}

/** What a reference points at, locally: a resource's name (`Ref`) or one of its attributes. */
export type Physical = (stack: Stack, logicalId: string, attribute: string | null) => string;

export class Assembly {
  readonly data: Stack;
  readonly pipeline: Stack;

  constructor(readonly dir: string, stage: string) {
    const read = (name: string): Stack => ({ name, template: JSON.parse(readFileSync(join(dir, `${name}.template.json`), 'utf8')) as Json });
    this.data = read(`Followup-${stage}-Data`);
    this.pipeline = read(`Followup-${stage}-Pipeline`);
  }

  /** The function deployed under this construct id: its bundle's folder, environment and role. */
  lambda(constructId: string): { assetDir: string; environment: Json; roleStatements: Json[]; timeout: number } {
    const resources = this.pipeline.template.Resources as Record<string, Json>;
    const fn = Object.values(resources).find((r) => r.Type === 'AWS::Lambda::Function' && r.Metadata?.['aws:cdk:path'] === `${this.pipeline.name}/${constructId}/Resource`);
    if (!fn) throw new Error(`no function ${constructId} in ${this.pipeline.name}`);
    const role = fn.Properties.Role['Fn::GetAtt'][0] as string;
    const roleStatements = Object.values(resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy' && (r.Properties.Roles as Json[]).some((x) => x.Ref === role))
      .flatMap((r) => r.Properties.PolicyDocument.Statement as Json[]);
    return {
      assetDir: join(this.dir, fn.Metadata['aws:asset:path'] as string),
      environment: fn.Properties.Environment?.Variables ?? {},
      roleStatements,
      timeout: fn.Properties.Timeout as number,
    };
  }

  /** Resolves CloudFormation's intrinsic functions in `value`, as seen from `stack`. */
  resolve(value: unknown, physical: Physical, stack: Stack = this.pipeline): unknown {
    if (Array.isArray(value)) return value.map((v) => this.resolve(v, physical, stack));
    if (!value || typeof value !== 'object') return value;
    const v = value as Json;
    if (typeof v.Ref === 'string') return v.Ref.startsWith('AWS::') ? physical(stack, v.Ref, null) : physical(stack, v.Ref, null);
    if (v['Fn::GetAtt']) return physical(stack, v['Fn::GetAtt'][0], v['Fn::GetAtt'][1]);
    if (v['Fn::Join']) return (this.resolve(v['Fn::Join'][1], physical, stack) as string[]).join(v['Fn::Join'][0]);
    if (v['Fn::GetStackOutput']) return this.resolve(this.data.template.Outputs[v['Fn::GetStackOutput'].OutputName].Value, physical, this.data);
    if (v['Fn::ImportValue']) {
      const output = Object.values(this.data.template.Outputs as Record<string, Json>).find((o) => o.Export?.Name === v['Fn::ImportValue']);
      if (!output) throw new Error(`no export ${v['Fn::ImportValue']}`);
      return this.resolve(output.Value, physical, this.data);
    }
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, this.resolve(x, physical, stack)]));
  }

  /** A resource of a stack, for a resolver to name it by its type and properties. */
  resource(stack: Stack, logicalId: string): Json {
    const found = (stack.template.Resources as Record<string, Json>)[logicalId];
    if (!found) throw new Error(`no resource ${logicalId} in ${stack.name}`);
    return found;
  }
}
