import type { OperateDeps } from '../core/use-cases/operate-escalations.ts';
import type { SecretParts } from '../shared/parts.ts';

/** What the operator function uses: the escalation actions, the signing key and the operator token. */
export type OperatorDeps = OperateDeps & SecretParts;
