/** The messages between the main thread and the embedding worker. */
import type { ModelSource } from './locate.ts';
import type { EmbeddingModelSpec } from './models.ts';

export type WorkerRequest =
  /** A question gets the query prefix; passages the passage prefix. */
  | { id: number; kind: 'query' | 'documents'; texts: string[] }
  /** The threads the model will run on, sent before it first runs. */
  | { kind: 'threads'; threads: number | undefined };

export type WorkerReply = { id: number; vectors: Float32Array[] } | { id: number; error: string };

/** The worker's first message: the model is loaded, or why it could not be. */
export type WorkerStart = { ready: true } | { failed: string };

export interface WorkerSetup {
  spec: EmbeddingModelSpec;
  source: ModelSource;
  threads: number | undefined;
}
