/**
 * The local runtime's IAM: a middleware on every client a function gets, built from the
 * function's declaration. A call its statements do not allow never reaches the engine; it is
 * answered as AWS answers it, so the function sees the same AccessDeniedException it would get
 * when deployed. Deployed and local grants cannot drift apart: both come from permissionsOf().
 */
import type { AwsClient, AwsService } from '../../shared/parts/part.ts';
import type { Statement } from '../../shared/permissions.ts';
import { arn, type ArnScope } from './arns.ts';
import { iamRequests, readsObject, type WireRequest } from './aws-calls.ts';
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

/**
 * S3 answers a read of a missing object "no such key" only to a caller that may list the bucket;
 * anyone else gets "access denied" (so a policy without s3:ListBucket cannot probe for keys).
 */
export function hidesMissing(check: AccessCheck, request: WireRequest): { action: string; resource: string; context: Record<string, string> } | null {
  const read = readsObject(check.service, request);
  if (!read) return null;
  const list = { action: 's3:ListBucket', resource: arn.bucket(read.bucket), context: {} };
  return allows(check.statements, list) ? null : list;
}

export function addAccessCheck(client: AwsClient, check: AccessCheck): void {
  type Next = (args: { request: WireRequest }) => Promise<{ response?: { statusCode?: number } }>;
  const middleware = (next: Next) => async (args: { request: WireRequest }) => {
    const refused = refusal(check, args.request);
    if (!refused) {
      const answered = await next(args);
      const list = answered.response?.statusCode === 404 ? hidesMissing(check, args.request) : null;
      if (!list) return answered;
      check.onDenied?.(list.action, list.resource);
      return { response: denial(check.service, check.principal, list), output: undefined };
    }
    check.onDenied?.(refused.action, refused.resource);
    // Answered below the deserializer: the SDK parses it exactly as it would parse AWS's answer.
    return { response: denial(check.service, check.principal, refused), output: undefined };
  };
  client.middlewareStack.add(middleware as never, { step: 'deserialize', priority: 'low', name: 'localAccessCheck' } as never);
}
