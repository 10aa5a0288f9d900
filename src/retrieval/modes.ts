/** Which retrievers answer: lexical and dense fused (the default), lexical alone, or dense alone for comparison. */
import type { CorpusIndex } from '../indexing/corpus-index.ts';
import { denseRetriever } from './dense.ts';
import { lexicalRetriever, type Retriever } from './retrieve.ts';
import { DEFAULT_RETRIEVAL_MODE, type RetrievalMode } from './mode-names.ts';

export { DEFAULT_RETRIEVAL_MODE, RETRIEVAL_MODES, type RetrievalMode } from './mode-names.ts';

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
