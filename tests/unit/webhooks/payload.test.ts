import { describe, expect, it } from 'vitest';
import { readJson } from '../../../functions/adapters/webhooks/payload.ts';

function read(text: string | Buffer): unknown {
  const result = readJson(Buffer.from(text));
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

describe('reading JSON bodies with ids above 2^53', () => {
  it('keeps every digit of large integers, as strings', () => {
    expect(read('{"id":820982911946154508,"ids":[115310627314723954, 5011223344556]}')).toEqual({
      id: '820982911946154508',
      ids: ['115310627314723954', 5011223344556],
    });
  });

  it('draws the line at Number.MAX_SAFE_INTEGER', () => {
    expect(read('[9007199254740991, 9007199254740992, -9007199254740993]')).toEqual([
      9007199254740991,
      '9007199254740992',
      '-9007199254740993',
    ]);
  });

  it('leaves strings, keys, decimals and exponents alone', () => {
    const text =
      '{"820982911946154508": "call 820982911946154508", "q": "say \\"820982911946154508\\"", "lat": 45.5236, "big": 1e300, "price": "12345678901234567.89"}';
    expect(read(text)).toEqual({
      '820982911946154508': 'call 820982911946154508',
      q: 'say "820982911946154508"',
      lat: 45.5236,
      big: 1e300,
      price: '12345678901234567.89',
    });
  });

  it('handles backslashes at the end of a string', () => {
    expect(read('{"path":"C:\\\\","id":820982911946154508}')).toEqual({ path: 'C:\\', id: '820982911946154508' });
  });

  it.each([
    ['not JSON', 'id=820982911946154508', 'not valid JSON'],
    ['an object key without quotes', '{820982911946154508: 1}', 'not valid JSON'],
    ['empty', '  ', 'empty'],
    ['not UTF-8', Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d]), 'UTF-8'],
  ])('reports a body that is %s', (_what, body, message) => {
    expect(readJson(Buffer.from(body))).toEqual({ ok: false, message: expect.stringContaining(message) });
  });
});
