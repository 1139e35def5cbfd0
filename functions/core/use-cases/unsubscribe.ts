/**
 * One-click unsubscribe (RFC 8058): the signed token names one customer of one store; their
 * address joins the store's suppression list, and every pending note is stopped at send time.
 */
import { parseUnsubscribeToken } from '../domain/tokens.ts';
import type { TokenSigner } from '../domain/keys.ts';
import type { Clock, CustomerStore, Logger, SuppressionStore } from '../ports.ts';

export interface UnsubscribeDeps {
  customers: CustomerStore;
  suppressions: SuppressionStore;
  clock: Clock;
  logger: Logger;
  signer: TokenSigner;
}

export type UnsubscribeResult = { status: 'invalid-link' } | { status: 'unsubscribed'; storeId: string | null };

/** Reads who a link belongs to without changing anything (the GET confirmation page). */
export async function unsubscribeTarget(deps: UnsubscribeDeps, token: string): Promise<UnsubscribeResult> {
  const customerKey = parseUnsubscribeToken(deps.signer, token);
  if (!customerKey) return { status: 'invalid-link' };
  const { profile } = await deps.customers.load(customerKey);
  return { status: 'unsubscribed', storeId: profile?.storeId ?? null };
}

export async function unsubscribe(deps: UnsubscribeDeps, token: string): Promise<UnsubscribeResult> {
  const customerKey = parseUnsubscribeToken(deps.signer, token);
  if (!customerKey) return { status: 'invalid-link' };
  const { profile } = await deps.customers.load(customerKey);
  // An erased customer has nothing left to stop; the answer is the same for them.
  if (profile) await deps.suppressions.add(profile.email, profile.storeId, 'unsubscribed', deps.clock.now().toISOString());
  deps.logger.info('customer unsubscribed', { customerKey, storeId: profile?.storeId ?? null });
  return { status: 'unsubscribed', storeId: profile?.storeId ?? null };
}
