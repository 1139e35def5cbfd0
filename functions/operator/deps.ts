import type { TokenSigner } from '../core/domain/keys.ts';
import type { SessionStore } from '../core/ports.ts';
import type { OperateDeps } from '../core/use-cases/operate-escalations.ts';
import type { PrivacyDeps } from './privacy-routes.ts';

/**
 * What the operator function uses: the escalation actions, the signing key, the operator token,
 * the console's sessions, and what erasing or exporting a customer needs.
 */
export type OperatorDeps = OperateDeps & PrivacyDeps & { signer: TokenSigner; operatorToken(): Promise<string>; sessions: SessionStore };
