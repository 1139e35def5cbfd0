/**
 * The HTTP load generator, on its own thread so that it does not share an event loop with the
 * server it measures: keep-alive connections, a closed loop of `concurrency` requests in
 * flight, each request's latency from the first byte written to the last byte read.
 */
import { Agent, request } from 'node:http';
import { parentPort } from 'node:worker_threads';
import { runConcurrent } from './concurrent.ts';

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
  const outcomes: Record<string, number> = {};
  const loop = await runConcurrent(command.to - command.from, command.concurrency, async (i) => {
    const outcome = await send(agent, base, requests[command.from + i]!);
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
  });
  const { wallMs, latencies, errors, firstError } = loop;
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
