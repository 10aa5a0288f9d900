/**
 * The embedder the index and retrieval use: a LangChain `Embeddings` and the identity of the model behind it,
 * which the index manifest records so that vectors of two models are never mixed.
 */
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { availableParallelism } from 'node:os';
import { EMBEDDING_MODELS, type EmbeddingModelName } from './models.ts';
import { locateModel } from './locate.ts';
import { DEFAULT_BATCH_SIZE, OnnxEmbeddings } from './onnx-embeddings.ts';
import { WorkerEmbeddings } from './worker-embeddings.ts';

export interface EmbedderIdentity {
  model: string;
  dimension: number;
  pooling: string;
  queryPrefix: string;
  passagePrefix: string;
  /** sha256 of the model's files, by path inside its folder. */
  files: Record<string, string>;
  /** Texts per forward pass, on which a quantized model's vectors depend. */
  batchSize: number;
}

export interface Embedder {
  embeddings: EmbeddingsInterface;
  identity: EmbedderIdentity;
  /**
   * From now on the model leaves one core to the main thread, for a server answering many questions at once:
   * otherwise ONNX Runtime's threads, one per core, contend with it. On 2 cores, 8 clients asking over HTTP
   * (`bench/load.ts`) got 68.6 answers/s at p95 172 ms this way, 43 answers/s with the model on both cores,
   * and 50.4 answers/s at p95 317 ms with the model on the main thread.
   */
  shareCores(): Promise<void>;
  /** Frees the model's memory until it is next needed. */
  release(): Promise<void>;
}

export interface EmbedderSettings {
  model: EmbeddingModelName;
  /** A folder of models in transformers.js layout (`RAG_MODEL_DIR`). */
  modelDir: string | undefined;
  projectRoot: string;
}

/** The configured model, or undefined (said once in the log) when its files are nowhere to be had. */
export async function loadEmbedder(settings: EmbedderSettings, log: (line: string) => void): Promise<Embedder | undefined> {
  const spec = EMBEDDING_MODELS[settings.model];
  const source = locateModel(spec.name, settings.projectRoot, settings.modelDir);
  try {
    const embeddings = await WorkerEmbeddings.start(spec, source);
    const { pooling, dimension, queryPrefix, passagePrefix } = spec;
    const files = await OnnxEmbeddings.filesOf(spec, source);
    const shareCores = () => embeddings.useThreads(Math.max(1, availableParallelism() - 1));
    const release = () => embeddings.release();
    return { embeddings, shareCores, release, identity: { model: spec.name, dimension, pooling, queryPrefix, passagePrefix, files, batchSize: DEFAULT_BATCH_SIZE } };
  } catch (error) {
    const where = source.kind === 'local' ? source.dir : 'the Hugging Face hub';
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    log(`No embedding model: ${spec.name} could not be loaded from ${where} (${reason}); answering with lexical retrieval only.`);
    return undefined;
  }
}
