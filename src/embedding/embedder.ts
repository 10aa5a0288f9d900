/**
 * The embedder the index and retrieval use: a LangChain `Embeddings` and the identity of the model behind it,
 * which the index manifest records so that vectors of two models are never mixed.
 */
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { availableParallelism } from 'node:os';
import { ChildEmbeddings } from './child-embeddings.ts';
import { ModelUnavailableError } from './errors.ts';
import { DEFAULT_BATCH_SIZE, EMBEDDING_MODELS, type EmbeddingModelName, type EmbeddingModelSpec } from './models.ts';
import { PooledEmbeddings } from './pooled-embeddings.ts';
import { join } from 'node:path';
import { locateModel, modelFileHashes, type ModelSource } from './locate.ts';
import type { EmbedderStatus, StatusListener } from './status.ts';

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
  /** Frees the model's memory until it is next needed: its process ends once the requests in flight are answered. */
  release(): Promise<void>;
  /** Whether the model answers now; see `EmbedderStatus`. */
  status(): EmbedderStatus;
  /** Calls `listener` at every change of status from now on; the function returned stops that. */
  onStatus(listener: StatusListener): () => void;
}

export interface EmbedderSettings {
  model: EmbeddingModelName;
  /** A folder of models in transformers.js layout (`RAG_MODEL_DIR`). */
  modelDir: string | undefined;
  projectRoot: string;
  /**
   * The model leaves one core to the main thread, for a server answering many questions at once: otherwise ONNX
   * Runtime's threads, one per core, contend with it. On 2 cores, 8 clients asking over HTTP (`bench/load.ts`)
   * got 68.6 answers/s at p95 172 ms this way, 43 answers/s with the model on both cores, and 50.4 answers/s at
   * p95 317 ms with the model on the main thread.
   */
  sharingCores?: boolean;
  /**
   * For a build: one model process per core, each on one thread, sharing the texts (see `PooledEmbeddings`).
   * Each process holds the model (about 500 MB).
   */
  building?: boolean;
  /** Where the model files' hashes are remembered between starts (see `hash-cache.ts`); hashed afresh without. */
  hashCacheFile?: string;
}

/** Starts the model processes the settings ask for; when one cannot start, those started are ended. */
async function startProcesses(spec: EmbeddingModelSpec, source: ModelSource, settings: EmbedderSettings): Promise<ChildEmbeddings | PooledEmbeddings> {
  if (!settings.building) return ChildEmbeddings.start(spec, source, settings.sharingCores ? sharedThreads() : undefined);
  const started = await Promise.allSettled(Array.from({ length: availableParallelism() }, () => ChildEmbeddings.start(spec, source, 1)));
  const members = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = started.find((s) => s.status === 'rejected');
  const [first, ...rest] = members;
  if (failed || !first) {
    await Promise.all(members.map((m) => m.release()));
    throw failed?.reason ?? new Error('no model process started');
  }
  return new PooledEmbeddings([first, ...rest]);
}

function sharedThreads(): number {
  return Math.max(1, availableParallelism() - 1);
}

/** The configured model, or undefined (said once in the log) when its files are nowhere to be had. */
export async function loadEmbedder(settings: EmbedderSettings, log: (line: string) => void): Promise<Embedder | undefined> {
  const spec = EMBEDDING_MODELS[settings.model];
  const source = locateModel(spec.name, settings.projectRoot, settings.modelDir);
  try {
    // Local files are hashed here while the model loads in its process; files from the hub once it has them.
    const hashing = source.kind === 'local' ? modelFileHashes(join(source.dir, spec.name), settings.hashCacheFile) : undefined;
    hashing?.catch(() => {});
    const embeddings = await startProcesses(spec, source, settings);
    for (const member of embeddings instanceof PooledEmbeddings ? embeddings.members : [embeddings]) logExits(member, log);
    const { pooling, dimension, queryPrefix, passagePrefix } = spec;
    const files = await (hashing ?? hubFileHashes(spec.name, source)).catch(async (error: unknown) => {
      await embeddings.release();
      throw error;
    });
    return {
      embeddings,
      identity: { model: spec.name, dimension, pooling, queryPrefix, passagePrefix, files, batchSize: DEFAULT_BATCH_SIZE },
      release: () => embeddings.release(),
      status: () => embeddings.status(),
      onStatus: (listener) => embeddings.onStatus(listener),
    };
  } catch (error) {
    const where = source.kind === 'local' ? source.dir : 'the Hugging Face hub';
    const message = error instanceof ModelUnavailableError ? error.reason : error instanceof Error ? error.message : String(error);
    const reason = message.split('\n')[0];
    log(`No embedding model: ${spec.name} could not be loaded from ${where} (${reason}); answering with lexical retrieval only.`);
    return undefined;
  }
}

/** The hub's files, in transformers.js' download cache: only loaded for a model that comes from there. */
async function hubFileHashes(name: string, source: ModelSource): Promise<Record<string, string>> {
  const { modelFolder } = await import('./model-file.ts');
  return modelFileHashes(modelFolder(name, source));
}

/** A model process that died, or ended uncleanly when asked to, is said in the log; and so is the model's return. */
function logExits(embeddings: ChildEmbeddings, log: (line: string) => void): void {
  embeddings.onExit(({ asked, code, signal, reason }) => {
    if (!asked) log(`The embedding model stopped (${reason}); it restarts in the background, and answers by meaning fail until it is back.`);
    else if (signal || code !== 0) log(`The embedding model's process ended uncleanly when asked to end (${reason}).`);
  });
  let last = embeddings.status();
  embeddings.onStatus((status) => {
    if (last === 'restarting' && status === 'ready') log('The embedding model is back.');
    last = status;
  });
}
