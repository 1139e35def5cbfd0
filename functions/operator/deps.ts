import type { SessionStore } from '../core/ports.ts';
import type { OperateDeps } from '../core/use-cases/operate-escalations.ts';
import type { SecretParts } from '../shared/parts.ts';
import type { PrivacyDeps } from './privacy-routes.ts';

/**
 * What the operator function uses: the escalation actions, the signing key, the operator token,
 * the console's sessions, and what erasing or exporting a customer needs.
 */
export type OperatorDeps = OperateDeps & SecretParts & PrivacyDeps & { sessions: SessionStore };
