/**
 * A short explanation to whoever sent an answer we would not pass on to a customer (not from
 * the store's staff, not verified, empty, still carrying our notice, or an answer to a digest).
 * It is marked as an automatic reply, so it starts no loop; a throttle is retried by the queue.
 */
import { noticeSender } from '../domain/escalation-notice.ts';
import { staffWords } from '../domain/words/staff-words.ts';
import type { StoreConfig } from '../domain/store.ts';
import { MailThrottledError } from '../errors.ts';
import type { Links, Logger, Mailer, Refusal } from '../ports.ts';

export interface RefusalDeps {
  mailer: Mailer;
  logger: Logger;
  store(id: string): StoreConfig | undefined;
  config: { defaultStore: string };
  links: Links;
}

export async function sendRefusal(deps: RefusalDeps, refusal: Refusal): Promise<void> {
  const store = deps.store(refusal.storeId ?? deps.config.defaultStore);
  const words = staffWords(store?.language ?? 'en');
  const storeName = store?.name ?? 'the shop';
  try {
    await deps.mailer.send({
      from: { name: `${storeName} follow-ups`, address: noticeSender(deps.links.inboundDomain) },
      to: { name: null, address: refusal.to },
      replyTo: { name: storeName, address: refusal.replyTo ?? noticeSender(deps.links.inboundDomain) },
      subject: words.refusalSubject(refusal.subject || storeName),
      text: `${words.refusal(refusal.reason, { store: storeName, url: `${deps.links.publicBaseUrl}/console` })}\n\n${storeName}\n`,
      html: null,
      headers: { 'Auto-Submitted': 'auto-replied', ...(refusal.inReplyTo && { 'In-Reply-To': refusal.inReplyTo, References: refusal.inReplyTo }) },
      tags: { kind: 'refusal', ...(store && { storeId: store.id }) },
    });
    deps.logger.info('answer refused; the sender was told', { reason: refusal.reason, storeId: store?.id });
  } catch (error) {
    if (error instanceof MailThrottledError) throw error;
    deps.logger.warn('refusal not sent', { reason: refusal.reason, error: (error as Error).message });
  }
}
