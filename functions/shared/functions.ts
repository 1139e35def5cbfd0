/**
 * Every Lambda function of the pipeline, by its declaration. Infra deploys exactly these and
 * the local runtime runs exactly these. Never imported by a handler: each bundle carries its own
 * declaration only, and with it only the SDK clients its parts use.
 */
import { ingestWebhook } from '../ingest-webhook/function.ts';
import { operator } from '../operator/function.ts';
import { planFollowUps } from '../plan-follow-ups/function.ts';
import { privacyRequests } from '../privacy-requests/function.ts';
import { receiveMail } from '../receive-mail/function.ts';
import { sendMail } from '../send-mail/function.ts';
import { sesEvents } from '../ses-events/function.ts';
import { sweepDue } from '../sweep-due/function.ts';
import { unsubscribe } from '../unsubscribe/function.ts';

export const DECLARATIONS = [ingestWebhook, planFollowUps, sweepDue, sendMail, unsubscribe, sesEvents, receiveMail, operator, privacyRequests] as const;

export type Declaration = (typeof DECLARATIONS)[number];
export type FunctionName = Declaration['name'];

export const FUNCTION_NAMES: readonly FunctionName[] = DECLARATIONS.map((d) => d.name);

export function declarationOf<N extends FunctionName>(name: N): Extract<Declaration, { name: N }> {
  return DECLARATIONS.find((d): d is Extract<Declaration, { name: N }> => d.name === name)!;
}
