/**
 * The local SES endpoint's durable record of what it accepted: one JSON line per message with
 * the events SES publishes for it (the configuration set's Send event, and the simulator's
 * Bounce or Complaint), written before the API answers. It is the evidence that a message went
 * out: after the runtime is killed between SES's answer and the sender recording it, the events
 * are published again from here and settle the note as sent.
 *
 * A line is written with one append, so a process that dies leaves at worst its last line torn,
 * which loading skips. (The write survives the process; surviving a power cut would need fsync.)
 */
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface RecordedSend {
  seq: number;
  /** The SES message id. */
  id: string;
  /** What SES publishes for the message, in order. */
  events: unknown[];
}

export class SendRecord {
  private appending: Promise<unknown> = Promise.resolve();
  private folderMade = false;

  constructor(readonly path: string) {}

  async load(): Promise<RecordedSend[]> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const lines = text.split('\n').filter((line) => line.trim());
    const sends: RecordedSend[] = [];
    for (const [i, line] of lines.entries()) {
      try {
        sends.push(JSON.parse(line) as RecordedSend);
      } catch {
        if (i === lines.length - 1) break; // torn by a crash mid-write
        throw new Error(`${this.path} line ${i + 1} is not JSON; delete the file to start afresh`);
      }
    }
    return sends;
  }

  /** Appends one record; appends run one after another, in call order. */
  append(send: RecordedSend): Promise<void> {
    const line = `${JSON.stringify(send)}\n`;
    const done = this.appending.then(async () => {
      if (!this.folderMade) await mkdir(dirname(this.path), { recursive: true });
      this.folderMade = true;
      await appendFile(this.path, line);
    });
    this.appending = done.catch(() => undefined);
    return done;
  }
}
