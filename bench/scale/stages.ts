/**
 * An index whose every call the answering core makes (lexical search, term counts, dense search, sentence and word
 * vectors, chunks) adds its time to a tally, so that an answer's time can be split by what it asked the store.
 */
import type { CorpusIndex } from '../../src/indexing/corpus-index.ts';

export type Tally = Map<string, number>;

function timedCall<A extends unknown[], R>(tally: Tally, name: string, call: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args) => {
    const started = performance.now();
    try {
      return await call(...args);
    } finally {
      tally.set(name, (tally.get(name) ?? 0) + performance.now() - started);
    }
  };
}

export function timedIndex(index: CorpusIndex, tally: Tally): CorpusIndex {
  const { dense, lexical, terms } = index;
  return {
    ...index,
    chunks: timedCall(tally, 'chunks', index.chunks),
    chunksOf: timedCall(tally, 'chunksOf', index.chunksOf),
    chunksUnder: timedCall(tally, 'chunksUnder', index.chunksUnder),
    lexical: { search: timedCall(tally, 'lexical.search', lexical.search.bind(lexical)) },
    terms: {
      tokenFrequencies: timedCall(tally, 'terms.tokenFrequencies', terms.tokenFrequencies),
      wordFrequencies: timedCall(tally, 'terms.wordFrequencies', terms.wordFrequencies),
      regionsWithAll: timedCall(tally, 'terms.regionsWithAll', terms.regionsWithAll),
    },
    ...(dense ? {
      dense: {
        embedder: dense.embedder,
        search: timedCall(tally, 'dense.search', dense.search),
        similarities: timedCall(tally, 'dense.similarities', dense.similarities),
        sentenceVectors: timedCall(tally, 'dense.sentenceVectors', dense.sentenceVectors),
        wordVectors: timedCall(tally, 'dense.wordVectors', dense.wordVectors),
      },
    } : {}),
  };
}

const percentile = (xs: readonly number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? 0;

/**
 * The tallies of many answers as a Markdown table: each call's p50 / p95 over the answers and its share of their
 * time (calls made at once overlap, so shares may sum past 100 %).
 */
export function stageTable(tallies: readonly Tally[], answers: readonly number[]): string {
  const names = [...new Set(tallies.flatMap((t) => [...t.keys()]))];
  const total = answers.reduce((s, x) => s + x, 0);
  const rows = names.map((name) => {
    const ms = tallies.map((t) => t.get(name) ?? 0);
    return { name, p50: percentile(ms, 0.5), p95: percentile(ms, 0.95), share: ms.reduce((s, x) => s + x, 0) / total };
  }).sort((a, b) => b.share - a.share);
  return ['| call | p50 ms | p95 ms | share of answer time |', '|---|---:|---:|---:|',
    `| whole answer | ${percentile(answers, 0.5).toFixed(1)} | ${percentile(answers, 0.95).toFixed(1)} | 100 % |`,
    ...rows.map((r) => `| ${r.name} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${(100 * r.share).toFixed(0)} % |`)].join('\n');
}
