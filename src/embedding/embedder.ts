/**
 * The embedder the index and retrieval use: a LangChain `Embeddings` and the identity of the model behind it,
 * which the index manifest records so that vectors of two models are never mixed.
 */
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { EMBEDDING_MODELS, type EmbeddingModelName } from './models.ts';
import { locateModel } from './locate.ts';
import { OnnxEmbeddings } from './onnx-embeddings.ts';

export interface EmbedderIdentity {
  model: string;
  dimension: number;
  pooling: string;
  queryPrefix: string;
  passagePrefix: string;
  /** sha256 of the model's files, by path inside its folder. */
  files: Record<string, string>;
}

export interface Embedder {
  embeddings: EmbeddingsInterface;
  identity: EmbedderIdentity;
  /** Texts per call that keeps the model busiest. */
  batchSize: number;
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
    const embeddings = await OnnxEmbeddings.load(spec, source);
    const { pooling, dimension, queryPrefix, passagePrefix } = spec;
    const files = await OnnxEmbeddings.filesOf(spec, source);
    return { embeddings, batchSize: embeddings.batchSize, identity: { model: spec.name, dimension, pooling, queryPrefix, passagePrefix, files } };
  } catch (error) {
    const where = source.kind === 'local' ? source.dir : 'the Hugging Face hub';
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    log(`No embedding model: ${spec.name} could not be loaded from ${where} (${reason}); answering with lexical retrieval only.`);
    return undefined;
  }
}
