/**
 * A small multinomial naive Bayes model, complaint or not, built by `npm run build:classifier`
 * from the tuning part of the labelled replies (weights.json, in the repository). It only
 * backs the rules up: a reply the rules read as nothing to act on, that reads like the
 * complaints of the corpus, is escalated rather than missed.
 */
import type { Sentence } from '../text.ts';
import type { ReadLanguage } from '../types.ts';
import { features } from './features.ts';
import weights from './weights.json' with { type: 'json' };

export interface ModelWeights {
  /** Log odds of a complaint before reading a word. */
  prior: number;
  /** Log odds a feature adds each time it occurs (features seen fewer than twice are left out). */
  weights: Record<string, number>;
  /** Log odds at or above which a reply reads like a complaint (chosen by cross-validation). */
  threshold: number;
}

const MODEL = weights as ModelWeights;

/** The model's log odds that the reply is a complaint, and the words that weighed most. */
export function complaintOdds(sentences: Sentence[], language: ReadLanguage, model: ModelWeights = MODEL): { logOdds: number; telling: string[] } {
  let logOdds = model.prior;
  const seen: [string, number][] = [];
  for (const f of features(sentences, language)) {
    const w = model.weights[f];
    if (w === undefined) continue;
    logOdds += w;
    seen.push([f, w]);
  }
  const telling = seen.sort((a, b) => b[1] - a[1]).slice(0, 3).map(([f]) => f.slice(3));
  return { logOdds, telling };
}

export const threshold = (model: ModelWeights = MODEL) => model.threshold;
