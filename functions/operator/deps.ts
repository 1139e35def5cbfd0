import type { SessionStore } from '../core/ports.ts';
import type { OperateDeps } from '../core/use-cases/operate-escalations.ts';
import type { SecretParts } from '../shared/parts.ts';

/** What the operator function uses: the escalation actions, the signing key, the operator token and the console's sessions. */
export type OperatorDeps = OperateDeps & SecretParts & { sessions: SessionStore };
