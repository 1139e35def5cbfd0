/**
 * The local runtime's IAM: a middleware on every client a function gets, built from the
 * function's declaration. A call its statements do not allow never reaches the engine; it is
 * answered as AWS answers it, so the function sees the same AccessDeniedException it would get
 * when deployed. Deployed and local grants cannot drift apart: both come from permissionsOf().
 */
import type { AwsClient, AwsService } from '../../shared/parts/part.ts';
import type { Statement } from '../../shared/permissions.ts';
import type { ArnScope } from './arns.ts';
import { iamRequests, type WireRequest } from './aws-calls.ts';
import { denial } from './denial.ts';
import { allows } from './policy.ts';

export interface AccessCheck {
  service: AwsService;
  statements: readonly Statement[];
  scope: ArnScope;
  /** The caller, as a refusal names it. */
  principal: string;
  /** Told of each refusal (the runtime logs them: a refusal is a missing grant or a bug). */
  onDenied?(action: string, resource: string): void;
}

/** The first authorisation the request lacks, if any. */
export function refusal(check: AccessCheck, request: WireRequest) {
  return iamRequests(check.service, request, check.scope).find((r) => !allows(check.statements, r));
}

export function addAccessCheck(client: AwsClient, check: AccessCheck): void {
  type Next = (args: { request: WireRequest }) => Promise<unknown>;
  const middleware = (next: Next) => async (args: { request: WireRequest }) => {
    const refused = refusal(check, args.request);
    if (!refused) return next(args);
    check.onDenied?.(refused.action, refused.resource);
    // Answered below the deserializer: the SDK parses it exactly as it would parse AWS's answer.
    return { response: denial(check.service, check.principal, refused), output: undefined };
  };
  client.middlewareStack.add(middleware as never, { step: 'deserialize', priority: 'low', name: 'localAccessCheck' } as never);
}
