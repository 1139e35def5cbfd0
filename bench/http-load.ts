/** Drives the load generator thread (http-load-worker.ts) from the main thread. */
import { Worker } from 'node:worker_threads';
import { onCleanup } from './cleanup.ts';
import type { LoadRequest, RunReply, WorkerCommand } from './http-load-worker.ts';

export type { LoadRequest, RunReply } from './http-load-worker.ts';

export class HttpLoad {
  private nextId = 1;
  private readonly waiting = new Map<number, (reply: RunReply) => void>();

  private constructor(
    private readonly worker: Worker,
    readonly stop: () => Promise<void>,
  ) {
    worker.on('message', (message: RunReply | { type: 'loaded' }) => {
      if (message.type !== 'done') return;
      this.waiting.get(message.id)?.(message);
      this.waiting.delete(message.id);
    });
  }

  /** Starts the thread (TypeScript through tsx's loader) and hands it the requests to send. */
  static async start(requests: LoadRequest[]): Promise<HttpLoad> {
    const tsx = import.meta.resolve('tsx/esm/api');
    const entry = new URL('./http-load-worker.ts', import.meta.url).href;
    const bootstrap = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
    const worker = new Worker(bootstrap, { eval: true });
    const stop = onCleanup('HTTP load generator', () => worker.terminate());
    const load = new HttpLoad(worker, stop);
    await new Promise<void>((resolve, reject) => {
      worker.once('error', reject);
      const onMessage = (message: { type: string }) => {
        if (message.type !== 'loaded') return;
        worker.off('message', onMessage);
        worker.off('error', reject);
        resolve();
      };
      worker.on('message', onMessage);
      // The worker listens once its module has loaded; messages sent earlier wait in the port.
      worker.postMessage({ type: 'load', requests } satisfies WorkerCommand);
    });
    return load;
  }

  /** Sends requests[from, to) to `url` with `concurrency` in flight. */
  run(url: string, from: number, to: number, concurrency: number): Promise<RunReply> {
    const id = this.nextId++;
    return new Promise<RunReply>((resolve, reject) => {
      const onError = (error: Error) => reject(error);
      this.worker.once('error', onError);
      this.waiting.set(id, (reply) => {
        this.worker.off('error', onError);
        resolve(reply);
      });
      this.worker.postMessage({ type: 'run', id, url, from, to, concurrency } satisfies WorkerCommand);
    });
  }
}
