/**
 * The local access check: a function's clients carry its declaration's IAM statements, and a
 * call they do not allow is answered as AWS answers it. The endpoint here listens nowhere, so a
 * call that passes the check fails to connect instead: that is how the tests tell them apart.
 */
import { DynamoDBClient, GetItemCommand, QueryCommand, BatchGetItemCommand } from '@aws-sdk/client-dynamodb';
import { SESClient, SendRawEmailCommand } from '@aws-sdk/client-ses';
import { S3Client, DeleteObjectCommand, DeleteObjectsCommand, GetObjectCommand, PutObjectTaggingCommand } from '@aws-sdk/client-s3';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { sendMail } from '../../../functions/send-mail/function.ts';
import { receiveMail } from '../../../functions/receive-mail/function.ts';
import { operator } from '../../../functions/operator/function.ts';
import { sweepDue } from '../../../functions/sweep-due/function.ts';
import type { FunctionDeclaration } from '../../../functions/shared/declaration.ts';
import type { AwsClient, AwsService } from '../../../functions/shared/parts/part.ts';
import { permissionsOf } from '../../../functions/shared/permissions.ts';
import { S3Objects } from '../../../functions/adapters/s3/s3-objects.ts';
import { addAccessCheck } from '../../../functions/local/access/access-check.ts';
import { arn, LOCAL_ACCOUNT } from '../../../functions/local/access/arns.ts';
import { localResources } from '../../../functions/local/wiring.ts';
import { testConfig } from '../../support/stores.ts';

const TABLE = 'followup-test';
const SCOPE = { region: 'us-east-1', account: LOCAL_ACCOUNT };
const NOWHERE = { region: 'us-east-1', endpoint: 'http://127.0.0.1:9', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 };

function guarded<C extends AwsClient>(client: C, service: AwsService, declaration: FunctionDeclaration): C {
  const statements = permissionsOf(declaration, localResources(testConfig(), TABLE));
  addAccessCheck(client, { service, statements, scope: SCOPE, principal: arn.principal(SCOPE, declaration.name) });
  return client;
}

/** What the call ended in: the refusal's name and status, or `passed` when it got as far as the network. */
async function outcome(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return 'answered';
  } catch (error) {
    const e = error as Error & { $metadata?: { httpStatusCode?: number } };
    return /AccessDenied/.test(e.name) ? `${e.name} ${e.$metadata?.httpStatusCode}` : 'passed';
  }
}

describe('the local access check', () => {
  it('lets the sweeper query the due index, and nothing else of the table with Query', async () => {
    const dynamo = guarded(new DynamoDBClient(NOWHERE), 'dynamodb', sweepDue);
    const query = (IndexName?: string) =>
      dynamo.send(new QueryCommand({ TableName: TABLE, ...(IndexName && { IndexName }), KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'x' } } }));
    expect(await outcome(query('due'))).toBe('passed');
    expect(await outcome(query())).toBe('AccessDeniedException 400');
    expect(await outcome(query('another'))).toBe('AccessDeniedException 400');
    expect(await outcome(dynamo.send(new GetItemCommand({ TableName: TABLE, Key: { pk: { S: 'x' } } })))).toBe('AccessDeniedException 400');
  });

  it('refuses with the exception and message a deployed function would get', async () => {
    const dynamo = guarded(new DynamoDBClient(NOWHERE), 'dynamodb', sweepDue);
    const refusal = await dynamo.send(new GetItemCommand({ TableName: TABLE, Key: { pk: { S: 'x' } } })).catch((e: unknown) => e);
    expect(refusal).toMatchObject({
      name: 'AccessDeniedException',
      $fault: 'client',
      message: `User: arn:aws:sts::${LOCAL_ACCOUNT}:assumed-role/sweep-due-role/sweep-due is not authorized to perform: dynamodb:GetItem on resource: arn:aws:dynamodb:us-east-1:${LOCAL_ACCOUNT}:table/${TABLE} because no identity-based policy allows the dynamodb:GetItem action`,
    });
  });

  it('checks every table of a batch, and the table by its name', async () => {
    const dynamo = guarded(new DynamoDBClient(NOWHERE), 'dynamodb', sendMail);
    const batch = (tables: string[]) =>
      dynamo.send(new BatchGetItemCommand({ RequestItems: Object.fromEntries(tables.map((t) => [t, { Keys: [{ pk: { S: 'x' } }] }])) }));
    expect(await outcome(batch([TABLE]))).toBe('passed');
    expect(await outcome(batch([TABLE, 'someone-elses']))).toBe('AccessDeniedException 400');
  });

  it('lets the sender send only from the deployment\'s own addresses, with the configuration set', async () => {
    const ses = guarded(new SESClient(NOWHERE), 'ses', sendMail);
    const send = (Source: string) => ses.send(new SendRawEmailCommand({ Source, RawMessage: { Data: Buffer.from('x') }, ConfigurationSetName: 'followup-local' }));
    expect(await outcome(send('Sarah@Northwind.example'))).toBe('passed');
    expect(await outcome(send('sarah@elsewhere.example'))).toBe('AccessDenied 403');
    expect(await outcome(send('mallory@northwind.example'))).toBe('AccessDenied 403');
    const receiver = guarded(new SESClient(NOWHERE), 'ses', receiveMail);
    expect(await outcome(receiver.send(new SendRawEmailCommand({ Source: 'sarah@northwind.example', RawMessage: { Data: Buffer.from('x') } })))).toBe('AccessDenied 403');
  });

  it('lets receive-mail read raw mail under inbound/ only', async () => {
    const s3 = guarded(new S3Client(NOWHERE), 's3', receiveMail);
    expect(await outcome(s3.send(new GetObjectCommand({ Bucket: 'followup-inbound', Key: 'inbound/abc' })))).toBe('passed');
    expect(await outcome(s3.send(new GetObjectCommand({ Bucket: 'followup-inbound', Key: 'other/abc' })))).toBe('AccessDenied 403');
    const sweeper = guarded(new S3Client(NOWHERE), 's3', sweepDue);
    expect(await outcome(sweeper.send(new GetObjectCommand({ Bucket: 'followup-inbound', Key: 'inbound/abc' })))).toBe('AccessDenied 403');
  });

  it('lets receive-mail file raw mail under its store but never delete it; erasure deletes under the prefixes it names, key by key', async () => {
    const s3 = guarded(new S3Client(NOWHERE), 's3', receiveMail);
    const tag = new PutObjectTaggingCommand({ Bucket: 'followup-inbound', Key: 'inbound/abc', Tagging: { TagSet: [{ Key: 'followup-store', Value: 'northwind' }] } });
    expect(await outcome(s3.send(tag))).toBe('passed');
    expect(await outcome(s3.send(new DeleteObjectCommand({ Bucket: 'followup-inbound', Key: 'inbound/abc' })))).toBe('AccessDenied 403');
    const eraser = guarded(new S3Client(NOWHERE), 's3', operator);
    const erase = (...keys: string[]) => eraser.send(new DeleteObjectsCommand({ Bucket: 'followup-inbound', Delete: { Objects: keys.map((Key) => ({ Key })) } }));
    expect(await outcome(erase('inbound/abc', 'exports/northwind/x.json'))).toBe('passed');
    expect(await outcome(erase('inbound/abc', 'elsewhere/x.json'))).toBe('AccessDenied 403');
  });

  it('checks the functions\' own S3 object client as it checks the SDK\'s: reads, tags and deletes outside the declaration are refused', async () => {
    const receiver = guarded(new S3Objects(NOWHERE), 's3', receiveMail);
    expect(await outcome(receiver.get('followup-inbound', 'inbound/abc'))).toBe('passed');
    expect(await outcome(receiver.get('followup-inbound', 'exports/northwind/x.json'))).toBe('AccessDenied 403');
    expect(await outcome(receiver.tag('followup-inbound', 'inbound/abc', { 'followup-store': 'northwind' }))).toBe('passed');
    expect(await outcome(receiver.deleteMany('followup-inbound', ['inbound/abc']))).toBe('AccessDenied 403');
    const eraser = guarded(new S3Objects(NOWHERE), 's3', operator);
    expect(await outcome(eraser.deleteMany('followup-inbound', ['inbound/a b+c', 'exports/northwind/x.json']))).toBe('passed');
    expect(await outcome(eraser.deleteMany('followup-inbound', ['inbound/abc', 'elsewhere/x.json']))).toBe('AccessDenied 403');
    expect(await outcome(eraser.put('followup-inbound', 'inbound/abc', Buffer.from('x'), 'message/rfc822'))).toBe('AccessDenied 403');
  });

  it('answers a read of a missing object "access denied" to a function that may not list the bucket, as S3 does', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(404, { 'content-type': 'application/xml' });
      res.end('<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const read = async (declaration: FunctionDeclaration) =>
        guarded(new S3Client({ ...NOWHERE, endpoint, forcePathStyle: true }), 's3', declaration)
          .send(new GetObjectCommand({ Bucket: 'followup-inbound', Key: 'inbound/gone' }))
          .catch((error: Error) => error.name);
      expect(await read(receiveMail)).toBe('AccessDenied');
      expect(await read(operator)).toBe('NoSuchKey');
      // The functions' own client: a missing object is null only to who may list the bucket.
      const find = (declaration: FunctionDeclaration) =>
        guarded(new S3Objects({ ...NOWHERE, endpoint }), 's3', declaration)
          .get('followup-inbound', 'inbound/gone')
          .catch((error: Error) => error.name);
      expect(await find(receiveMail)).toBe('AccessDenied');
      expect(await find(operator)).toBeNull();
    } finally {
      server.close();
    }
  });
});
