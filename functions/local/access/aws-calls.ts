/**
 * What an AWS API request asks IAM for: the action, the resource and the condition keys, read
 * from the request as it goes over the wire (target header, JSON or query body, path), as AWS
 * reads it. Covers the calls the functions make: DynamoDB, SQS, S3, Secrets Manager, SES.
 */
import type { AwsService } from '../../shared/parts/part.ts';
import { arn, type ArnScope } from './arns.ts';

export interface WireRequest {
  method: string;
  path: string;
  /** The query string's parameters (S3 names sub-resources there: `?tagging`, `?delete`). */
  query?: Record<string, string | string[] | null | undefined>;
  headers: Record<string, string | undefined>;
  body?: unknown;
}

export interface IamRequest {
  action: string;
  resource: string;
  /** Condition keys of the request (ses:FromAddress …). */
  context: Record<string, string>;
}

function header(request: WireRequest, name: string): string {
  for (const [key, value] of Object.entries(request.headers)) if (key.toLowerCase() === name) return value ?? '';
  return '';
}

function bodyText(request: WireRequest): string {
  const body = request.body;
  if (typeof body === 'string') return body;
  // By its bytes: the SDK's JSON body is a Uint8Array that warns when used as a string.
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  return '';
}

function json(request: WireRequest): Record<string, any> {
  try {
    return JSON.parse(bodyText(request) || '{}') as Record<string, any>;
  } catch {
    return {};
  }
}

/** The operation a JSON-protocol request names in X-Amz-Target (`DynamoDB_20120810.GetItem`). */
function operation(request: WireRequest): string {
  const target = header(request, 'x-amz-target');
  return target.slice(target.lastIndexOf('.') + 1);
}

const TRANSACT_ACTIONS: Record<string, string> = { Put: 'PutItem', Update: 'UpdateItem', Delete: 'DeleteItem', ConditionCheck: 'ConditionCheckItem', Get: 'GetItem' };

function dynamodb(request: WireRequest, scope: ArnScope): IamRequest[] {
  const op = operation(request);
  const input = json(request);
  const on = (action: string, table: string, index?: string): IamRequest => ({
    action: `dynamodb:${action}`,
    resource: `${arn.table(scope, table)}${index ? `/index/${index}` : ''}`,
    context: {},
  });
  if (op === 'BatchGetItem' || op === 'BatchWriteItem') return Object.keys(input.RequestItems ?? {}).map((t) => on(op, t));
  if (op === 'TransactWriteItems' || op === 'TransactGetItems') {
    return (input.TransactItems ?? []).flatMap((item: Record<string, { TableName: string }>) =>
      Object.entries(item).map(([kind, action]) => on(TRANSACT_ACTIONS[kind] ?? kind, action.TableName)),
    );
  }
  return [on(op, String(input.TableName ?? ''), input.IndexName)];
}

function sqs(request: WireRequest, scope: ArnScope): IamRequest[] {
  const op = operation(request);
  const queueUrl = String(json(request).QueueUrl ?? '');
  const action = op === 'SendMessageBatch' ? 'SendMessage' : op === 'DeleteMessageBatch' ? 'DeleteMessage' : op;
  return [{ action: `sqs:${action}`, resource: arn.queue(scope, queueUrl.slice(queueUrl.lastIndexOf('/') + 1)), context: {} }];
}

function secretsmanager(request: WireRequest, scope: ArnScope): IamRequest[] {
  const id = String(json(request).SecretId ?? '');
  return [{ action: `secretsmanager:${operation(request)}`, resource: id.startsWith('arn:') ? id : arn.secret(scope, id), context: {} }];
}

const S3_ACTIONS: Record<string, string> = { GET: 'GetObject', HEAD: 'GetObject', PUT: 'PutObject', DELETE: 'DeleteObject' };

const xmlText = (text: string) =>
  text.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-f]+);/gi, (_m, entity: string) => {
    const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
    if (named[entity]) return named[entity]!;
    return String.fromCodePoint(entity[1]?.toLowerCase() === 'x' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10));
  });

/** The keys a DeleteObjects body names. */
export function deletedKeys(body: string): string[] {
  return [...body.matchAll(/<Key>([\s\S]*?)<\/Key>/g)].map((m) => xmlText(m[1]!));
}

function s3(request: WireRequest): IamRequest[] {
  // Path style (the local endpoints are IP addresses): /bucket/key.
  const [, bucket = '', ...key] = request.path.split('/');
  const query = request.query ?? {};
  const has = (name: string) => Object.hasOwn(query, name);
  const on = (action: string, objectKey: string): IamRequest => ({ action: `s3:${action}`, resource: arn.object(bucket, objectKey), context: {} });
  // DeleteObjects (POST /bucket?delete) is authorised as s3:DeleteObject on each key it names.
  if (request.method === 'POST' && has('delete')) return deletedKeys(bodyText(request)).map((k) => on('DeleteObject', k));
  if (key.length === 0 || key.join('/') === '') return [{ action: 's3:ListBucket', resource: arn.bucket(bucket), context: {} }];
  const objectKey = key.map(decodeURIComponent).join('/');
  if (has('tagging')) return [on(request.method === 'PUT' ? 'PutObjectTagging' : request.method === 'DELETE' ? 'DeleteObjectTagging' : 'GetObjectTagging', objectKey)];
  return [on(S3_ACTIONS[request.method] ?? request.method, objectKey)];
}

/** Whether a request reads one object (S3 tells a missing key only to who may list the bucket). */
export function readsObject(service: AwsService, request: WireRequest): { bucket: string } | null {
  if (service !== 's3' || (request.method !== 'GET' && request.method !== 'HEAD')) return null;
  const [, bucket = '', ...key] = request.path.split('/');
  const query = request.query ?? {};
  return key.join('/') !== '' && !Object.hasOwn(query, 'tagging') ? { bucket } : null;
}

/** `Name <address>` or `address` → the address. */
function address(source: string): string {
  const match = /<([^>]+)>\s*$/.exec(source);
  return (match ? match[1]! : source).trim();
}

function ses(request: WireRequest, scope: ArnScope): IamRequest[] {
  const form = new URLSearchParams(bodyText(request));
  const action = `ses:${form.get('Action') ?? ''}`;
  const source = form.get('Source');
  if (!source) return [{ action, resource: '*', context: {} }];
  const from = address(source);
  const context = { 'ses:FromAddress': from };
  const calls = [{ action, resource: arn.sesIdentity(scope, from.slice(from.lastIndexOf('@') + 1).toLowerCase()), context }];
  const configurationSet = form.get('ConfigurationSetName');
  if (configurationSet) calls.push({ action, resource: arn.configurationSet(scope, configurationSet), context });
  return calls;
}

/** Every authorisation the request needs; all of them must be allowed. */
export function iamRequests(service: AwsService, request: WireRequest, scope: ArnScope): IamRequest[] {
  switch (service) {
    case 'dynamodb':
      return dynamodb(request, scope);
    case 'sqs':
      return sqs(request, scope);
    case 'secretsmanager':
      return secretsmanager(request, scope);
    case 's3':
      return s3(request);
    case 'ses':
      return ses(request, scope);
  }
}
