/**
 * Who may use the operator API and the console: whoever holds the operator token. The API takes
 * it as a bearer token; a browser signs in once with it and then carries a session cookie
 * (HttpOnly, SameSite=Strict, Secure over HTTPS), so the token itself never sits in the browser.
 * The cookie names a session kept on the server and carries a MAC keyed by the token: a forged
 * cookie fails the MAC, and a signed-out one names a session that no longer exists. Forms carry
 * a token derived from the session against cross-site posts.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** The secret's name: locally a generated value, in AWS a Secrets Manager secret. */
export const OPERATOR_TOKEN_SECRET = 'operator-token';
export const SESSION_COOKIE = 'followup_session';
const SESSION_HOURS = 12;

function mac(key: string, purpose: string, value: string): string {
  return createHmac('sha256', key).update(`${purpose}\n${value}`).digest('base64url');
}

export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(mac('compare', 'token', given));
  const b = Buffer.from(mac('compare', 'token', expected));
  return timingSafeEqual(a, b);
}

export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match ? match[1]! : null;
}

export interface Session {
  /** Names the session's record on the server. */
  id: string;
  /** Unix seconds. */
  expires: number;
}

/** A new session and its cookie value: expiry, id and a MAC over both keyed by the operator token. */
export function newSession(token: string, now: Date): Session & { value: string; maxAge: number } {
  const expires = Math.floor(now.getTime() / 1000) + SESSION_HOURS * 3600;
  const id = randomBytes(18).toString('base64url');
  return { id, expires, value: `${expires}.${id}.${mac(token, 'session', `${expires}.${id}`)}`, maxAge: SESSION_HOURS * 3600 };
}

/** The session a cookie value names, if its MAC is right and it has not expired (revocation is checked by the caller). */
export function readSession(value: string | undefined, token: string, now: Date): Session | null {
  const match = /^(\d{1,12})\.([\w-]{24})\.([\w-]+)$/.exec(value ?? '');
  if (!match || Number(match[1]) * 1000 < now.getTime()) return null;
  if (!sameSecret(match[3]!, mac(token, 'session', `${match[1]}.${match[2]}`))) return null;
  return { id: match[2]!, expires: Number(match[1]) };
}

export function csrfToken(session: string, token: string): string {
  return mac(token, 'csrf', session).slice(0, 32);
}

export function cookieValue(cookies: string[] | undefined, name: string): string | undefined {
  for (const cookie of cookies ?? []) {
    for (const part of cookie.split(/;\s*/)) {
      const i = part.indexOf('=');
      if (i > 0 && part.slice(0, i) === name) return part.slice(i + 1);
    }
  }
  return undefined;
}

export function sessionCookie(value: string, maxAge: number, secure: boolean): string {
  return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${secure ? '; Secure' : ''}`;
}

/**
 * A person's own token for the API (and the console with a bearer token): their id under a MAC
 * keyed by the operator token, so the operator can hand it out and nothing more is stored. A
 * person sees only the stores they are a person of, and their actions carry their id.
 */
export function personToken(operatorToken: string, personId: string): string {
  const id = Buffer.from(personId, 'utf8').toString('base64url');
  return `p.${id}.${mac(operatorToken, 'person', personId).slice(0, 32)}`;
}

export function parsePersonToken(value: string, operatorToken: string): string | null {
  const match = /^p\.([\w-]+)\.([\w-]{32})$/.exec(value);
  if (!match) return null;
  const personId = Buffer.from(match[1]!, 'base64url').toString('utf8');
  return sameSecret(match[2]!, mac(operatorToken, 'person', personId).slice(0, 32)) ? personId : null;
}
