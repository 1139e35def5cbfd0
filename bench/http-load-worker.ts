/**
 * The HTTP load generator, on its own thread so that it does not share an event loop with the
 * server it measures: keep-alive connections, a closed loop of `concurrency` requests in
 * flight, each request's latency from the first byte written to the last byte read.
 */
import { Agent, request } from 'node:http';
import { parentPort } from 'node:worker_threads';

export interface LoadRequest {
  path: string;
  headers: Record<string, string>;
  body: string;
}

export type WorkerCommand =
  | { type: 'load'; requests: LoadRequest[] }
  | { type: 'run'; id: number; url: string; from: number; to: number; concurrency: number };

export interface RunReply {
  type: 'done';
  id: number;
  wallMs: number;
  latencies: Float64Array;
  /** "<status code> <body.status or body.error>" → count. */
  outcomes: Record<string, number>;
  errors: number;
  firstError?: string;
}

let requests: LoadRequest[] = [];

function send(agent: Agent, base: URL, r: LoadRequest): Promise<string> {
  return new Promise((resolve, reject) => {
    const body = Buffer.from(r.body);
    const req = request(
      {
        agent,
        host: base.hostname,
        port: base.port,
        method: 'POST',
        path: r.path,
        headers: { ...r.headers, 'content-length': String(body.length) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          let label = '';
          try {
            const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { status?: string; error?: string };
            label = parsed.status ?? parsed.error ?? '';
          } catch {
            label = '(not JSON)';
          }
          resolve(`${res.statusCode} ${label}`.trim());
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function run(command: Extract<WorkerCommand, { type: 'run' }>): Promise<RunReply> {
  const base = new URL(command.url);
  const agent = new Agent({ keepAlive: true, maxSockets: command.concurrency });
  const count = command.to - command.from;
  const latencies = new Float64Array(count);
  const outcomes: Record<string, number> = {};
  let next = command.from;
  let done = 0;
  let errors = 0;
  let firstError: string | undefined;
  const loop = async () => {
    for (;;) {
      const i = next++;
      if (i >= command.to) return;
      const start = performance.now();
      try {
        const outcome = await send(agent, base, requests[i]!);
        outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      } catch (error) {
        errors += 1;
        firstError ??= (error as Error).message;
      }
      latencies[done++] = performance.now() - start;
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: Math.min(command.concurrency, count) }, loop));
  const wallMs = performance.now() - start;
  agent.destroy();
  return { type: 'done', id: command.id, wallMs, latencies, outcomes, errors, ...(firstError && { firstError }) };
}

parentPort?.on('message', (command: WorkerCommand) => {
  if (command.type === 'load') {
    requests = command.requests;
    parentPort!.postMessage({ type: 'loaded', count: requests.length });
    return;
  }
  void run(command).then((reply) => parentPort!.postMessage(reply, [reply.latencies.buffer as ArrayBuffer]));
});
