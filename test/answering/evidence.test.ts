import { describe, expect, it } from 'vitest';
import { queryTerms } from '../../src/answering/evidence.ts';
import { tokenize } from '../../src/indexing/tokenize.ts';
import { fullIndex } from '../corpus.ts';

describe('the terms of a question', () => {
  it('weigh each Chinese term given to an English question as one, however many bigrams it is written in', async () => {
    const index = await fullIndex();
    const phrases = ['地区生产总值 生产总值 GDP', '研发'];
    const plain = queryTerms(`R&D share of GDP ${phrases.join(' ')}`, [], index);
    const weighed = queryTerms(`R&D share of GDP ${phrases.join(' ')}`, [], index, phrases);
    const weightOf = (terms: typeof plain, phrase: string) =>
      [...new Set(tokenize(phrase))].reduce((sum, t) => sum + (terms.weights[terms.tokens.indexOf(t)] ?? 0), 0);
    const gdp = [...new Set(tokenize(phrases[0] ?? ''))].map((t) => plain.weights[plain.tokens.indexOf(t)] ?? 0);

    expect(weightOf(plain, phrases[0] ?? '')).toBeGreaterThan(3 * weightOf(plain, '研发'));
    expect(weightOf(weighed, phrases[0] ?? '')).toBeCloseTo(Math.max(...gdp), 6);
    expect(weightOf(weighed, '研发')).toBeCloseTo(weightOf(plain, '研发'), 6);
  });
});
