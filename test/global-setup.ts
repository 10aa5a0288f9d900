/** Builds the full index with the real model once per test run; every test file then only reads it. */
import { CORPUS_DIR, embedder, releaseEmbedders, TEST_INDEX_DIR } from './corpus.ts';
import { openIndex } from '../src/indexing/open.ts';

export default async function setup(): Promise<void> {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  await openIndex({ corpusDir: CORPUS_DIR, indexDir: TEST_INDEX_DIR, log, embedder: await embedder() });
  await releaseEmbedders();
}
