/**
 * SES's events in the local runtime, handed to the ses-events handler as SNS hands them over in
 * AWS: every one at least once, in order, each tried again when handling it fails (Lambda tries
 * an asynchronous event three times). The sequence number of the last message whose events were
 * all handled is kept in the data folder, so events the runtime had not handled when it was
 * killed are published again from the SES endpoint's durable record when it starts.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { invokeAsAsync } from './async-invoke.ts';
import type { LocalSesEndpoint } from './ses/endpoint.ts';

const ATTEMPTS = 3;

export interface SesEventRelayOptions {
  handle(payload: unknown): Promise<void>;
  /** Where the last handled sequence number is kept; null keeps it in memory. */
  statePath: string | null;
  onError(error: Error): void;
}

export class SesEventRelay {
  private readonly pending: Array<{ seq: number; payload: unknown }> = [];
  private handled = 0;
  private running: Promise<void> = Promise.resolve();

  constructor(private readonly options: SesEventRelayOptions) {}

  /** Listens to the endpoint; queues what it recorded but an earlier run never handled. Returns how many messages that was. */
  async start(ses: LocalSesEndpoint): Promise<number> {
    this.handled = await this.loadHandled();
    const missed = await ses.recordedSince(this.handled);
    for (const send of missed) for (const payload of send.events) this.pending.push({ seq: send.seq, payload });
    ses.onPublish((seq, payload) => void this.pending.push({ seq, payload }));
    return missed.length;
  }

  /** Handles every event published so far, one after another. */
  flush(): Promise<void> {
    const run = this.running.then(async () => {
      let last = this.handled;
      while (this.pending.length) {
        const { seq, payload } = this.pending.shift()!;
        await this.handleWithRetries(payload);
        last = Math.max(last, seq);
      }
      if (last !== this.handled) {
        this.handled = last;
        await this.saveHandled();
      }
    });
    this.running = run.catch(() => undefined);
    return run;
  }

  private async handleWithRetries(payload: unknown): Promise<void> {
    try {
      await invokeAsAsync(() => this.options.handle(payload), { retries: ATTEMPTS - 1 });
    } catch (error) {
      this.options.onError(error as Error);
    }
  }

  private async loadHandled(): Promise<number> {
    if (!this.options.statePath) return 0;
    try {
      const saved = JSON.parse(await readFile(this.options.statePath, 'utf8')) as { handledThrough?: unknown };
      return typeof saved.handledThrough === 'number' ? saved.handledThrough : 0;
    } catch {
      return 0;
    }
  }

  private async saveHandled(): Promise<void> {
    const path = this.options.statePath;
    if (!path) return;
    await mkdir(dirname(path), { recursive: true });
    // Written aside and renamed: a crash never leaves half a file.
    await writeFile(`${path}.next`, `${JSON.stringify({ handledThrough: this.handled })}\n`);
    await rename(`${path}.next`, path);
  }
}
