/**
 * The console's session ends when its person signs out: the cookie, even copied before the
 * sign-out, opens nothing afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from '../../support/runtime.ts';

let rt: TestRuntime;

beforeAll(async () => {
  rt = await startTestRuntime({ clockStart: '2026-11-23T15:00:00.000Z' });
});
afterAll(() => rt?.stop());

const form = { 'content-type': 'application/x-www-form-urlencoded' };

async function signIn(): Promise<string> {
  const login = await fetch(`${rt.url}/console/login`, {
    method: 'POST',
    body: `token=${encodeURIComponent(rt.operatorToken)}`,
    headers: form,
    redirect: 'manual',
  });
  expect(login.status).toBe(303);
  return login.headers.get('set-cookie')!.split(';')[0]!;
}

const consoleWith = (cookie: string) => fetch(`${rt.url}/console`, { headers: { cookie } });

describe('console sessions', () => {
  it('are revoked on sign-out: the same cookie opens nothing afterwards', async () => {
    const cookie = await signIn();
    const page = await consoleWith(cookie);
    expect(page.status).toBe(200);
    const csrf = /name="csrf" value="([^"]+)"/.exec(await page.text())![1]!;

    const out = await fetch(`${rt.url}/console/logout`, { method: 'POST', body: `csrf=${csrf}`, headers: { ...form, cookie }, redirect: 'manual' });
    expect(out.status).toBe(303);
    expect(out.headers.get('set-cookie')).toMatch(/Max-Age=0/);

    const replayed = await consoleWith(cookie);
    expect(replayed.status).toBe(401);
    expect(await replayed.text()).toContain('name="token"');
  });

  it('are separate: signing out of one leaves another signed in', async () => {
    const first = await signIn();
    const second = await signIn();
    const csrf = /name="csrf" value="([^"]+)"/.exec(await (await consoleWith(first)).text())![1]!;
    await fetch(`${rt.url}/console/logout`, { method: 'POST', body: `csrf=${csrf}`, headers: { ...form, cookie: first }, redirect: 'manual' });
    expect((await consoleWith(first)).status).toBe(401);
    expect((await consoleWith(second)).status).toBe(200);
  });

  it('cannot be made up: a cookie naming another session id fails its MAC', async () => {
    const cookie = await signIn();
    const [name, value] = cookie.split('=') as [string, string];
    const [expires, id, mac] = value.split('.') as [string, string, string];
    const otherId = `${id.slice(0, -1)}${id.endsWith('A') ? 'B' : 'A'}`;
    expect((await consoleWith(`${name}=${expires}.${otherId}.${mac}`)).status).toBe(401);
    expect((await consoleWith(`${name}=${Number(expires) + 3600}.${id}.${mac}`)).status).toBe(401);
  });

  it('end after twelve hours', async () => {
    const cookie = await signIn();
    await rt.advance('PT12H1M');
    expect((await consoleWith(cookie)).status).toBe(401);
  });
});
