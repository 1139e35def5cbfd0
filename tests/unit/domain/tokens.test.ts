import { describe, expect, it } from 'vitest';
import { TokenSigner } from '../../../functions/core/domain/keys.ts';
import {
  digestReplyAddress,
  parseAnyReplyAddress,
  parseReplyAddress,
  parseUnsubscribeToken,
  replyAddress,
  staffReplyAddress,
  unsubscribeToken,
} from '../../../functions/core/domain/tokens.ts';

const signer = new TokenSigner('a-signing-secret-for-tests');
const key = { customerKey: 'abcdefghijklmnopqrst', noteId: 'abcdefghij' };

describe('reply addresses', () => {
  it('lead back to the conversation they were made for', () => {
    const address = replyAddress(signer, key, 'in.example.com');
    expect(address).toMatch(/^reply\+[a-z2-7]{42}@in\.example\.com$/);
    expect(address.split('@')[0]!.length).toBeLessThanOrEqual(64);
    expect(parseReplyAddress(signer, address)).toEqual(key);
    expect(parseReplyAddress(signer, address.toUpperCase())).toEqual(key);
  });

  it('cannot be forged into another customer’s conversation', () => {
    const address = replyAddress(signer, key, 'in.example.com');
    const other = address.replace('abcdefghijklmnopqrst', 'abcdefghijklmnopqrsa');
    expect(parseReplyAddress(signer, other)).toBeNull();
    expect(parseReplyAddress(new TokenSigner('another-secret-entirely'), address)).toBeNull();
    expect(parseReplyAddress(signer, 'reply+short@in.example.com')).toBeNull();
    expect(parseReplyAddress(signer, 'sarah@northwind.example')).toBeNull();
  });
});

describe('unsubscribe tokens', () => {
  it('name one customer and cannot be altered', () => {
    const token = unsubscribeToken(signer, key.customerKey);
    expect(parseUnsubscribeToken(signer, token)).toBe(key.customerKey);
    expect(parseUnsubscribeToken(signer, token.replace(/.$/, (c) => (c === 'a' ? 'b' : 'a')))).toBeNull();
    expect(parseUnsubscribeToken(signer, '')).toBeNull();
  });
});

describe('staff and digest reply addresses', () => {
  it('lead back to the conversation, apart from the customer’s own address', () => {
    const staff = staffReplyAddress(signer, key, 'in.example.com');
    expect(staff.split('@')[0]!.length).toBeLessThanOrEqual(64);
    expect(parseAnyReplyAddress(signer, staff)).toEqual({ kind: 'staff', key });
    expect(parseAnyReplyAddress(signer, replyAddress(signer, key, 'in.example.com'))).toEqual({ kind: 'customer', key });
    // The customer's address is no staff address, and a staff address is no customer's.
    expect(parseReplyAddress(signer, staff)).toBeNull();
    const digest = digestReplyAddress(signer, 'abcdefghijklmnopqrst', 'in.example.com');
    expect(parseAnyReplyAddress(signer, digest)).toEqual({ kind: 'digest', personKey: 'abcdefghijklmnopqrst' });
  });

  it('cannot be forged', () => {
    const staff = staffReplyAddress(signer, key, 'in.example.com');
    expect(parseAnyReplyAddress(signer, staff.replace('abcdefghijklmnopqrst', 'abcdefghijklmnopqrsa'))).toBeNull();
    expect(parseAnyReplyAddress(new TokenSigner('another-secret-entirely'), staff)).toBeNull();
    const customer = replyAddress(signer, key, 'in.example.com');
    expect(parseAnyReplyAddress(signer, customer.replace('reply+', 'reply+s'))).toBeNull();
  });
});
