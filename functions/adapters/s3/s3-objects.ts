/**
 * An S3 client for the four object calls the functions make, on one bucket: GetObject (a missing
 * key reads as null), PutObject, PutObjectTagging and DeleteObjects (quiet, up to 1,000 keys).
 *
 * Why not the SDK's S3 client: it cost each of the four bundles that touch the bucket 150 to
 * 160 KB more than this client does (ingest-webhook: 521 KB with it, 360 KB with this client;
 * bench/README.md), and 11 to 18 ms more CPU to import. 67 KB of it is the schema of every S3
 * operation and error, kept whole because the module registers its errors as it loads, so one
 * imported command keeps them all; the rest is S3-only middleware (XML, flexible checksums,
 * S3's signing variants) pulled into the SDK's core.
 *
 * This client is made of the SDK's parts that every bundle already carries: its SigV4 signer
 * (service `s3`, the path signed as sent), its Node HTTP handler with its defaults, its retry
 * middleware (the same strategy, attempts and backoff as the SDK's S3 client: AWS_MAX_ATTEMPTS
 * and AWS_RETRY_MODE read as it reads them), its credential chain, and its middleware stack, so
 * the local runtime's access check and the tests' fault injection sit on it as on any SDK client.
 * Addressing is the SDK's: virtual-hosted (`<bucket>.s3.<region>.<DNS suffix>`) where the bucket
 * name allows, path style behind an IP-address endpoint (the local edge); an endpoint comes from
 * the config, else AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL. Requests are the SDK's byte for byte,
 * signature and CRC32 checksum of each body included, and an object read is checked against the
 * checksum S3 stored with it as the SDK checks it (tests/unit/s3/sdk-parity.test.ts).
 *
 * Errors: S3's error code becomes the error's name (`NoSuchKey`, `AccessDenied`, `SlowDown` …),
 * with `$metadata.httpStatusCode` and `$fault`, as the SDK throws them, so its retry rules and
 * our code read them alike.
 */
import { isIpAddress, isVirtualHostableS3Bucket, partition } from '@aws-sdk/core/client';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { doesIdentityRequireRefresh, isIdentityExpired, memoizeIdentityProvider } from '@smithy/core';
import { Sha256 } from '@smithy/core/checksum';
import { constructStack } from '@smithy/core/client';
import { loadConfig } from '@smithy/core/config';
import { HttpRequest, HttpResponse } from '@smithy/core/protocols';
import { getRetryPlugin, NODE_MAX_ATTEMPT_CONFIG_OPTIONS, NODE_RETRY_MODE_CONFIG_OPTIONS, resolveRetryConfig } from '@smithy/core/retry';
import { NodeHttpHandler, streamCollector } from '@smithy/node-http-handler';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { AwsClientConfig } from '../../shared/parts/part.ts';
import { checksumMismatch, deleteErrors, errorOf, isErrorDocument, wire, type BucketAddress, type WireRequest } from './s3-wire.ts';

/** Sends a signed request and answers S3's response (the SDK's HTTP handlers have this shape). */
export interface RequestHandler {
  handle(request: HttpRequest): Promise<{ response: HttpResponse }>;
  destroy?(): void;
}

export interface S3ObjectsConfig extends AwsClientConfig {
  /** Attempts per call, the first included; unset: AWS_MAX_ATTEMPTS or the SDK's default (3). */
  maxAttempts?: number;
  /** Unset: the SDK's Node HTTP handler with its defaults, as the SDK's S3 client has it. */
  requestHandler?: RequestHandler;
}

/** An error S3 answered, as the SDK's S3 client throws it: named by S3's error code. */
export class S3Error extends Error {
  constructor(
    readonly Code: string,
    message: string,
    readonly $fault: 'client' | 'server',
    readonly $metadata: { httpStatusCode: number; requestId?: string; extendedRequestId?: string; clockSkewCorrected?: boolean },
    readonly $response: HttpResponse,
  ) {
    super(message);
    this.name = Code;
  }
}

interface Answer {
  response: HttpResponse;
  body: Buffer;
}

/** AWS_ENDPOINT_URL_S3, else AWS_ENDPOINT_URL (or `endpoint_url` of the profile), as the SDK's clients read them. */
const CONFIGURED_ENDPOINT = {
  environmentVariableSelector: (env: NodeJS.ProcessEnv) =>
    env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS === 'true' ? undefined : (env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL),
  configFileSelector: (profile: Record<string, string | undefined>) => profile.endpoint_url,
  default: undefined,
};

/** A clock this far from S3's is corrected from S3's Date header, as the SDK corrects it. */
const CLOCK_SKEW_MS = 240_000;

async function bodyOf(response: HttpResponse): Promise<Buffer> {
  const body = response.body as unknown;
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  const bytes = await streamCollector(body as never);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function s3Error(answer: Answer, statusCode: number): S3Error {
  const { code, message } = errorOf(answer.body.toString('utf8'));
  const headers = answer.response.headers;
  const name = code ?? (statusCode === 404 ? 'NotFound' : 'Unknown');
  return new S3Error(
    name,
    message ?? `S3 answered ${statusCode}${code ? '' : ' with no error code'}`,
    statusCode >= 500 ? 'server' : 'client',
    { httpStatusCode: statusCode, requestId: headers['x-amz-request-id'], extendedRequestId: headers['x-amz-id-2'] },
    answer.response,
  );
}

export class S3Objects {
  /** The SDK's middleware stack: the local access check and the tests' fault injection are added to it. */
  readonly middlewareStack = constructStack<any, any>();
  private readonly handler: RequestHandler;
  private readonly signer: SignatureV4;
  private clockOffset = 0;
  private readonly addresses = new Map<string, Promise<BucketAddress>>();

  constructor(private readonly config: S3ObjectsConfig) {
    this.handler = config.requestHandler ?? new NodeHttpHandler();
    const credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider = config.credentials ?? defaultProvider();
    this.signer = new SignatureV4({
      service: 's3',
      region: config.region,
      credentials: memoizeIdentityProvider<AwsCredentialIdentity>(credentials, isIdentityExpired, doesIdentityRequireRefresh)!,
      sha256: Sha256,
      // The path goes out encoded once (encodeKey) and S3 signs it as sent.
      uriEscapePath: false,
    });
    const retry = resolveRetryConfig({
      maxAttempts: config.maxAttempts ?? loadConfig(NODE_MAX_ATTEMPT_CONFIG_OPTIONS),
      retryMode: loadConfig(NODE_RETRY_MODE_CONFIG_OPTIONS),
    });
    getRetryPlugin(retry as never).applyToStack(this.middlewareStack);
    // After the retry middleware: each attempt is signed afresh.
    this.middlewareStack.add((next: any) => (args: any) => this.signed(next, args) as Promise<any>, { step: 'finalizeRequest', priority: 'low', name: 's3ObjectsSigning' });
  }

  /** The object's bytes, or null when there is no such key. */
  async get(bucket: string, key: string): Promise<Buffer | null> {
    try {
      return await this.send('GetObject', { Bucket: bucket, Key: key }, (at) => wire.getObject(at, key), (answer) => answer.body);
    } catch (error) {
      if ((error as Error).name === 'NoSuchKey') return null;
      throw error;
    }
  }

  async put(bucket: string, key: string, body: Buffer, contentType: string): Promise<void> {
    await this.send('PutObject', { Bucket: bucket, Key: key, ContentType: contentType }, (at) => wire.putObject(at, key, body, contentType), () => undefined);
  }

  /** Replaces the object's tags. */
  async tag(bucket: string, key: string, tags: Record<string, string>): Promise<void> {
    await this.send('PutObjectTagging', { Bucket: bucket, Key: key, Tags: tags }, (at) => wire.putObjectTagging(at, key, tags), () => undefined);
  }

  /** Deletes up to 1,000 keys (absent ones count as deleted); the keys S3 could not delete, with its code. */
  deleteMany(bucket: string, keys: readonly string[]): Promise<Array<{ key: string; code: string }>> {
    if (keys.length > 1000) throw new RangeError(`DeleteObjects takes at most 1,000 keys, not ${keys.length}`);
    return this.send('DeleteObjects', { Bucket: bucket, Keys: keys }, (at) => wire.deleteObjects(at, keys), (answer) => deleteErrors(answer.body.toString('utf8')));
  }

  /** Deletes every key (absent ones too: S3 counts that as done), 1,000 per call as S3 allows. */
  async deleteAll(bucket: string, keys: readonly string[]): Promise<void> {
    for (let i = 0; i < keys.length; i += 1000) {
      const errors = await this.deleteMany(bucket, keys.slice(i, i + 1000));
      if (errors.length) throw new Error(`${errors.length} objects could not be deleted: ${errors[0]!.code}`);
    }
  }

  destroy(): void {
    this.handler.destroy?.();
  }

  private async send<O>(operation: string, input: Record<string, unknown>, request: (at: BucketAddress) => WireRequest, read: (answer: Answer) => O): Promise<O> {
    const stack = this.middlewareStack.clone();
    const bucket = String(input.Bucket);
    stack.add((next: any) => async (args: any) => next({ ...args, request: this.httpRequest(await this.address(bucket), request) }), {
      step: 'serialize',
      name: 's3ObjectsSerializer',
    });
    stack.add(
      (next: any) => async (args: any) => {
        const { response } = (await next(args)) as { response: HttpResponse };
        const answer = { response, body: await bodyOf(response) };
        const status = response.statusCode;
        if (status < 200 || status >= 300) throw s3Error(answer, status);
        if (operation === 'GetObject') {
          // Checked as the SDK's S3 client checks it; not tried again, as it is not.
          const mismatch = await checksumMismatch(response.headers, answer.body);
          if (mismatch) throw new Error(mismatch);
        } else if (isErrorDocument(answer.body.toString('utf8'))) {
          // S3 may answer 200 and fail afterwards: the SDK takes such an error document as a 500.
          throw s3Error(answer, 500);
        }
        return { response, output: { value: read(answer), $metadata: { httpStatusCode: status } } };
      },
      { step: 'deserialize', name: 's3ObjectsDeserializer' } as never,
    );
    const handle = stack.resolve((args: any) => this.handler.handle(args.request), { clientName: 'S3Objects', commandName: `${operation}Command` } as never);
    const { output } = await handle({ input } as never);
    return (output as { value: O }).value;
  }

  private httpRequest(at: BucketAddress, make: (at: BucketAddress) => WireRequest): HttpRequest {
    const { method, path, query, headers, body } = make(at);
    const host = at.port ? `${at.hostname}:${at.port}` : at.hostname;
    return new HttpRequest({ protocol: at.protocol, hostname: at.hostname, port: at.port, method, path, query, headers: { ...headers, host }, body });
  }

  /** Where a bucket's objects are: worked out once per bucket (the functions use one). */
  private address(bucket: string): Promise<BucketAddress> {
    let at = this.addresses.get(bucket);
    if (!at) this.addresses.set(bucket, (at = this.addressOf(bucket)));
    return at;
  }

  private async addressOf(bucket: string): Promise<BucketAddress> {
    const configured = this.config.endpoint ?? (await loadConfig(CONFIGURED_ENDPOINT)());
    const url = new URL(configured ?? `https://s3.${this.config.region}.${partition(this.config.region).dnsSuffix}`);
    const base = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
    const port = url.port ? Number(url.port) : undefined;
    const protocol = url.protocol === 'http:' ? 'http:' : 'https:';
    if (isVirtualHostableS3Bucket(bucket) && !isIpAddress(url.hostname)) return { protocol, hostname: `${bucket}.${url.hostname}`, port, prefix: base };
    return { protocol, hostname: url.hostname, port, prefix: `${base}${encodeURIComponent(bucket)}/` };
  }

  private async signed(next: (args: { request: HttpRequest }) => Promise<unknown>, args: { request: HttpRequest }): Promise<unknown> {
    const request = await this.signer.sign(args.request, { signingDate: new Date(Date.now() + this.clockOffset) });
    try {
      return await next({ ...args, request: request as HttpRequest });
    } catch (error) {
      this.correctClock(error as Partial<S3Error>);
      throw error;
    }
  }

  /** A clock far from S3's (its Date header) is corrected, and the retry rules see it was. */
  private correctClock(error: Partial<S3Error>): void {
    const date = error.$response?.headers?.date;
    const serverTime = date ? Date.parse(date) : NaN;
    if (Number.isNaN(serverTime) || Math.abs(Date.now() + this.clockOffset - serverTime) < CLOCK_SKEW_MS) return;
    this.clockOffset = serverTime - Date.now();
    if (error.$metadata) error.$metadata.clockSkewCorrected = true;
  }
}
