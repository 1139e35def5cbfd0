import { describe, expect, it } from 'vitest';
import { peerCases, scorePeers, type PeerScore } from '../../support/peer-replies.ts';

/**
 * Floors just under what reading mail reaches (all 160 cases right when they were set): a drop
 * fails the run, a rise needs nothing. `npx tsx scripts/score-stripping.ts --failures` shows
 * what went wrong.
 */
const FLOOR = { overall: 0.99, corpus: 0.97 };

let score: PeerScore;
const scored = async () => (score ??= await scorePeers());
const failures = (s: PeerScore) => s.results.filter((r) => !r.ok).map((r) => `${r.case.id}: ${r.why} → ${JSON.stringify(r.got.slice(0, 120))}`);

describe('reading real mail from other projects’ test suites (tests/fixtures/peer-replies)', () => {
  it('has both corpora, every case with its file', () => {
    const cases = peerCases();
    expect(new Set(cases.map((c) => c.corpus))).toEqual(new Set(['talon-standard-replies', 'more-peer-suites']));
    expect(cases.length).toBeGreaterThanOrEqual(160);
  });

  it(`keeps exactly the customer’s words in at least ${FLOOR.overall * 100} % of all cases`, async () => {
    const s = await scored();
    expect(s.right / s.total, failures(s).join('\n')).toBeGreaterThanOrEqual(FLOOR.overall);
  });

  it(`reaches at least ${FLOOR.corpus * 100} % on each corpus`, async () => {
    const s = await scored();
    for (const corpus of ['talon-standard-replies', 'more-peer-suites']) {
      const mine = s.results.filter((r) => r.case.corpus === corpus);
      expect(mine.filter((r) => r.ok).length / mine.length, `${corpus}\n${failures(s).join('\n')}`).toBeGreaterThanOrEqual(FLOOR.corpus);
    }
  });

  it('recognises every bounce and auto-reply among them, and takes none of the replies for one', async () => {
    const s = await scored();
    const automated = s.results.filter((r) => r.case.expect.bounce !== undefined || r.case.expect.autoReply !== undefined);
    expect(automated.length).toBeGreaterThanOrEqual(30);
    expect(automated.filter((r) => !r.ok).map((r) => `${r.case.id}: ${r.why}`)).toEqual([]);
    expect(s.results.filter((r) => /taken for/.test(r.why)).map((r) => r.case.id)).toEqual([]);
  });
});
