/**
 * `npm run build:classifier`: builds functions/core/listening/model/weights.json from the tuning
 * part of the labelled replies (never the held-out part). Deterministic: the same corpus gives
 * the same file, byte for byte (a test rebuilds it and compares).
 *
 * Multinomial naive Bayes, complaint against the rest, Laplace smoothing; features seen fewer
 * than twice are dropped. The threshold is chosen by 5-fold cross-validation on the tuning part:
 * the lowest log odds at which the backup would still be right at least 9 times in 10 on the
 * replies the rules leave unsorted.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { features } from '../functions/core/listening/model/features.ts';
import type { ModelWeights } from '../functions/core/listening/model/model.ts';
import { ownWords } from '../functions/core/listening/classify.ts';
import { detectLanguage } from '../functions/core/listening/language.ts';
import { sentences } from '../functions/core/listening/text.ts';
import { loadReplies, type LabelledReply } from '../tests/support/reply-corpus.ts';

const OUT = fileURLToPath(new URL('../functions/core/listening/model/weights.json', import.meta.url));

interface Example {
  complaint: boolean;
  words: string[];
}

function example(r: LabelledReply): Example {
  const text = ownWords({ subject: r.subject, strippedText: r.text });
  const all = sentences(text);
  const language = detectLanguage(text, all).language ?? r.language;
  return { complaint: r.category === 'complaint', words: features(all, language) };
}

export function train(examples: Example[]): Omit<ModelWeights, 'threshold'> {
  const counts = [new Map<string, number>(), new Map<string, number>()];
  const docs = [0, 0];
  for (const e of examples) {
    const c = e.complaint ? 1 : 0;
    docs[c]!++;
    for (const w of e.words) counts[c]!.set(w, (counts[c]!.get(w) ?? 0) + 1);
  }
  const vocabulary = [...new Set([...counts[0]!.keys(), ...counts[1]!.keys()])].filter((w) => (counts[0]!.get(w) ?? 0) + (counts[1]!.get(w) ?? 0) >= 2).sort();
  const total = counts.map((m) => vocabulary.reduce((sum, w) => sum + (m.get(w) ?? 0), 0));
  const weights: Record<string, number> = {};
  for (const w of vocabulary) {
    const p1 = ((counts[1]!.get(w) ?? 0) + 1) / (total[1]! + vocabulary.length);
    const p0 = ((counts[0]!.get(w) ?? 0) + 1) / (total[0]! + vocabulary.length);
    weights[w] = round(Math.log(p1 / p0));
  }
  return { prior: round(Math.log(docs[1]! / docs[0]!)), weights };
}

const round = (x: number) => Math.round(x * 1000) / 1000;

function odds(model: Omit<ModelWeights, 'threshold'>, words: string[]): number {
  return words.reduce((sum, w) => sum + (model.weights[w] ?? 0), model.prior);
}

/** Cross-validated log odds of every example, each scored by a model that never saw it. */
function crossValidated(examples: Example[], folds = 5): { complaint: boolean; logOdds: number }[] {
  const out: { complaint: boolean; logOdds: number }[] = [];
  for (let k = 0; k < folds; k++) {
    const model = train(examples.filter((_, i) => i % folds !== k));
    examples.forEach((e, i) => {
      if (i % folds === k) out.push({ complaint: e.complaint, logOdds: odds(model, e.words) });
    });
  }
  return out;
}

export function build(): ModelWeights {
  const examples = loadReplies('tuning').filter((r) => r.category !== 'auto-reply' && r.category !== 'bounce').map(example);
  const scored = crossValidated(examples).sort((a, b) => b.logOdds - a.logOdds);
  // Walk down from the most complaint-like: the threshold is the lowest score at which those
  // above it are still complaints 9 times in 10.
  let threshold = scored[0]!.logOdds;
  let right = 0;
  scored.forEach((s, i) => {
    if (s.complaint) right++;
    if (right / (i + 1) >= 0.9) threshold = s.logOdds;
  });
  return { ...train(examples), threshold: round(Math.max(threshold, 2)) };
}

export function serialise(model: ModelWeights): string {
  return `${JSON.stringify({ prior: model.prior, threshold: model.threshold, weights: model.weights }, null, 0).replace(/,"/g, ',\n"')}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const model = build();
  writeFileSync(OUT, serialise(model));
  console.log(`wrote ${OUT}: ${Object.keys(model.weights).length} features, prior ${model.prior}, threshold ${model.threshold}`);
}
