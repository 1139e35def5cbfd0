/**
 * The operator API over HTTP, as the command line uses it: the local runtime by default, any
 * deployment with --api, the bearer token from --token, OPERATOR_TOKEN or (locally) the one the
 * runtime keeps in its data folder.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** An answer or a problem the user must see: the message says what happened and what to do. */
export class OperatorError extends Error {
  override name = 'OperatorError';

  /** The API's status, when the API answered. */
  constructor(message: string, readonly status?: number) {
    super(message);
  }
}

export interface ClientOptions {
  api?: string;
  token?: string;
  env?: NodeJS.ProcessEnv;
}

export class OperatorClient {
  readonly base: string;
  private readonly token: string;

  constructor(options: ClientOptions) {
    const env = options.env ?? process.env;
    const local = !options.api;
    this.base = (options.api ?? `http://127.0.0.1:${env.PORT || 3000}`).replace(/\/+$/, '');
    const token = options.token ?? env.OPERATOR_TOKEN ?? (local ? keptToken(env) : undefined);
    if (!token) {
      throw new OperatorError(
        local
          ? 'no operator token: give --token or set OPERATOR_TOKEN (npm start prints it, and keeps it in FOLLOWUP_DATA_DIR/operator-token)'
          : 'no operator token: give --token or set OPERATOR_TOKEN',
      );
    }
    this.token = token;
  }

  get(path: string): Promise<unknown> {
    return this.request('GET', path);
  }

  post(path: string, body?: unknown): Promise<unknown> {
    return this.request('POST', path, body);
  }

  private async request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    let res: Response;
    try {
      res = await fetch(`${this.base}${path}`, {
        method,
        headers: { authorization: `Bearer ${this.token}`, accept: 'application/json', ...(body !== undefined && { 'content-type': 'application/json' }) },
        ...(body !== undefined && { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const reason = cause?.code ?? cause?.message ?? (error as Error).message;
      throw new OperatorError(`nothing answers at ${this.base} (${reason}): start the runtime with "npm start", or give --api`);
    }
    const text = await res.text();
    let answer: unknown = text;
    try {
      answer = JSON.parse(text);
    } catch {
      // Not JSON: shown as it came.
    }
    if (res.ok) return answer;
    throw new OperatorError(problem(method, path, res.status, answer), res.status);
  }
}

/** The local runtime keeps the token it generated in its data folder. */
function keptToken(env: NodeJS.ProcessEnv): string | undefined {
  try {
    return readFileSync(join(resolve(env.FOLLOWUP_DATA_DIR || '.data'), 'operator-token'), 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

function problem(method: string, path: string, status: number, answer: unknown): string {
  const said =
    typeof answer === 'object' && answer !== null
      ? String((answer as { error?: unknown; message?: unknown }).error ?? (answer as { message?: unknown }).message ?? JSON.stringify(answer))
      : String(answer).trim().slice(0, 200);
  const head = `${method} ${path} answered ${status}${said ? `: ${said}` : ''}`;
  if (status === 401 || status === 403) return `${head} (check --token or OPERATOR_TOKEN)`;
  // A route the API does not serve answers a bare "not found" (API Gateway: "Not Found").
  if (status === 404 && /^not found$/i.test(said)) return `${head} (this API does not serve that route)`;
  return head;
}
