/**
 * A privacy delivery (erase a customer, erase what a platform brought, export a customer's data)
 * taken in by the webhook and waiting to be carried out. Intake only verifies and stores it, so
 * the platform is answered at once and the webhook function carries none of the erasure and
 * export code; the privacy-requests function does the work off the table's stream.
 */
import * as z from '../zod.ts';
import { DataRequestEvent, RedactCustomerEvent, RedactStoreEvent } from './purchase.ts';

export const PrivacyEvent = z.discriminatedUnion('kind', [RedactCustomerEvent, RedactStoreEvent, DataRequestEvent]);
export type PrivacyEvent = z.infer<typeof PrivacyEvent>;

export const PrivacyRequest = z.object({
  storeId: z.string().check(z.minLength(1)),
  event: PrivacyEvent,
  /** When the delivery was taken in. */
  receivedAt: z.iso.datetime({ offset: true }),
});
export type PrivacyRequest = z.infer<typeof PrivacyRequest>;
