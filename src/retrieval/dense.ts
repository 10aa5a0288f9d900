/**
 * The dense retriever: the question's topic embedded as a query and searched in the vector index, limited to
 * the reports of the question's scope.
 */
import type { DenseSearch } from '../indexing/corpus-index.ts';
import type { RankedChunk, Retriever, RetrieverQuery } from './retriever.ts';
import { withoutRegions, withoutYears } from '../question/topic.ts';

/**
 * What the dense retriever embeds: the question without the regions and years the scope already stands for,
 * so that the vector carries the topic alone.
 */
export function denseQueryText({ question, scope }: Pick<RetrieverQuery, 'question' | 'scope'>): string {
  const text = withoutYears(withoutRegions(question, scope.coveredRegions));
  return text.replace(/\s+/g, ' ').replace(/^(?:[\s,，、的]|['’]s\b)+/, '').trim() || question;
}

/**
 * The period a passage speaks of counts as it does in lexical search, read over a deeper pool. Chosen on the gold
 * questions: without it, fusion lowered Recall@5 from 0.948 to 0.891; with it, 0.934 and Recall@10 0.986.
 */
const PERIOD_BOOST = 0.1;
const POOL_FACTOR = 3;

export function denseRetriever(dense: DenseSearch): Retriever {
  return {
    name: 'dense',
    usesVector: true,
    search: async ({ vector, scope }, limit) => {
      if (!vector) throw new Error('dense search needs the question embedded');
      const { reportIds, weight } = scope;
      const hits = (await dense.search(vector, limit * POOL_FACTOR, reportIds)).map(({ chunkId, reportId, topHeading, similarity }): RankedChunk => {
        const w = weight ? weight(reportId, topHeading) : 1;
        return { chunkId, score: similarity + PERIOD_BOOST * Math.log(w) };
      });
      return hits.sort((a, b) => b.score - a.score).slice(0, limit);
    },
  };
}
