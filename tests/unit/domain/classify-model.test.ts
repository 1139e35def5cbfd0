/**
 * The statistical backup of the classifier: its weights ship in the repository and must be
 * exactly what `npm run build:classifier` builds from the tuning replies.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { build, serialise } from '../../../scripts/build-classifier.ts';
import { complaintOdds } from '../../../functions/core/listening/model/model.ts';
import { sentences } from '../../../functions/core/listening/text.ts';
import { classifyReply } from '../../../functions/core/domain/classify.ts';

const WEIGHTS = fileURLToPath(new URL('../../../functions/core/listening/model/weights.json', import.meta.url));

describe('the classifier’s model', () => {
  it('is what rebuilding from the tuning replies gives, byte for byte', () => {
    expect(serialise(build())).toBe(readFileSync(WEIGHTS, 'utf8'));
  });

  it('reads a complaint as more complaint-like than praise', () => {
    const odds = (text: string) => complaintOdds(sentences(text), 'en').logOdds;
    expect(odds('The parcel still has not come and nobody tells me anything.')).toBeGreaterThan(odds('Lovely, thank you so much, we love it.'));
  });

  it('backs the rules up only where they found nothing to go on, and says so', () => {
    const r = classifyReply({ headers: {}, from: null, subject: 'Re: Your rug', strippedText: 'Lovely, thank you so much, we love it.' }, { trace: true });
    expect(r.category).toBe('praise');
    expect(r.trace.steps.join(' ')).not.toContain('log odds');
  });
});
