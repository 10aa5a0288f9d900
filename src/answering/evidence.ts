/**
 * How much of a question a piece of text covers: the IDF-weighted share of the question's tokens it
 * contains. Used to pick the answering sentence and to decide when nothing answers the question.
 */
import type { CorpusIndex } from '../indexing/corpus-index.ts';
import { tokenize } from '../indexing/tokenize.ts';
import type { Understanding } from '../retrieval/understand.ts';

export type Idf = (token: string) => number;

const dfCache = new WeakMap<CorpusIndex, Map<string, number>>();

/** In how many chunks each token occurs, counted once per index. */
function documentFrequencies(index: CorpusIndex): Map<string, number> {
  const cached = dfCache.get(index);
  if (cached) return cached;
  const df = new Map<string, number>();
  for (const chunk of index.chunks.values()) {
    for (const token of new Set(tokenize(chunk.text))) df.set(token, (df.get(token) ?? 0) + 1);
  }
  dfCache.set(index, df);
  return df;
}

export function idfFor(index: CorpusIndex): Idf {
  const df = documentFrequencies(index);
  const n = index.chunks.size;
  return (token) => Math.log(1 + (n + 1) / ((df.get(token) ?? 0) + 0.5));
}

export interface QueryTerms {
  tokens: string[];
  weights: number[];
  total: number;
}

/**
 * The topic tokens of a question. Years are left out, since scoping to the right report already took
 * care of them and the answering sentence seldom repeats them; so are English words no report contains.
 */
export function queryTerms(query: string, understanding: Understanding, idf: Idf, index: CorpusIndex): QueryTerms {
  const years = new Set(understanding.years.map(String));
  const known = documentFrequencies(index);
  const tokens = [...new Set(tokenize(query))].filter(
    (t) => !years.has(t) && !(/^[a-z]/.test(t) && !known.has(t)),
  );
  const weights = tokens.map(idf);
  return { tokens, weights, total: weights.reduce((a, b) => a + b, 0) };
}

export function coverage(text: string, terms: QueryTerms): number {
  if (terms.total === 0) return 0;
  const present = new Set(tokenize(text));
  let covered = 0;
  terms.tokens.forEach((token, i) => {
    if (present.has(token)) covered += terms.weights[i] ?? 0;
  });
  return covered / terms.total;
}
