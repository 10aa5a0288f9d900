/** Builds the full index with the real model once per test run; every test file then only reads it. */
import { CORPUS_DIR, TEST_INDEX_DIR } from './corpus.ts';
import { PROJECT_ROOT } from '../src/config.ts';
import { loadEmbedder } from '../src/embedding/embedder.ts';
import { openIndex } from '../src/indexing/open.ts';

export default async function setup(): Promise<void> {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  // A process of the model per core, as an ingest builds.
  const embedder = await loadEmbedder({ model: 'Xenova/multilingual-e5-small', modelDir: process.env.RAG_MODEL_DIR, projectRoot: PROJECT_ROOT, building: true }, log);
  if (!embedder) throw new Error('the tests need the embedding model Xenova/multilingual-e5-small in ../shared/models or RAG_MODEL_DIR');
  try {
    await openIndex({ corpusDir: CORPUS_DIR, indexDir: TEST_INDEX_DIR, log, embedder });
  } finally {
    await embedder.release();
  }
}
