/** A port nobody listens on right now, for a runtime a test starts as a user would (npm start). */
import { createServer } from 'node:net';

/**
 * Below Linux's ephemeral range (32768–60999): a port the system handed out for "any port" (what
 * freePort itself would get by asking for port 0) can be handed to another process the moment
 * it is let go, such as a DynamoDB Local or an SES endpoint another test starts at the same time.
 */
const FIRST = 20_000;
const LAST = 32_000;

export async function freePort(): Promise<number> {
  for (let tries = 0; tries < 50; tries++) {
    const port = FIRST + Math.floor(Math.random() * (LAST - FIRST));
    if (await isFree(port)) return port;
  }
  throw new Error(`no free port found between ${FIRST} and ${LAST}`);
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
