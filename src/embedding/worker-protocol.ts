/** The messages between the main thread and the embedding worker. */
import type { ModelSource } from './locate.ts';
import type { EmbeddingModelSpec } from './models.ts';

/** A question gets the query prefix; passages the passage prefix. */
export type WorkerRequest = { id: number; kind: 'query' | 'documents'; texts: string[] };

export type WorkerReply = { id: number; vectors: Float32Array[] } | { id: number; error: string };

/** The worker's first message: the model is loaded, or why it could not be. */
export type WorkerStart = { ready: true } | { failed: string };

export interface WorkerSetup {
  spec: EmbeddingModelSpec;
  source: ModelSource;
  threads: number | undefined;
}
