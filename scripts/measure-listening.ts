/**
 * `npm run measure:listening [-- --part tuning|held-out|outside|fresh] [--failures] [--rules-only]`: the
 * classifier's scores on the labelled replies, as the tables in docs/listening.md. `--failures`
 * lists the replies it gets wrong; it works on the tuning part only (the held-out parts are
 * measured, never studied). `--rules-only` leaves the model out (the model has seen every tuning
 * reply, so only the rules' failures there say where they are short).
 */
import { REPLY_LANGUAGES, scoreByLanguage, type Part } from '../tests/support/reply-corpus.ts';

const args = process.argv.slice(2);
const parts: Part[] = args.includes('--part') ? [args[args.indexOf('--part') + 1] as Part] : ['held-out', 'outside', 'fresh', 'tuning'];
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
const dec = (x: number) => x.toFixed(3);

for (const part of parts) {
  const { results, byLanguage } = scoreByLanguage(part, { model: !args.includes('--rules-only') });
  console.log(`\n${part} (${results.length} replies)\n`);
  console.log('| language | replies | escalate recall | escalate precision | category | urgency | urgency of complaints |');
  console.log('|---|---|---|---|---|---|---|');
  for (const l of [...REPLY_LANGUAGES, 'all'] as const) {
    const s = byLanguage[l];
    console.log(`| ${l} | ${s.replies} | ${dec(s.escalateRecall)} | ${dec(s.escalatePrecision)} | ${pct(s.category)} | ${pct(s.urgency)} | ${pct(s.urgencyOfComplaints)} |`);
  }
  if (args.includes('--failures') && part === 'tuning') {
    for (const r of results.filter((x) => x.got.category !== x.reply.category || x.got.urgency !== x.reply.urgency)) {
      console.log(`${r.reply.language}:${r.reply.line} want ${r.reply.category}/${r.reply.urgency} got ${r.got.category}/${r.got.urgency} | ${r.reply.text.slice(0, 110)}`);
      console.log(`     ${r.got.findings.map((f) => `${f.kind}${f.setAside ? `(${f.setAside})` : ''}[${f.cue}]`).join(' ')}`);
    }
  }
}
