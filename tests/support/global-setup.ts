/**
 * One DynamoDB Local for the whole test run (it needs about 2 s and 230 MB to start, too much per
 * file); every test file creates its own uniquely named table on it (see dynamo.ts).
 */
import type { TestProject } from 'vitest/node';
import { ensureDynamoDbLocal, startDynamoDbLocal } from '../../functions/local/dynamodb-local.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // vitest's `test.env` reaches the workers only; the readiness check here uses the SDK too.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  // Prints one line on stderr when the jar has to be fetched (first run on a machine).
  await ensureDynamoDbLocal();
  const dynamo = await startDynamoDbLocal({ port: 0 });
  project.provide('dynamoEndpoint', dynamo.endpoint);
  return () => dynamo.stop();
}
