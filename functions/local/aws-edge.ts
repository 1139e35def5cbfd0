/**
 * Small stand-ins for the AWS services that have no local engine, speaking their wire protocol
 * to the real SDK clients (for S3, to the functions' own client, which sends what the SDK's
 * sends): SQS (SendMessage, SendMessageBatch), S3 (GetObject, PutObject, PutObjectTagging,
 * DeleteObject(s), path style) and Secrets Manager (GetSecretValue). The local
 * runtime's functions call them through the same adapters they use in AWS; behind them are the
 * runtime's in-process queue, its raw mail and file folders and its secret values. Only what the
 * functions call is implemented.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LOCAL_ACCOUNT } from './access/arns.ts';
import { deletedKeys } from './access/aws-calls.ts';
import { serveOnLoopback, type LoopbackServer } from './loopback.ts';

export interface EdgeBucket {
  get(key: string): Promise<Buffer | null>;
  put?(key: string, body: Buffer): Promise<void>;
  /** Absent keys count as deleted, as S3 counts them. */
  delete?(keys: string[]): Promise<void>;
  /** False when there is no such object. */
  tag?(key: string, tags: Record<string, string>): Promise<boolean>;
}

export interface EdgeBackends {
  /** Queue name → where its messages go. */
  queues: Record<string, (bodies: string[]) => Promise<void>>;
  /** Bucket name → its objects. */
  buckets: Record<string, EdgeBucket>;
  /** A secret's value by its name, or undefined. */
  secret(name: string): string | undefined;
}

const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

export class AwsEdge {
  private server: LoopbackServer | undefined;

  constructor(private readonly backends: EdgeBackends) {}

  async start(port = 0): Promise<void> {
    this.server = await serveOnLoopback(port, (req, body, res) => this.handle(req, body, res));
  }

  /** The endpoint every client of these services is pointed at. */
  get url(): string {
    return this.server?.url ?? '';
  }

  queueUrl(name: string): string {
    return `${this.url}/${LOCAL_ACCOUNT}/${name}`;
  }

  async stop(): Promise<void> {
    await this.server?.stop();
  }

  private async handle(req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<void> {
    const target = String(req.headers['x-amz-target'] ?? '');
    try {
      if (target.startsWith('AmazonSQS.')) return await this.sqs(target.slice('AmazonSQS.'.length), body, res);
      if (target.startsWith('secretsmanager.')) return this.secrets(target.slice('secretsmanager.'.length), body, res);
      return await this.s3(req, body, res);
    } catch (error) {
      const { name, message } = error as Error;
      // A throttle behind the stand-in is answered as the service answers one (the SDK backs off and retries).
      if (/Throttl/.test(name)) {
        return answer(res, 400, 'application/x-amz-json-1.0', JSON.stringify({ __type: 'com.amazonaws.sqs#ThrottlingException', message }), {
          'x-amzn-query-error': 'ThrottlingException;Sender',
        });
      }
      answer(res, 500, 'application/json', JSON.stringify({ __type: 'InternalFailure', message }));
    }
  }

  private async sqs(operation: string, body: Buffer, res: ServerResponse): Promise<void> {
    const input = JSON.parse(body.toString('utf8')) as { QueueUrl?: string; MessageBody?: string; Entries?: Array<{ Id: string; MessageBody: string }> };
    const name = String(input.QueueUrl ?? '').split('/').pop() ?? '';
    const sink = this.backends.queues[name];
    const json = 'application/x-amz-json-1.0';
    if (!sink) {
      return answer(res, 400, json, JSON.stringify({ __type: 'com.amazonaws.sqs#QueueDoesNotExist', message: 'The specified queue does not exist.' }), {
        'x-amzn-query-error': 'AWS.SimpleQueueService.NonExistentQueue;Sender',
      });
    }
    if (operation === 'SendMessage' && input.MessageBody !== undefined) {
      await sink([input.MessageBody]);
      return answer(res, 200, json, JSON.stringify({ MessageId: randomUUID(), MD5OfMessageBody: md5(input.MessageBody) }));
    }
    if (operation === 'SendMessageBatch' && input.Entries) {
      await sink(input.Entries.map((e) => e.MessageBody));
      const Successful = input.Entries.map((e) => ({ Id: e.Id, MessageId: randomUUID(), MD5OfMessageBody: md5(e.MessageBody) }));
      return answer(res, 200, json, JSON.stringify({ Successful, Failed: [] }));
    }
    answer(res, 400, json, JSON.stringify({ __type: 'com.amazonaws.sqs#UnsupportedOperation', message: `${operation} is not served locally` }));
  }

  private secrets(operation: string, body: Buffer, res: ServerResponse): void {
    const json = 'application/x-amz-json-1.1';
    const id = String((JSON.parse(body.toString('utf8')) as { SecretId?: string }).SecretId ?? '');
    const value = operation === 'GetSecretValue' ? this.backends.secret(id) : undefined;
    if (value === undefined) {
      return answer(res, 400, json, JSON.stringify({ __type: 'ResourceNotFoundException', Message: "Secrets Manager can't find the specified secret." }));
    }
    answer(res, 200, json, JSON.stringify({ ARN: `local:${id}`, Name: id, SecretString: value, VersionId: 'local', VersionStages: ['AWSCURRENT'], CreatedDate: 0 }));
  }

  private async s3(req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://local');
    const [, bucketName = '', ...rest] = url.pathname.split('/');
    const key = rest.map(decodeURIComponent).join('/');
    const bucket = this.backends.buckets[bucketName];
    const xml = 'application/xml';
    const error = (status: number, code: string, message: string) =>
      answer(res, status, xml, `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`);
    const noSuchKey = () => error(404, 'NoSuchKey', 'The specified key does not exist.');
    if (!bucket) return error(404, 'NoSuchBucket', 'The specified bucket does not exist');
    const etag = (bytes: Buffer) => ({ etag: `"${createHash('md5').update(bytes).digest('hex')}"` });
    if (req.method === 'POST' && url.searchParams.has('delete') && bucket.delete) {
      await bucket.delete(deletedKeys(body.toString('utf8')));
      return answer(res, 200, xml, '<?xml version="1.0" encoding="UTF-8"?>\n<DeleteResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"></DeleteResult>');
    }
    if (req.method === 'PUT' && url.searchParams.has('tagging') && bucket.tag) {
      const text = body.toString('utf8');
      const tags = Object.fromEntries([...text.matchAll(/<Tag>\s*<Key>([^<]*)<\/Key>\s*<Value>([^<]*)<\/Value>\s*<\/Tag>/g)].map((m) => [m[1]!, m[2]!]));
      return (await bucket.tag(key, tags)) ? answer(res, 200, xml, '') : noSuchKey();
    }
    if ((req.method === 'GET' || req.method === 'HEAD') && !url.searchParams.has('tagging')) {
      const object = await bucket.get(key);
      if (!object) return noSuchKey();
      return answer(res, 200, 'application/octet-stream', req.method === 'HEAD' ? '' : object, etag(object));
    }
    if (req.method === 'PUT' && bucket.put) {
      await bucket.put(key, body);
      return answer(res, 200, xml, '', etag(body));
    }
    if (req.method === 'DELETE' && bucket.delete) {
      await bucket.delete([key]);
      res.writeHead(204, { 'x-amzn-requestid': randomUUID() });
      return void res.end();
    }
    error(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
  }
}

function answer(res: ServerResponse, status: number, contentType: string, body: string | Buffer, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': contentType, 'x-amzn-requestid': randomUUID(), 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}
