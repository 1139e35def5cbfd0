/**
 * `npm run build:classifier`: builds functions/core/listening/model/weights.json from the tuning
 * part of the labelled replies (never a held-out part). Deterministic: the same corpus gives the
 * same file, byte for byte (a test rebuilds it and compares).
 *
 * Multinomial logistic regression (complaint, question, praise, other, unsubscribe) on the
 * features of model/features.ts: full-batch gradient descent with AdaGrad steps and a small L2
 * penalty, a fixed number of rounds, no randomness. Features seen in fewer than two replies are
 * left out, and weights are kept in hundredths; a feature none of whose weights reaches KEEP
 * hundredths is dropped (cross-validated, this costs nothing measurable and keeps the file about
 * a third of its size).
 *
 * The two thresholds come from 5-fold cross-validation on the tuning part (each reply scored by
 * a model that never saw it), among the replies where the model would act: `override` is the
 * lowest probability of a complaint at which, among the replies the rules alone take for praise,
 * a question or other, those above it are complaints at least OVERRIDE_PRECISION of the time;
 * `unsorted` the same among the replies in which the rules find nothing but a thank-you. (The
 * rules were written from these replies, so they miss fewer of them than of new ones: the
 * thresholds come out on the careful side.)
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { features } from '../functions/core/listening/model/features.ts';
import { MODEL_CLASSES, type ModelWeights } from '../functions/core/listening/model/model.ts';
import { classifyReply, ownWords, readAll } from '../functions/core/listening/classify.ts';
import { detectLanguage } from '../functions/core/listening/language.ts';
import { sentences } from '../functions/core/listening/text.ts';
import { loadReplies, type LabelledReply } from '../tests/support/reply-corpus.ts';

const OUT = fileURLToPath(new URL('../functions/core/listening/model/weights.json', import.meta.url));
const ROUNDS = 150;
const STEP = 0.5;
const L2 = 0.0003;
/** A feature is kept when one of its weights reaches this many hundredths (smaller ones change little). */
const KEEP = 15;
const OVERRIDE_PRECISION = 0.8;
const UNSORTED_PRECISION = 0.75;

interface Example {
  label: number;
  words: string[];
  /** What the rules alone make of it: a complaint, nothing but a thank-you, or something else. */
  rules: 'complaint' | 'unsorted' | 'sorted';
}

function example(r: LabelledReply): Example {
  const text = ownWords({ subject: r.subject, strippedText: r.text });
  const all = sentences(text);
  const guess = detectLanguage(text, all);
  const language = guess.language ?? r.language;
  const byRules = classifyReply({ headers: r.headers, from: null, subject: r.subject, strippedText: r.text }, { model: false });
  const active = byRules.findings.filter((f) => !f.setAside);
  const rules = byRules.category === 'complaint' ? 'complaint' : active.every((f) => f.kind === 'thanks' || f.kind === 'neutral') ? 'unsorted' : 'sorted';
  return { label: MODEL_CLASSES.indexOf(r.category as (typeof MODEL_CLASSES)[number]), words: features(all, language, readAll(text, all, guess.readIn)), rules };
}

type Trained = Pick<ModelWeights, 'bias' | 'weights'>;

export function train(examples: Example[]): Trained {
  const K = MODEL_CLASSES.length;
  const seen = new Map<string, number>();
  for (const e of examples) for (const w of e.words) seen.set(w, (seen.get(w) ?? 0) + 1);
  const vocabulary = [...seen].filter(([, n]) => n >= 2).map(([w]) => w).sort();
  const index = new Map(vocabulary.map((w, i) => [w, i]));
  const rows = examples.map((e) => ({ label: e.label, at: e.words.map((w) => index.get(w)).filter((i): i is number => i !== undefined) }));
  const W = new Float64Array(vocabulary.length * K);
  const b = new Float64Array(K);
  const sumSq = new Float64Array(W.length);
  const sumSqBias = new Float64Array(K);
  for (let round = 0; round < ROUNDS; round++) {
    const grad = new Float64Array(W.length);
    const gradBias = new Float64Array(K);
    for (const r of rows) {
      const z = Array.from(b);
      for (const i of r.at) for (let k = 0; k < K; k++) z[k]! += W[i * K + k]!;
      const p = softmax(z);
      for (let k = 0; k < K; k++) {
        const g = p[k]! - (k === r.label ? 1 : 0);
        gradBias[k]! += g;
        for (const i of r.at) grad[i * K + k]! += g;
      }
    }
    for (let j = 0; j < W.length; j++) {
      const g = grad[j]! / rows.length + L2 * W[j]!;
      sumSq[j]! += g * g;
      W[j]! -= (STEP * g) / (Math.sqrt(sumSq[j]!) + 1e-9);
    }
    for (let k = 0; k < K; k++) {
      const g = gradBias[k]! / rows.length;
      sumSqBias[k]! += g * g;
      b[k]! -= (STEP * g) / (Math.sqrt(sumSqBias[k]!) + 1e-9);
    }
  }
  const weights: Record<string, number[]> = {};
  vocabulary.forEach((w, i) => {
    const row = Array.from(W.subarray(i * K, i * K + K), (x) => Math.round(x * 100) || 0);
    if (row.some((x) => Math.abs(x) >= KEEP)) weights[w] = row;
  });
  return { bias: Array.from(b, (x) => Math.round(x * 100) / 100), weights };
}

function softmax(z: number[]): number[] {
  const top = Math.max(...z);
  const e = z.map((v) => Math.exp(v - top));
  const sum = e.reduce((a, c) => a + c, 0);
  return e.map((v) => v / sum);
}

function complaintProbability(model: Trained, words: string[]): number {
  const z = [...model.bias];
  for (const w of words) model.weights[w]?.forEach((x, k) => (z[k]! += x / 100));
  return softmax(z)[0]!;
}

/** Cross-validated probability of a complaint for every example, each from a model that never saw it. */
function crossValidated(examples: Example[], folds = 5): { complaint: boolean; p: number; rules: Example['rules'] }[] {
  const out: { complaint: boolean; p: number; rules: Example['rules'] }[] = [];
  for (let k = 0; k < folds; k++) {
    const model = train(examples.filter((_, i) => i % folds !== k));
    examples.forEach((e, i) => {
      if (i % folds === k) out.push({ complaint: e.label === 0, p: complaintProbability(model, e.words), rules: e.rules });
    });
  }
  return out;
}

/** The lowest threshold, in twentieths, at which the replies at or above it are complaints often enough. */
function lowestAt(scored: { complaint: boolean; p: number }[], precision: number): number {
  for (let t = 0.5; t < 0.99; t = Math.round((t + 0.05) * 100) / 100) {
    const above = scored.filter((s) => s.p >= t);
    if (above.length && above.filter((s) => s.complaint).length / above.length >= precision) return t;
  }
  return 1.01;
}

export function build(): ModelWeights {
  const examples = loadReplies('tuning').filter((r) => r.category !== 'auto-reply' && r.category !== 'bounce').map(example);
  const scored = crossValidated(examples);
  const override = lowestAt(scored.filter((s) => s.rules !== 'complaint'), OVERRIDE_PRECISION);
  const unsorted = lowestAt(scored.filter((s) => s.rules === 'unsorted'), UNSORTED_PRECISION);
  return { classes: MODEL_CLASSES, ...train(examples), override, unsorted };
}

export function serialise(model: ModelWeights): string {
  const head = JSON.stringify({ classes: model.classes, bias: model.bias, override: model.override, unsorted: model.unsorted });
  const lines = Object.entries(model.weights).map(([w, row]) => `${JSON.stringify(w)}:${JSON.stringify(row)}`);
  return `${head.slice(0, -1)},"weights":{\n${lines.join(',\n')}}}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const model = build();
  writeFileSync(OUT, serialise(model));
  console.log(`wrote ${OUT}: ${Object.keys(model.weights).length} features, override ${model.override}, unsorted ${model.unsorted}`);
}
