/**
 * Opening the index of a corpus from a store: the current build when it serves this corpus and model, otherwise a
 * new build, written to the store and made current. Reused while neither the corpus, the way it is parsed, chunked
 * or indexed, nor the embedding model has changed.
 */
import { z } from 'zod';
import type { Embedder } from '../embedding/embedder.ts';
import type { EmbedProgress } from '../embedding/embed-passages.ts';
import { buildIndex, DEFAULT_DENSE, lexicalOnly, modelStaleness, corpusStaleness, readInputs, type DenseSettings, type Inputs } from './build.ts';
import type { CorpusIndex, Log } from './corpus-index.ts';
import { fileStore } from './file-store.ts';
import type { FileLimits } from '../parsing/formats/limits.ts';
import type { Store } from './store-port.ts';
import { IndexUnreadableError } from './store.ts';

export interface OpenOptions {
  corpusDir: string;
  /** Where added report files are kept (`RAG_UPLOAD_DIR`), read with the corpus folder; that folder when not given. */
  uploadDir?: string | undefined;
  /** The index folder: the file store's builds, and the embedding cache of any store. */
  indexDir: string;
  log: Log;
  /** Where builds are kept; the index folder when not given. */
  store?: Store;
  /** The embedding model; without one the index is lexical only. */
  embedder?: Embedder;
  dense?: DenseSettings;
  /** Rebuild even when the stored index is current. */
  rebuild?: boolean;
  onEmbedProgress?: EmbedProgress;
  /** How much of a report file is read before it is refused; the defaults when not given. */
  fileLimits?: FileLimits;
}

function storeOf(options: Pick<OpenOptions, 'store' | 'indexDir'>): Store {
  return options.store ?? fileStore(options.indexDir);
}

/** Where a build goes, said in the log. */
function placeOf(store: Store, indexDir: string): string {
  return store.kind === 'file' ? indexDir : 'PostgreSQL';
}

/** Builds and stores the index; a process that built it meanwhile (another server on the database) saves the work. */
function build(inputs: Inputs, store: Store, options: OpenOptions): Promise<CorpusIndex> {
  return store.exclusive(async () => {
    const meanwhile = options.rebuild ? undefined : await loadCurrent(inputs, store, { ...options, embedder: Promise.resolve(options.embedder) });
    if (meanwhile !== undefined && typeof meanwhile !== 'string') return meanwhile;
    const built = await buildIndex(inputs, options);
    const index = await store.write(built, { ...(options.embedder ? { embedder: options.embedder } : {}), dense: options.dense ?? DEFAULT_DENSE });
    return { ...index, built: built.stats };
  });
}

/**
 * The stored index when it serves this corpus and model, or why it does not. A build that serves the corpus is read
 * while the model loads; whether it serves the model is known once the model has loaded.
 */
async function loadCurrent(inputs: Inputs, store: Store, options: Omit<OpenOptions, 'embedder'> & { embedder: Promise<Embedder | undefined> }): Promise<CorpusIndex | string> {
  if (options.rebuild) return 'a rebuild was asked for';
  try {
    const manifest = await store.current();
    if (typeof manifest === 'string') return manifest;
    const ofCorpus = corpusStaleness(manifest, inputs);
    if (ofCorpus) return ofCorpus;
    const dense = options.dense ?? DEFAULT_DENSE;
    const opening = store.open({ embedder: options.embedder, dense });
    opening.catch(() => {});
    const embedder = await options.embedder;
    const ofModel = embedder ? modelStaleness(manifest, embedder, dense) : undefined;
    if (ofModel) return ofModel;
    const index = await opening;
    return { ...index, omitted: { duplicates: inputs.parsed.duplicates, skipped: inputs.parsed.skipped } };
  } catch (error) {
    if (!(error instanceof IndexUnreadableError) && !(error instanceof SyntaxError) && !(error instanceof z.ZodError)) {
      throw error;
    }
    return error.message;
  }
}

async function inputsOf(store: Store, options: Pick<OpenOptions, 'corpusDir' | 'uploadDir' | 'indexDir' | 'log' | 'fileLimits'>): Promise<Inputs> {
  await store.removeInterrupted(options.log);
  return readInputs(options.corpusDir, options.indexDir, options.fileLimits, options.uploadDir);
}

export async function openIndex(options: OpenOptions): Promise<CorpusIndex> {
  const store = storeOf(options);
  const inputs = await inputsOf(store, options);
  const loaded = await loadCurrent(inputs, store, { ...options, embedder: Promise.resolve(options.embedder) });
  if (typeof loaded !== 'string') return loaded;
  options.log(`Building the index in ${placeOf(store, options.indexDir)}: ${loaded}.`);
  return build(inputs, store, options);
}

/**
 * The index in two stages, for a server that should answer at once: the stored index when it is current;
 * otherwise the reports and lexical index now, and `vectors()` to build the whole index (embedding what the cache
 * lacks, which takes minutes on a first start) and store it. `vectors()` may be called again after a failure:
 * what it embedded before is in the cache only once a build completes.
 */
export interface StagedIndex {
  now: CorpusIndex;
  vectors?: () => Promise<CorpusIndex>;
}

/** As `OpenOptions`, with the model still loading: the corpus is read and parsed meanwhile. */
export interface StagedOptions extends Omit<OpenOptions, 'embedder'> {
  embedder: Promise<Embedder | undefined>;
}

export async function openIndexStaged(options: StagedOptions): Promise<StagedIndex> {
  const { embedder: loading, ...rest } = options;
  const store = storeOf(options);
  const inputs = await inputsOf(store, options);
  const loaded = await loadCurrent(inputs, store, { ...rest, embedder: loading });
  const embedder = await loading;
  const opened: OpenOptions = { ...rest, store, ...(embedder ? { embedder } : {}) };
  if (typeof loaded !== 'string') return { now: loaded };
  const place = placeOf(store, options.indexDir);
  // Without a model there is nothing slow to wait for.
  if (!embedder) {
    options.log(`Building the index in ${place}: ${loaded}.`);
    return { now: await build(inputs, store, opened) };
  }
  options.log(`Answering on words while the vectors are built in ${place}: ${loaded}.`);
  return { now: lexicalOnly(inputs), vectors: () => build(inputs, store, opened) };
}
