/**
 * The local runtime in a process of its own, for tests that kill it: `node --import tsx
 * runtime-child.ts <data folder> <DynamoDB endpoint> <table> <clock start> <operator token>`. It prints one JSON
 * line with its URL once it is ready. The database is the test run's DynamoDB Local, which
 * outlives the runtime as DynamoDB does in AWS; everything else is kept in the data folder.
 */
import { startRuntime } from '../../functions/local/runtime.ts';
import { testConfig } from './stores.ts';

const [dataDir, endpoint, tableName, clockStart, operatorToken] = process.argv.slice(2);
if (!dataDir || !endpoint || !tableName || !clockStart || !operatorToken) {
  throw new Error('usage: runtime-child.ts <data folder> <endpoint> <table> <clock start> <operator token>');
}
const config = testConfig();
const runtime = await startRuntime({
  config,
  port: 0,
  smtpPort: 0,
  dataDir,
  clockStart: new Date(clockStart),
  secrets: config.localSecrets,
  operatorToken,
  dynamo: { endpoint, tableName },
  logLevel: 'silent',
});
process.stdout.write(`${JSON.stringify({ url: runtime.url })}\n`);
process.on('SIGTERM', () => void runtime.stop().then(() => process.exit(0)));
