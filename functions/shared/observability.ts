/**
 * Structured logs: one JSON line per entry, constant messages, data in fields. Addresses and
 * message bodies never belong in logs; as a last line of defence any string that looks like
 * an email address is masked before it is written.
 */
import type { Clock, Logger } from '../core/ports.ts';

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;
export type LogLevel = keyof typeof LEVELS;

const EMAIL = /[^\s@<>"'(),;:]+@[^\s@<>"'(),;:]+\.[a-z]{2,}/gi;

function mask(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.replace(EMAIL, '[address]');
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => mask(v, depth + 1));
  if (value instanceof Error) return { name: value.name, message: mask(value.message) };
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mask(v, depth + 1)]));
}

export class JsonLogger implements Logger {
  constructor(
    private readonly options: {
      service: string;
      level?: LogLevel;
      clock?: Clock;
      write?: (line: string) => void;
      keys?: Record<string, unknown>;
    },
  ) {}

  /** A logger that adds these keys to every entry (request id, note id …). */
  child(keys: Record<string, unknown>): JsonLogger {
    return new JsonLogger({ ...this.options, keys: { ...this.options.keys, ...keys } });
  }

  debug(message: string, data?: Record<string, unknown>): void {
    this.log('debug', message, data);
  }
  info(message: string, data?: Record<string, unknown>): void {
    this.log('info', message, data);
  }
  warn(message: string, data?: Record<string, unknown>): void {
    this.log('warn', message, data);
  }
  error(message: string, data?: Record<string, unknown>): void {
    this.log('error', message, data);
  }

  private log(level: Exclude<LogLevel, 'silent'>, message: string, data?: Record<string, unknown>): void {
    if (LEVELS[level] < LEVELS[this.options.level ?? 'info']) return;
    const own = { level, time: this.options.clock?.now().toISOString(), service: this.options.service, message };
    const fields = mask({ ...this.options.keys, ...data }) as Record<string, unknown>;
    // The entry's own fields always win: a data field named like one of them (an escalation's
    // `level` on its ladder, say) is kept as `data_level` instead of turning an error into level 0.
    const entry: Record<string, unknown> = { ...own };
    for (const [key, value] of Object.entries(fields)) entry[key in own ? `data_${key}` : key] = value;
    (this.options.write ?? ((line) => process.stdout.write(`${line}\n`)))(JSON.stringify(entry));
  }
}

export function logLevel(value: string | undefined, fallback: LogLevel = 'info'): LogLevel {
  return value && value in LEVELS ? (value as LogLevel) : fallback;
}
