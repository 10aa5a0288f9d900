/** Embedding passages for the index: each distinct text once, vectors already cached reused, progress reported. */
import type { Embedder } from './embedder.ts';
import { textKey, type EmbeddingCache } from './cache.ts';

export type EmbedProgress = (done: number, total: number) => void;

export interface EmbeddedPassages {
  /** One vector per text, in the order given. */
  vectors: Float32Array[];
  /** Distinct texts the model embedded in this call. */
  embedded: number;
  /** Distinct texts whose vectors came from the cache. */
  reused: number;
}

/** Texts handed to the embedder per call: a few batches, so progress moves steadily. */
const BATCHES_PER_CALL = 4;

export async function embedPassages(
  texts: readonly string[],
  embedder: Embedder,
  cache: EmbeddingCache,
  onProgress?: EmbedProgress,
): Promise<EmbeddedPassages> {
  const keys = texts.map(textKey);
  const missing = new Map<string, string>();
  texts.forEach((text, i) => {
    const key = keys[i] ?? '';
    if (!cache.get(key)) missing.set(key, text);
  });
  const distinct = new Set(keys).size;
  // Texts of similar length share a batch, so little of it is padding.
  const todo = [...missing.entries()].sort((a, b) => a[1].length - b[1].length);
  const step = embedder.identity.batchSize * BATCHES_PER_CALL;
  onProgress?.(0, todo.length);
  for (let start = 0; start < todo.length; start += step) {
    const group = todo.slice(start, start + step);
    const vectors = await embedder.embeddings.embedDocuments(group.map(([, text]) => text));
    group.forEach(([key], i) => cache.set(key, vectors[i] ?? []));
    onProgress?.(Math.min(start + step, todo.length), todo.length);
  }
  const vectors = keys.map((key) => {
    const vector = cache.get(key);
    if (!vector || vector.length !== embedder.identity.dimension) throw new Error(`the embedder returned no ${embedder.identity.dimension}-d vector for a passage`);
    return vector;
  });
  return { vectors, embedded: todo.length, reused: distinct - todo.length };
}
