/**
 * The one way followup deploys a function, from its declaration (functions/<name>/function.ts):
 * nodejs24.x on arm64, an ESM bundle carrying the deployment config (and the templates when it
 * has that part), its own log group with a retention, X-Ray tracing where the stage wants it, exactly the environment
 * variables its parts read, and a role that starts empty and receives exactly the statements
 * its parts grant (functions/shared/permissions.ts), nothing else.
 */
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Policy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, CfnFunction, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { DeploymentConfig } from '../../functions/core/domain/store.ts';
import { declaredEnvironment, partOf, type FunctionDeclaration } from '../../functions/shared/declaration.ts';
import { ENV, type EnvKey } from '../../functions/shared/env-keys.ts';
import { permissionsOf, type PipelineResources } from '../../functions/shared/permissions.ts';
import { cdkBundlingOptions, handlerEntry, LOCK_FILE, PROJECT_ROOT } from '../bundling.ts';
import { nagResourceName } from './nag-finding.ts';

/** What the stack has for functions: the value of each variable a part reads, and the ARNs it may touch. */
export interface DeployedResources {
  readonly environment: Readonly<Partial<Record<EnvKey, string>>>;
  readonly permissions: PipelineResources;
}

export interface PipelineFunctionProps {
  readonly declaration: FunctionDeclaration;
  /** The validated deployment config; the bundle carries it as `__FOLLOWUP_CONFIG__`. */
  readonly deployment: DeploymentConfig;
  readonly resources: DeployedResources;
  /** Retention of the function's log group. */
  readonly logRetention: RetentionDays;
  /**
   * What happens to the log group when the stack goes.
   * @default RemovalPolicy.RETAIN
   */
  readonly logRemovalPolicy?: RemovalPolicy;
  /**
   * X-Ray active tracing (StageSettings.tracing).
   * @default false
   */
  readonly tracing?: boolean;
}

/** `send-mail` → `SendMail`: construct ids keep the logical ids the functions always had. */
export function constructIdOf(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_, _dash: string, c: string) => c.toUpperCase());
}

export class PipelineFunction extends NodejsFunction {
  readonly declaration: FunctionDeclaration;
  /** The function's own role: exactly its declaration's statements, its logs and tracing. */
  readonly executionRole: Role;

  constructor(scope: Construct, props: PipelineFunctionProps) {
    const { declaration, resources } = props;
    const id = constructIdOf(declaration.name);
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: props.logRetention,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.RETAIN,
    });
    // An empty role: no managed policy, so nothing is granted that the declaration did not ask for.
    const role = new Role(scope, `${id}Role`, { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    logGroup.grantWrite(role);
    const environment: Record<string, string> = { [ENV.logLevel]: 'info' };
    for (const name of declaredEnvironment(declaration)) {
      const value = resources.environment[name as EnvKey];
      if (value === undefined) throw new Error(`${declaration.name} reads ${name}, and the stack has no value for it`);
      environment[name] = value;
    }
    super(scope, id, {
      entry: handlerEntry(declaration.name),
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: LOCK_FILE,
      // Explicit: without it (and without a feature flag) NodejsFunction picks an outdated runtime.
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: declaration.memoryMb ?? 1024,
      timeout: Duration.seconds(declaration.timeoutSeconds),
      role,
      logGroup,
      // Tracing, where the stage wants it, is switched on below, so that its wildcard grant lands in a policy of its own.
      tracing: Tracing.DISABLED,
      description: declaration.description,
      bundling: cdkBundlingOptions(props.deployment, { withTemplates: partOf(declaration, 'templates') !== undefined }),
      environment,
    });
    this.declaration = declaration;
    this.executionRole = role;
    for (const statement of permissionsOf(declaration, resources.permissions)) {
      this.addToRolePolicy(new PolicyStatement({ actions: [...statement.actions], resources: [...statement.resources], ...(statement.conditions && { conditions: statement.conditions }) }));
    }
    const bucket = partOf(declaration, 'inboundBucket');
    // The bucket's name must resolve within this stack (an import), so each finding names exactly one prefix.
    for (const prefix of Object.keys(bucket?.grant.prefixes ?? {})) {
      Validations.of(this.executionRole).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${nagResourceName(this, resources.permissions.inboundObjects(prefix))}]`,
        reason: `${bucket!.grant.reason} Access is limited to the ${prefix} prefix.`,
      });
    }
    if (props.tracing) this.enableActiveTracing();
  }

  private enableActiveTracing(): void {
    (this.node.defaultChild as CfnFunction).tracingConfig = { mode: Tracing.ACTIVE };
    const xray = new Policy(this, 'XRayWrite', {
      roles: [this.executionRole],
      statements: [new PolicyStatement({ actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], resources: ['*'] })],
    });
    this.node.addDependency(xray);
    Validations.of(xray).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions; this policy holds nothing else.',
    });
  }
}
