/**
 * A small multinomial logistic regression over the features of ./features.ts: complaint,
 * question, praise, other or unsubscribe. Its weights (weights.json, in the repository) are
 * built by `npm run build:classifier` from the tuning part of the labelled replies only, and so
 * are its two thresholds (chosen by cross-validation there). It backs the rules up:
 *
 * - a reply in which the rules find nothing but a thank-you is a complaint when the model's
 *   probability of one reaches `unsorted`, else praise or other as the model leans;
 * - a reply the rules take for praise, a question or other is a complaint when the model is
 *   sure enough (`override`): words the lists do not know still read like a problem.
 */
import type { PlacedFinding } from '../read.ts';
import type { Sentence } from '../text.ts';
import type { ReadLanguage } from '../types.ts';
import { features } from './features.ts';
import weights from './weights.json' with { type: 'json' };

export const MODEL_CLASSES = ['complaint', 'question', 'praise', 'other', 'unsubscribe'] as const;
export type ModelClass = (typeof MODEL_CLASSES)[number];

export interface ModelWeights {
  classes: readonly ModelClass[];
  /** Score of each class before reading a word. */
  bias: number[];
  /** Probability of a complaint at which the model outweighs the rules' praise, question or other. */
  override: number;
  /** Probability of a complaint at which a reply the rules found nothing in is a complaint. */
  unsorted: number;
  /** What each feature adds to each class's score, as integers in hundredths ("feature": [c, q, p, o, u]). */
  weights: Record<string, number[]>;
}

// weights.json names its classes in the order of MODEL_CLASSES (scripts/build-classifier.ts writes them so).
if (weights.classes.join() !== MODEL_CLASSES.join()) throw new Error(`weights.json classes ${weights.classes.join()} are not ${MODEL_CLASSES.join()}: rebuild it with npm run build:classifier`);
const MODEL: ModelWeights = { ...weights, classes: MODEL_CLASSES };

export interface ModelReading {
  /** Probability of each class. */
  p: Record<ModelClass, number>;
  /**
   * Whether the words themselves lean towards a complaint (the odds of the tuning replies left
   * out): a reply with nothing the model knows ("ok", an emoji) is never a complaint for the
   * odds alone.
   */
  wordsLeanComplaint: boolean;
  /**
   * Whether the words lean towards praise rather than a plain note (true), the other way
   * (false), or neither (null: "Hello" is a plain note whatever the corpus's odds say).
   */
  wordsLeanPraise: boolean | null;
  /** The most likely class. */
  best: ModelClass;
  /** The features that pushed most towards a complaint, for `classify --explain`. */
  telling: string[];
}

export function readWithModel(sentences: Sentence[], language: ReadLanguage, findings: readonly PlacedFinding[] = [], model: ModelWeights = MODEL): ModelReading {
  const words = model.classes.map(() => 0);
  const towardsComplaint: [string, number][] = [];
  for (const f of features(sentences, language, findings)) {
    const w = model.weights[f];
    if (!w) continue;
    for (let k = 0; k < words.length; k++) words[k]! += w[k]! / 100;
    towardsComplaint.push([f, w[0]! / 100]);
  }
  const wordsLeanComplaint = words[0]! > 0 && words[0] === Math.max(...words);
  const praise = model.classes.indexOf('praise');
  const other = model.classes.indexOf('other');
  const wordsLeanPraise = words[praise]! > words[other]! ? true : words[other]! > words[praise]! ? false : null;
  const scores = words.map((w, k) => w + model.bias[k]!);
  const top = Math.max(...scores);
  const exp = scores.map((s) => Math.exp(s - top));
  const sum = exp.reduce((a, b) => a + b, 0);
  const p = Object.fromEntries(model.classes.map((c, k) => [c, exp[k]! / sum])) as Record<ModelClass, number>;
  const best = model.classes[exp.indexOf(Math.max(...exp))]!;
  const telling = towardsComplaint.filter(([, w]) => w > 0).sort((a, b) => b[1] - a[1]).slice(0, 3).map(([f]) => f.replace(/^[a-z]{2}:/, ''));
  return { p, wordsLeanComplaint, wordsLeanPraise, best, telling };
}

export const thresholds = (model: ModelWeights = MODEL) => ({ override: model.override, unsorted: model.unsorted });
