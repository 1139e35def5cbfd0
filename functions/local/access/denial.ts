/**
 * The answer AWS gives a request its policy does not allow, in each service's own protocol, so
 * the SDK turns it into the very exception a deployed function would get: AccessDeniedException
 * (DynamoDB, SQS, Secrets Manager), AccessDenied (S3, SES).
 */
import { randomUUID } from 'node:crypto';
import type { AwsService } from '../../shared/parts/part.ts';
import type { IamRequest } from './aws-calls.ts';

export interface WireResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: Buffer;
}

const xml = (text: string) => text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

export function denialMessage(principal: string, request: IamRequest): string {
  return `User: ${principal} is not authorized to perform: ${request.action} on resource: ${request.resource} because no identity-based policy allows the ${request.action} action`;
}

export function denial(service: AwsService, principal: string, request: IamRequest): WireResponse {
  const requestId = randomUUID();
  const message = denialMessage(principal, request);
  const jsonAnswer = (contentType: string, body: Record<string, string>, headers: Record<string, string> = {}): WireResponse => ({
    statusCode: 400,
    headers: { 'content-type': contentType, 'x-amzn-requestid': requestId, ...headers },
    body: Buffer.from(JSON.stringify(body)),
  });
  switch (service) {
    case 'dynamodb':
      return jsonAnswer('application/x-amz-json-1.0', { __type: 'com.amazon.coral.service#AccessDeniedException', Message: message });
    case 'sqs':
      return jsonAnswer(
        'application/x-amz-json-1.0',
        { __type: 'com.amazon.coral.service#AccessDeniedException', message },
        { 'x-amzn-query-error': 'AccessDenied;Sender' },
      );
    case 'secretsmanager':
      return jsonAnswer('application/x-amz-json-1.1', { __type: 'AccessDeniedException', Message: message });
    case 's3':
      return {
        statusCode: 403,
        headers: { 'content-type': 'application/xml', 'x-amz-request-id': requestId },
        body: Buffer.from(
          `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>${xml(message)}</Message><RequestId>${requestId}</RequestId></Error>`,
        ),
      };
    case 'ses':
      return {
        statusCode: 403,
        headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
        body: Buffer.from(
          `<ErrorResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><Error><Type>Sender</Type><Code>AccessDenied</Code>` +
            `<Message>${xml(`User \`${principal}' is not authorized to perform \`${request.action}' on resource \`${request.resource}'`)}</Message>` +
            `</Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
        ),
      };
  }
}
