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
import { readAll } from '../../../functions/core/listening/classify.ts';
import { decide } from '../../../functions/core/listening/decide.ts';
import { lexicon } from '../../../functions/core/listening/lexicons.ts';
import { readSentences } from '../../../functions/core/listening/read.ts';

const WEIGHTS = fileURLToPath(new URL('../../../functions/core/listening/model/weights.json', import.meta.url));

describe('the classifier’s model', () => {
  it('is what rebuilding from the tuning replies gives, byte for byte', () => {
    expect(serialise(build())).toBe(readFileSync(WEIGHTS, 'utf8'));
  });

  it('reads a complaint as more complaint-like than praise, and praise as praise', () => {
    const read = (text: string) => {
      const all = sentences(text);
      return readWithModel(all, 'en', readAll(text, all, ['en']));
    };
    expect(read('The parcel still has not come and nobody tells me anything.').p.complaint).toBeGreaterThan(read('Lovely, thank you so much, we love it.').p.complaint);
    expect(read('Lovely, thank you so much, we love it.').best).toBe('praise');
  });

  it('leaves a reply the rules have sorted to the rules when it is not sure', () => {
    const r = classifyReply({ headers: {}, from: null, subject: 'Re: Your rug', strippedText: 'Lovely, thank you so much, we love it.' }, { trace: true });
    expect(r.category).toBe('praise');
    expect(r.trace.steps.join(' ')).not.toContain('reads strongly like the complaints');
  });

  const backup = (complaint: number, wordsLeanComplaint: boolean) => () => ({
    p: { complaint, question: 0, praise: (1 - complaint) / 2, other: (1 - complaint) / 2, unsubscribe: 0 },
    wordsLeanComplaint, best: 'complaint', telling: ['tot'], override: 0.9, unsorted: 0.5, sentence: 'Die Konsole ist tot.',
  });

  it('makes a reply the lists find nothing in a complaint when its words read like one, and says it was the model', () => {
    const d = decide([], backup(0.7, true));
    expect(d.category).toBe('complaint');
    expect(d.because[0]).toMatchObject({ kind: 'disappointed', phrase: 'Die Konsole ist tot.' });
    expect(d.steps.join(' ')).toContain('reads like the complaints of the corpus');
  });

  it('never makes a complaint of the tuning replies’ odds alone, when no word leans that way', () => {
    expect(decide([], backup(0.7, false)).category).toBe('other');
  });

  it('leaves a reply with nothing it knows ("Hello") a plain note, whichever way the corpus’s odds lean', () => {
    const odds = () => ({ ...backup(0.1, false)(), p: { complaint: 0.1, question: 0, praise: 0.46, other: 0.44, unsubscribe: 0 }, wordsLeanPraise: null });
    expect(decide([], odds).category).toBe('other');
    expect(decide([], () => ({ ...odds(), wordsLeanPraise: true })).category).toBe('praise');
  });

  it('outweighs the rules’ praise only when it is sure', () => {
    const praise = readSentences('Lovely.', sentences('Lovely.'), lexicon('en'));
    expect(decide(praise, backup(0.8, true)).category).toBe('praise');
    expect(decide(praise, backup(0.95, true)).category).toBe('complaint');
  });
});
