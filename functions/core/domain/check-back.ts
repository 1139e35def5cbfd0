/**
 * The check-back after a resolved problem: a few days later the person who handled it asks the
 * customer whether everything got sorted ("did the replacement arrive?"), in the customer's
 * thread. Their answer is scored satisfied or not and kept on the escalation.
 */
import type { Classification } from './classify.ts';
import { addDuration } from './duration.ts';
import type { Escalation } from './escalation.ts';
import { nextSendMoment } from './send-window.ts';
import type { StoreConfig } from './store.ts';

/** When the check-back goes out: the store's delay after the resolution, inside the send window. */
export function checkBackAt(resolvedAt: Date, store: StoreConfig, timeZone: string, seed: string): Date | null {
  if (!store.replies.checkBack.enabled) return null;
  return nextSendMoment(addDuration(resolvedAt, store.replies.checkBack.after), timeZone, store.sendWindow, `check-back\n${seed}`);
}

const YES = /^\W*(yes|yep|yeah|yup|all good|all sorted|sorted|it did|it has|arrived|ja|jep|jo|alles gut|alles bestens|passt|ist angekommen|oui|tout est bon|c'est bon|bien reçu|reçu|sí|si|todo bien|ya llegó|llegó|perfecto|perfect|great|super|genial|parfait)\b/iu;
const NO = /^\W*(no|nope|not yet|still not|still waiting|nein|noch nicht|leider nicht|immer noch nicht|non|pas encore|toujours pas|todavía no|aún no|sigue sin)\b/iu;

/**
 * Satisfied or not, from the answer's own words: a problem or a plain "no / not yet" is not
 * satisfied; praise or a plain "yes" is; anything else, without a problem in it, counts as
 * satisfied only when it says so.
 */
export function scoreCheckBack(classification: Pick<Classification, 'category' | 'reasons' | 'strippedText'>): { satisfied: boolean; reasons: string[] } {
  const text = classification.strippedText.trim();
  if (classification.category === 'complaint') return { satisfied: false, reasons: ['still something wrong', ...classification.reasons.slice(0, 3)] };
  if (NO.test(text)) return { satisfied: false, reasons: [`answered "${NO.exec(text)![1]}"`] };
  if (YES.test(text)) return { satisfied: true, reasons: [`answered "${YES.exec(text)![1]}"`] };
  if (classification.category === 'praise') return { satisfied: true, reasons: classification.reasons.slice(0, 3) };
  return { satisfied: false, reasons: ['no clear yes'] };
}

/** Whether a reply now answers the escalation's check-back. */
export function answersCheckBack(escalation: Escalation | null, at: string): boolean {
  const cb = escalation?.checkBack;
  return Boolean(escalation && escalation.status === 'resolved' && cb?.sentAt && !cb.answer && at >= cb.sentAt);
}
