/**
 * Builds a function's parts from its declaration, once per cold start (lambda.ts) or once per
 * function in the local runtime. Every variable its parts read must be set: a missing one stops
 * the build, naming it, before anything else happens.
 */
import { ConfigError } from '../../core/errors.ts';
import { declaredEnvironment, type FunctionDeclaration, type PartsOf } from '../declaration.ts';
import type { EnvKey } from '../env-keys.ts';
import { buildBase } from './base.ts';
import type { AwsClient, BuildContext, Environment } from './part.ts';

export async function buildParts<D extends FunctionDeclaration>(declaration: D, environment: Environment): Promise<PartsOf<D>> {
  const declared = new Set(declaredEnvironment(declaration));
  const missing = [...declared].filter((name) => !environment.variables[name]);
  if (missing.length > 0) {
    throw new ConfigError(`${declaration.name}: the environment variable${missing.length > 1 ? 's' : ''} ${missing.join(', ')} must be set`);
  }
  const base = buildBase(environment);
  const clients = new Map<string, AwsClient>();
  const shared = new Map<string, unknown>();
  const context: BuildContext = {
    base,
    setting: (name: EnvKey) => {
      if (!declared.has(name)) throw new ConfigError(`${declaration.name} reads ${name}, which none of its declared parts names`);
      return environment.variables[name]!;
    },
    client: <C extends AwsClient>(service: Parameters<BuildContext['client']>[0], make: (config: ReturnType<Environment['clientConfig']>) => C): C => {
      if (!clients.has(service)) {
        const client = make(environment.clientConfig(service));
        environment.prepare?.(client, service);
        clients.set(service, client);
      }
      return clients.get(service) as C;
    },
    shared: <T>(key: string, make: () => T): T => {
      if (!shared.has(key)) shared.set(key, make());
      return shared.get(key) as T;
    },
  };
  const built = { ...base } as PartsOf<D>;
  for (const part of declaration.parts) Object.assign(built, await part.build(context));
  return built;
}
