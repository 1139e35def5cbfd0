/**
 * The statistical backup of the classifier: its weights ship in the repository and must be
 * exactly what `npm run build:classifier` builds from the tuning replies.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { build, serialise } from '../../../scripts/build-classifier.ts';
import { readWithModel } from '../../../functions/core/listening/model/model.ts';
import { sentences } from '../../../functions/core/listening/text.ts';
import { classifyReply } from '../../../functions/core/domain/classify.ts';

const WEIGHTS = fileURLToPath(new URL('../../../functions/core/listening/model/weights.json', import.meta.url));

describe('the classifier’s model', () => {
  it('is what rebuilding from the tuning replies gives, byte for byte', () => {
    expect(serialise(build())).toBe(readFileSync(WEIGHTS, 'utf8'));
  });

  it('reads a complaint as more complaint-like than praise, and praise as praise', () => {
    const read = (text: string) => readWithModel(sentences(text), 'en');
    expect(read('The parcel still has not come and nobody tells me anything.').p.complaint).toBeGreaterThan(read('Lovely, thank you so much, we love it.').p.complaint);
    expect(read('Lovely, thank you so much, we love it.').best).toBe('praise');
  });

  it('leaves a reply the rules have sorted to the rules when it is not sure', () => {
    const r = classifyReply({ headers: {}, from: null, subject: 'Re: Your rug', strippedText: 'Lovely, thank you so much, we love it.' }, { trace: true });
    expect(r.category).toBe('praise');
    expect(r.trace.steps.join(' ')).not.toContain('reads strongly like the complaints');
  });

  it('hears a problem in words the lists do not know, and says it was the model', () => {
    const r = classifyReply({ headers: {}, from: null, subject: 'Re: Your order', strippedText: 'Die Spielkonsole ist tot, keine Lampe, gar nichts.' }, { trace: true });
    expect(r.category).toBe('complaint');
    expect(r.trace.steps.join(' ')).toContain('reads like the complaints of the corpus');
  });
});
