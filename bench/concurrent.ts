/** A closed-loop load of in-process calls: `concurrency` loops, each taking the next index. */

export interface LoopResult {
  wallMs: number;
  /** Per-call latency in ms, in completion order. */
  latencies: Float64Array;
  errors: number;
  firstError?: string;
}

export async function runConcurrent(
  count: number,
  concurrency: number,
  call: (index: number) => Promise<unknown>,
): Promise<LoopResult> {
  const latencies = new Float64Array(count);
  let next = 0;
  let done = 0;
  let errors = 0;
  let firstError: string | undefined;
  const loop = async () => {
    for (;;) {
      const i = next++;
      if (i >= count) return;
      const start = performance.now();
      try {
        await call(i);
      } catch (error) {
        errors += 1;
        firstError ??= `${(error as Error).name}: ${(error as Error).message}`;
      }
      latencies[done++] = performance.now() - start;
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, loop));
  return { wallMs: performance.now() - start, latencies, errors, ...(firstError && { firstError }) };
}
