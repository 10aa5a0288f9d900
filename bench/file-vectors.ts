/** The file store's chunk vectors as an HNSW graph in memory, with the chunks they stand for, for the vector benches. */
import { join } from 'node:path';
import { openCorpusIndex } from '../src/cli/open.ts';
import type { Config } from '../src/config.ts';
import type { Chunk } from '../src/domain.ts';
import type { DenseSearch } from '../src/indexing/corpus-index.ts';
import { DEFAULT_HNSW, DenseIndex } from '../src/indexing/dense.ts';
import { loadIndex } from '../src/indexing/store.ts';

export interface FileVectors {
  dense: DenseSearch;
  graph: DenseIndex;
  /** In label order. */
  chunks: Chunk[];
  /** Each report's region, by report id. */
  regionOf: Map<string, string>;
}

export async function fileVectors(config: Config): Promise<FileVectors> {
  const index = await openCorpusIndex(config, config.corpusDir, (line) => console.error(line), { vectors: true });
  if (!index.dense) throw new Error('no embedding model: nothing to measure');
  const stored = loadIndex(config.indexDir);
  const chunks = JSON.parse(stored.payload['chunks.json']?.toString('utf8') ?? '[]') as Chunk[];
  const graph = DenseIndex.read(join(stored.dir, 'dense.hnsw'), index.dense.embedder.identity.dimension, DEFAULT_HNSW);
  return { dense: index.dense, graph, chunks, regionOf: new Map([...index.reports.values()].map((r) => [r.id, r.region])) };
}
