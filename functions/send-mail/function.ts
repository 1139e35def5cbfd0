import { declareFunction } from '../shared/declaration.ts';
import { signingKey } from '../shared/parts/secrets.ts';
import { sesSending } from '../shared/parts/ses-sending.ts';
import { table } from '../shared/parts/table.ts';
import { templates } from '../shared/parts/templates.ts';

/**
 * Queue messages per invocation. send-mail does all of a batch side by side, so this bounds the
 * SES sends in flight in one instance (the stage's maxSendConcurrency bounds the instances).
 */
export const SEND_BATCH_SIZE = 5;

/** Reads the send queue: sends each due note, emails escalation notices, passes overdue escalations on. */
export const sendMail = declareFunction({
  name: 'send-mail',
  description: 'Send queue to SES: notes, escalation notices, overdue escalations passed on',
  timeoutSeconds: 30,
  parts: [
    // Notes: notes.claim/markSent/reschedule/finish/markUnknown (Update), customers.load (Query),
    // orders.getMany (BatchGet), suppressions.reasons (Query). Escalations: escalations.get (Get)
    // for notices and pass-ons, escalations.passOn (Update).
    table({ items: ['GetItem', 'UpdateItem', 'Query', 'BatchGetItem'] }),
    // Reply addresses and unsubscribe links are signed.
    signingKey(),
    sesSending(),
    templates(),
  ],
});
