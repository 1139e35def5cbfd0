/**
 * Tokens we hand to customers: the reply address of a conversation and the unsubscribe link.
 * Both are signed, so nobody can forge a reply into another customer's conversation or
 * unsubscribe someone else.
 */
import type { NoteKey } from './note.ts';
import type { TokenSigner } from './keys.ts';

const CUSTOMER_KEY = 20;
const NOTE_ID = 10;
const REPLY_SIGNATURE = 12;
const UNSUBSCRIBE_SIGNATURE = 16;

/** `reply+<customer key><note id><signature>@<inbound domain>`: 48 characters before the @. */
export function replyAddress(signer: TokenSigner, key: NoteKey, inboundDomain: string): string {
  const payload = `${key.customerKey}${key.noteId}`;
  return `reply+${payload}${signer.sign('reply', payload, REPLY_SIGNATURE)}@${inboundDomain}`;
}

/** The conversation a reply address belongs to; null when it is not one of ours or is forged. */
export function parseReplyAddress(signer: TokenSigner, address: string): NoteKey | null {
  const match = /^reply\+([a-z2-7]+)@/i.exec(address.trim());
  const token = match?.[1]?.toLowerCase();
  if (!token || token.length !== CUSTOMER_KEY + NOTE_ID + REPLY_SIGNATURE) return null;
  const payload = token.slice(0, CUSTOMER_KEY + NOTE_ID);
  if (!signer.verify('reply', payload, token.slice(payload.length), REPLY_SIGNATURE)) return null;
  return { customerKey: payload.slice(0, CUSTOMER_KEY), noteId: payload.slice(CUSTOMER_KEY) };
}

/** `<customer key>.<signature>`: identifies one customer of one store. */
export function unsubscribeToken(signer: TokenSigner, customerKey: string): string {
  return `${customerKey}.${signer.sign('unsubscribe', customerKey, UNSUBSCRIBE_SIGNATURE)}`;
}

export function parseUnsubscribeToken(signer: TokenSigner, token: string): string | null {
  const match = /^([a-z2-7]{20})\.([a-z2-7]{16})$/i.exec(token.trim());
  if (!match) return null;
  const customerKey = match[1]!.toLowerCase();
  return signer.verify('unsubscribe', customerKey, match[2]!.toLowerCase(), UNSUBSCRIBE_SIGNATURE) ? customerKey : null;
}

const STAFF_SIGNATURE = 16;
const PERSON_KEY = 20;

/**
 * The Reply-To of a notice to a person of the store: `reply+s<customer key><note id><signature>`.
 * An answer to it (from an address of the store's staff) is relayed to the customer of that
 * conversation; it is signed apart from the customer's address, so neither stands for the other.
 */
export function staffReplyAddress(signer: TokenSigner, key: NoteKey, inboundDomain: string): string {
  const payload = `${key.customerKey}${key.noteId}`;
  return `reply+s${payload}${signer.sign('staff-reply', payload, STAFF_SIGNATURE)}@${inboundDomain}`;
}

/**
 * The Reply-To of a person's daily digest: `reply+d<person key><signature>`. It names no
 * conversation, so an answer to it reaches no customer; the sender is told where to answer.
 */
export function digestReplyAddress(signer: TokenSigner, personKey: string, inboundDomain: string): string {
  return `reply+d${personKey}${signer.sign('digest-reply', personKey, STAFF_SIGNATURE)}@${inboundDomain}`;
}

export type ReplyToken =
  | { kind: 'customer'; key: NoteKey }
  | { kind: 'staff'; key: NoteKey }
  | { kind: 'digest'; personKey: string };

/** What a reply address of ours stands for; null when it is not one of ours or is forged. */
export function parseAnyReplyAddress(signer: TokenSigner, address: string): ReplyToken | null {
  const customer = parseReplyAddress(signer, address);
  if (customer) return { kind: 'customer', key: customer };
  const match = /^reply\+([sd])([a-z2-7]+)@/i.exec(address.trim());
  if (!match) return null;
  const kind = match[1]!.toLowerCase();
  const token = match[2]!.toLowerCase();
  if (kind === 's' && token.length === CUSTOMER_KEY + NOTE_ID + STAFF_SIGNATURE) {
    const payload = token.slice(0, CUSTOMER_KEY + NOTE_ID);
    if (!signer.verify('staff-reply', payload, token.slice(payload.length), STAFF_SIGNATURE)) return null;
    return { kind: 'staff', key: { customerKey: payload.slice(0, CUSTOMER_KEY), noteId: payload.slice(CUSTOMER_KEY) } };
  }
  if (kind === 'd' && token.length === PERSON_KEY + STAFF_SIGNATURE) {
    const personKey = token.slice(0, PERSON_KEY);
    return signer.verify('digest-reply', personKey, token.slice(PERSON_KEY), STAFF_SIGNATURE) ? { kind: 'digest', personKey } : null;
  }
  return null;
}
