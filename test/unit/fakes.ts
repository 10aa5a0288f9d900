/**
 * A stand-in for the embedding model, for the fast unit tier only: each text's character bigrams hashed into a small
 * vector, so that texts sharing words come out close and the tests of the decision and its stages run in seconds
 * without ONNX Runtime. The real model is tested by the corpus tier.
 */
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { createHash } from 'node:crypto';
import type { Embedder } from '../../src/embedding/embedder.ts';

const DIMENSION = 64;

function bigramVector(text: string): number[] {
  const vector = new Array<number>(DIMENSION).fill(0);
  const chars = [...text.replace(/\s+/g, '')];
  for (let i = 0; i + 1 < chars.length; i++) {
    const slot = createHash('md5').update(`${chars[i]}${chars[i + 1]}`).digest().readUInt16BE(0) % DIMENSION;
    vector[slot] = (vector[slot] ?? 0) + 1;
  }
  const norm = Math.sqrt(vector.reduce((sum, v) => sum + v * v, 0)) || 1;
  return vector.map((v) => v / norm);
}

export const bigramEmbeddings: EmbeddingsInterface = {
  embedQuery: async (text) => bigramVector(text),
  embedDocuments: async (texts) => texts.map(bigramVector),
};

export function fakeEmbedder(): Embedder {
  return {
    embeddings: bigramEmbeddings,
    identity: { model: 'test/bigram-hash', dimension: DIMENSION, pooling: 'none', queryPrefix: '', passagePrefix: '', files: {}, batchSize: 1 },
    release: async () => {},
    status: () => 'ready',
    onStatus: () => () => {},
  };
}
