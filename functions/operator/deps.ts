import type { TokenSigner } from '../core/domain/keys.ts';
import type { OperateDeps } from '../core/use-cases/operate-escalations.ts';

/** What the operator function uses: the escalation actions, the signing key and the operator token. */
export type OperatorDeps = OperateDeps & { signer: TokenSigner; operatorToken(): Promise<string> };
