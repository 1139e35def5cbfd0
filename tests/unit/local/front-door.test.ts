/**
 * The local HTTP front door on its own (a real server on a free port, routes given by the test):
 * what reaches the routes, and how their failures are answered.
 */
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { UnreadableMailError } from '../../../functions/core/errors.ts';
import { frontDoor, localHttpServer, type LocalRequest } from '../../../functions/local/http-bridge.ts';
import { json, type HttpResult } from '../../../functions/shared/http.ts';

const logged: string[] = [];
const logger = { debug: () => {}, info: () => {}, warn: () => {}, error: (message: string) => void logged.push(message) };
const servers: Array<{ close(): void }> = [];
afterEach(() => servers.splice(0).forEach((s) => s.close()));

async function serve(route: (request: LocalRequest) => Promise<HttpResult>): Promise<string> {
  const server = localHttpServer(frontDoor({ route, logger }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('the HTTP front door', () => {
  it('answers a message the routes could not read as rejected (400), not as a failure', async () => {
    const url = await serve(async () => {
      throw new UnreadableMailError('the message could not be read: broken structure');
    });
    const res = await fetch(`${url}/dev/inbound`, { method: 'POST', headers: { 'content-type': 'message/rfc822' }, body: 'x' });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ outcome: 'rejected', reasons: ['the message could not be read: broken structure'] });
  });

  it('answers an unexpected failure 500 without its details, and logs it', async () => {
    logged.length = 0;
    const url = await serve(async () => {
      throw new Error('table unavailable: secret detail');
    });
    const res = await fetch(`${url}/anything`);
    expect(res.status).toBe(500);
    expect(await res.text()).not.toContain('secret detail');
    expect(logged).toEqual(['local request failed']);
  });

  it('hands the routes the body, and reads a /dev/inbound body up to SES’s 40 MB', async () => {
    const url = await serve(async (request) => json(200, { bytes: request.body.length }));
    const body = Buffer.alloc(12 * 1024 * 1024, 97);
    const res = await fetch(`${url}/dev/inbound`, { method: 'POST', headers: { 'content-type': 'message/rfc822' }, body });
    expect(await res.json()).toEqual({ bytes: body.length });
    expect((await fetch(`${url}/webhooks/shopify`, { method: 'POST', body })).status).toBe(413);
  });
});
