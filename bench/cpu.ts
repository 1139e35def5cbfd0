/**
 * CPU time by consumer, from /proc (Linux): this process's main thread, its other threads (the
 * load generator, GC and libuv helpers), and the DynamoDB Local JVMs it started. Shows which of
 * them a measured rate is bound by. Elsewhere than Linux the figures are left out.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** USER_HZ: /proc reports CPU times in 1/100 s on Linux. */
const TICK_MS = 10;

export interface CpuSample {
  wallMs: number;
  processMs: number;
  mainMs: number | null;
  jvmMs: number | null;
}

export interface CpuUse {
  wallMs: number;
  /** CPU milliseconds used in the interval. */
  mainMs: number | null;
  otherNodeMs: number | null;
  jvmMs: number | null;
}

function ticks(path: string): number | null {
  try {
    const stat = readFileSync(path, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 of stat (utime, stime) are at 11 and 12 after the command name.
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return null;
  }
}

function childJvms(): number[] {
  const pids: number[] = [];
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        if (ppid === process.pid && comm === 'java') pids.push(Number(entry));
      } catch {
        // the process ended while we looked
      }
    }
  } catch {
    return [];
  }
  return pids;
}

export function cpuSample(): CpuSample {
  const usage = process.cpuUsage();
  const jvms = childJvms().map((pid) => ticks(`/proc/${pid}/stat`));
  return {
    wallMs: performance.now(),
    processMs: (usage.user + usage.system) / 1000,
    mainMs: ticks(`/proc/self/task/${process.pid}/stat`),
    jvmMs: jvms.length && jvms.every((j) => j !== null) ? jvms.reduce((s: number, j) => s + j!, 0) : null,
  };
}

export function cpuUse(from: CpuSample, to: CpuSample = cpuSample()): CpuUse {
  const main = from.mainMs !== null && to.mainMs !== null ? to.mainMs - from.mainMs : null;
  return {
    wallMs: to.wallMs - from.wallMs,
    mainMs: main,
    otherNodeMs: main === null ? null : Math.max(0, to.processMs - from.processMs - main),
    jvmMs: from.jvmMs !== null && to.jvmMs !== null ? to.jvmMs - from.jvmMs : null,
  };
}
