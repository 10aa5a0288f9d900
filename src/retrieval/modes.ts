/** Which retrievers answer: lexical and dense fused (the default), lexical alone, or dense alone for comparison. */
import type { CorpusIndex } from '../indexing/corpus-index.ts';
import { denseRetriever } from './dense.ts';
import { lexicalRetriever, type Retriever } from './retrieve.ts';

export const RETRIEVAL_MODES = ['hybrid', 'lexical', 'dense'] as const;
export type RetrievalMode = (typeof RETRIEVAL_MODES)[number];

/**
 * Hybrid, now that the answer stage weighs meaning where words fail: on the gold questions answer accuracy
 * 0.890 against 0.870 for lexical alone, on the held-out questions 0.768 against 0.696.
 */
export const DEFAULT_RETRIEVAL_MODE: RetrievalMode = 'hybrid';

/** Without vectors, hybrid falls back to lexical; dense alone then cannot run. */
export function retrieversFor(index: CorpusIndex, mode: RetrievalMode = DEFAULT_RETRIEVAL_MODE): Retriever[] {
  const lexical = lexicalRetriever(index);
  if (mode === 'lexical') return [lexical];
  if (!index.dense) {
    if (mode === 'dense') throw new Error('dense retrieval needs an embedding model, and none is loaded');
    return [lexical];
  }
  const dense = denseRetriever(index.dense);
  return mode === 'dense' ? [dense] : [lexical, dense];
}
