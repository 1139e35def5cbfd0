/**
 * Prints how well reading mail keeps exactly the customer's words on the peer corpora
 * (tests/fixtures/peer-replies), per source and overall. `--failures` lists what went wrong.
 *
 *   npx tsx scripts/score-stripping.ts [--failures]
 */
import { scorePeers } from '../tests/support/peer-replies.ts';

const score = await scorePeers();
const pct = (r: number, t: number) => `${((100 * r) / t).toFixed(1)} %`;
const rows = [...score.bySource].sort(([a], [b]) => a.localeCompare(b));
const width = Math.max(...rows.map(([k]) => k.length));
for (const [source, s] of rows) console.log(`${source.padEnd(width)}  ${String(s.right).padStart(3)}/${String(s.total).padEnd(3)}  ${pct(s.right, s.total)}`);
const corpora = new Map<string, { right: number; total: number }>();
for (const r of score.results) {
  const c = corpora.get(r.case.corpus) ?? { right: 0, total: 0 };
  c.total++;
  if (r.ok) c.right++;
  corpora.set(r.case.corpus, c);
}
console.log('');
for (const [corpus, s] of corpora) console.log(`${corpus.padEnd(width)}  ${String(s.right).padStart(3)}/${String(s.total).padEnd(3)}  ${pct(s.right, s.total)}`);
console.log(`${'overall'.padEnd(width)}  ${String(score.right).padStart(3)}/${String(score.total).padEnd(3)}  ${pct(score.right, score.total)}`);
if (process.argv.includes('--failures')) {
  for (const r of score.results.filter((x) => !x.ok)) {
    console.log(`\n✗ ${r.case.id} — ${r.why}${r.case.note ? ` (${r.case.note})` : ''}`);
    if (r.case.expect.text !== undefined) console.log(`  expected: ${JSON.stringify(r.case.expect.text.slice(0, 300))}\n  got:      ${JSON.stringify(r.got.slice(0, 300))}`);
  }
}
