/** Shared access to the shipped corpus, the real embedding model and the full index built once per test run. */
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createAssistant, type Assistant } from '../src/answering/ask.ts';
import { PROJECT_ROOT } from '../src/config.ts';
import { loadEmbedder, type Embedder } from '../src/embedding/embedder.ts';
import type { EmbeddingModelName } from '../src/embedding/models.ts';
import type { CorpusIndex } from '../src/indexing/corpus-index.ts';
import { openIndex } from '../src/indexing/open.ts';
import { parseCorpus, readCorpusFiles, type ParsedCorpus } from '../src/parsing/corpus.ts';

export const CORPUS_DIR = resolve(import.meta.dirname, '../data/reports');
export const FILE_003 = '003_c4f11fcceae754a7.txt';
/** The full index, built by the global setup and only read by the tests. */
export const TEST_INDEX_DIR = resolve(PROJECT_ROOT, 'node_modules/.cache/zbwd-test-index');

/** The shipped corpus's files, read once as a test file loads (text files: milliseconds); parsed when first asked for. */
const shippedFiles = await readCorpusFiles(CORPUS_DIR);
let parsed: ParsedCorpus | undefined;
export function corpus(): ParsedCorpus {
  parsed ??= parseCorpus(shippedFiles);
  return parsed;
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A fresh index folder holding the test index's embedding cache, so building in it embeds nothing new. */
export function seededIndexDir(): string {
  const dir = tempDir('zbwd-index-');
  cpSync(join(TEST_INDEX_DIR, 'embedding-cache'), join(dir, 'embedding-cache'), { recursive: true });
  return dir;
}

const embedders = new Map<EmbeddingModelName, Promise<Embedder>>();

/** Ends the workers of the models loaded so far; a model used again starts afresh. */
export async function releaseEmbedders(): Promise<void> {
  const loaded = await Promise.allSettled(embedders.values());
  await Promise.all(loaded.flatMap((result) => (result.status === 'fulfilled' ? [result.value.release()] : [])));
}

/** A real model from `../shared/models` (or `RAG_MODEL_DIR`): the tests need one. */
export function embedder(model: EmbeddingModelName = 'Xenova/multilingual-e5-small'): Promise<Embedder> {
  let loading = embedders.get(model);
  if (!loading) {
    loading = loadEmbedder({ model, modelDir: process.env.RAG_MODEL_DIR, projectRoot: PROJECT_ROOT }, () => {}).then((loaded) => {
      if (!loaded) throw new Error(`the tests need the embedding model ${model} in ../shared/models or RAG_MODEL_DIR`);
      return loaded;
    });
    embedders.set(model, loading);
  }
  return loading;
}

let full: Promise<CorpusIndex> | undefined;
export function fullIndex(): Promise<CorpusIndex> {
  full ??= embedder().then((loaded) => openIndex({ corpusDir: CORPUS_DIR, indexDir: TEST_INDEX_DIR, log: () => {}, embedder: loaded }));
  return full;
}

export async function fullAssistant(): Promise<Assistant> {
  return createAssistant(await fullIndex());
}
