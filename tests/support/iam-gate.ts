/**
 * An IAM gate in front of the local engines, for one function's bundle: every request the
 * bundle's SDK clients make (all its AWS_ENDPOINT_URL_* point here) is checked against the
 * statements of the function's role in the synthesized template, then forwarded to the engine
 * of its service or refused as AWS refuses it. The service is read from the request's SigV4
 * credential scope, as AWS routes it.
 */
import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AwsService } from '../../functions/shared/parts/part.ts';
import type { Statement } from '../../functions/shared/permissions.ts';
import type { ArnScope } from '../../functions/local/access/arns.ts';
import { hidesMissing, refusal } from '../../functions/local/access/access-check.ts';
import { denial } from '../../functions/local/access/denial.ts';
import { serveOnLoopback, type LoopbackServer } from '../../functions/local/loopback.ts';

const SIGNING_NAMES: Record<string, AwsService> = { dynamodb: 'dynamodb', sqs: 'sqs', s3: 's3', secretsmanager: 'secretsmanager', ses: 'ses', email: 'ses' };

export class IamGate {
  private server: LoopbackServer | undefined;
  /** Every authorisation asked for, and the ones refused. */
  readonly calls: string[] = [];
  readonly refused: string[] = [];

  private role: { statements: readonly Statement[]; scope: ArnScope; principal: string } | undefined;

  constructor(private readonly targets: Record<AwsService, string>) {}

  /** The role whose statements decide (given once the gate's URL is known: names in them depend on it). */
  allow(role: { statements: readonly Statement[]; scope: ArnScope; principal: string }): void {
    this.role = role;
  }

  get url(): string {
    return this.server?.url ?? '';
  }

  async start(): Promise<void> {
    this.server = await serveOnLoopback(0, (req, body, res) => this.handle(req, body, res));
  }

  async stop(): Promise<void> {
    await this.server?.stop();
  }

  private async handle(req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<void> {
    const scope = /Credential=[^/]+\/[^/]+\/[^/]+\/([^/]+)\//.exec(String(req.headers.authorization ?? ''))?.[1] ?? '';
    const service = SIGNING_NAMES[scope];
    if (!service) {
      res.writeHead(400).end(`unsigned or unknown service "${scope}"`);
      return;
    }
    const url = new URL(req.url ?? '/', 'http://gate');
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v]));
    const query: Record<string, string> = {};
    for (const [name, value] of url.searchParams) query[name] = value;
    const wire = { method: req.method ?? 'GET', path: url.pathname, query, headers, body };
    const role = this.role ?? { statements: [], scope: { region: '', account: '' }, principal: 'nobody' };
    const refused = refusal({ service, ...role }, wire);
    this.calls.push(`${service} ${req.method} ${url.pathname}`);
    if (refused) {
      this.refused.push(`${refused.action} ${refused.resource}`);
      const answer = denial(service, role.principal, refused);
      res.writeHead(answer.statusCode, answer.headers).end(answer.body);
      return;
    }
    const target = new URL(this.targets[service]);
    const forward = httpRequest(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
      (answer) => {
        // A missing object is "access denied" to a role that may not list the bucket, as S3 answers it.
        const hidden = answer.statusCode === 404 ? hidesMissing({ service, ...role }, wire) : null;
        if (hidden) {
          answer.resume();
          this.refused.push(`${hidden.action} ${hidden.resource}`);
          const denied = denial(service, role.principal, hidden);
          res.writeHead(denied.statusCode, denied.headers).end(denied.body);
          return;
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', (error) => res.writeHead(502).end(error.message));
    forward.end(body);
  }
}
