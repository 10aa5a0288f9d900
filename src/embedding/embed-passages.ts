/** Embedding passages for the index: each distinct text once, vectors already cached reused, progress reported. */
import type { Embedder } from './embedder.ts';
import type { EmbeddingCache } from './cache.ts';

export type EmbedProgress = (done: number, total: number) => void;

export interface EmbedCounts {
  /** Distinct texts the model embedded in this call. */
  embedded: number;
  /** Distinct texts whose vectors came from the cache. */
  reused: number;
}

/** Texts handed to the embedder per call: a few batches, so progress moves steadily. */
const BATCHES_PER_CALL = 4;

/** Embeds into the cache the texts it lacks; `keys` are the texts' `textKey`s, in the same order. */
export async function embedMissing(
  texts: readonly string[],
  keys: readonly string[],
  embedder: Embedder,
  cache: EmbeddingCache,
  onProgress?: EmbedProgress,
): Promise<EmbedCounts> {
  const missing = new Map<string, string>();
  texts.forEach((text, i) => {
    const key = keys[i] ?? '';
    if (!cache.has(key)) missing.set(key, text);
  });
  const distinct = new Set(keys).size;
  // Texts of similar length share a batch, so little of it is padding.
  const todo = [...missing.entries()].sort((a, b) => a[1].length - b[1].length);
  const step = embedder.identity.batchSize * BATCHES_PER_CALL;
  const { dimension } = embedder.identity;
  onProgress?.(0, todo.length);
  for (let start = 0; start < todo.length; start += step) {
    const group = todo.slice(start, start + step);
    const vectors = await embedder.embeddings.embedDocuments(group.map(([, text]) => text));
    group.forEach(([key], i) => {
      const vector = vectors[i];
      if (vector?.length !== dimension) throw new Error(`the embedder returned no ${dimension}-d vector for a passage`);
      cache.set(key, vector);
    });
    onProgress?.(Math.min(start + step, todo.length), todo.length);
  }
  return { embedded: todo.length, reused: distinct - todo.length };
}

/** One vector per key, in the order given, from a cache that holds them all. */
export function cachedVectors(keys: readonly string[], cache: EmbeddingCache): Float32Array[] {
  return keys.map((key) => {
    const vector = cache.get(key);
    if (vector?.length !== cache.dimension) throw new Error('the embedding cache lost a vector while the index was built');
    return vector;
  });
}
