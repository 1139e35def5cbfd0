/**
 * The local runtime as tests start it (tests/support/runtime.ts), without vitest: free ports,
 * state in memory, a table of its own on a DynamoDB Local the benchmark started, silent logs.
 */
import { parseDeploymentConfig, type DeploymentConfig } from '../functions/core/domain/store.ts';
import { startRuntime, type Runtime, type RuntimeOptions } from '../functions/local/runtime.ts';
import type { LogLevel } from '../functions/shared/observability.ts';
import { DEFAULT_CONFIG } from '../functions/shared/default-config.ts';
import { onCleanup } from './cleanup.ts';

export interface BenchRuntime {
  runtime: Runtime;
  config: DeploymentConfig;
  stop(): Promise<void>;
}

export function benchConfig(): DeploymentConfig {
  return parseDeploymentConfig(DEFAULT_CONFIG);
}

export async function startBenchRuntime(options: {
  endpoint: string;
  tableName: string;
  clockStart: string;
  logLevel?: LogLevel;
  log?: (line: string) => void;
  onInvoke?: RuntimeOptions['onInvoke'];
}): Promise<BenchRuntime> {
  const config = benchConfig();
  const runtime = await startRuntime({
    config,
    port: 0,
    smtpPort: 0,
    dataDir: null,
    clockStart: new Date(options.clockStart),
    secrets: config.localSecrets,
    dynamo: { endpoint: options.endpoint, tableName: options.tableName },
    logLevel: options.logLevel ?? 'silent',
    ...(options.log && { log: options.log }),
    ...(options.onInvoke && { onInvoke: options.onInvoke }),
  });
  const stop = onCleanup(`local runtime (${options.tableName})`, () => runtime.stop());
  return { runtime, config, stop };
}

/**
 * Waits until the runtime has done everything its answers set off: where planning runs off the
 * table's stream, until every change so far is planned (`planned()`, when the runtime has it).
 * Returns the milliseconds it took.
 */
export async function untilPlanned(runtime: Runtime): Promise<{ ms: number; error?: string }> {
  const planned = (runtime as Runtime & { planned?: () => Promise<void> }).planned;
  if (typeof planned !== 'function') return { ms: 0 };
  const start = performance.now();
  try {
    await planned.call(runtime);
    return { ms: performance.now() - start };
  } catch (error) {
    // Measured as it is: a failing planner is reported beside the figures, not hidden.
    const message = `${(error as Error).name}: ${(error as Error).message}`;
    process.stderr.write(`  planning failed: ${message}\n`);
    return { ms: performance.now() - start, error: message };
  }
}
