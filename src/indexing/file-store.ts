/**
 * The file store: each build a folder of files in the index folder (reports, chunks, the indicator table, the HNSW
 * graph, the sentence and word vectors), made current by replacing the `CURRENT` pointer, and loaded whole into
 * memory to answer.
 */
import { join } from 'node:path';
import { z } from 'zod';
import type { Chunk } from '../domain.ts';
import { decodeVectors, encodeVectors } from '../embedding/vector-file.ts';
import { indicatorTableSchema } from '../indicators/row.ts';
import { storedDimension, titlesOf, type DenseSettings } from './build.ts';
import type { CorpusIndex, IndexedReport } from './corpus-index.ts';
import { DenseIndex } from './dense.ts';
import { LexicalIndex } from './lexical.ts';
import { memoryIndex, type MemoryVectors } from './memory-index.ts';
import type { Store } from './store-port.ts';
import { currentBuildName, IndexUnreadableError, loadIndex, loadManifest, removeInterruptedBuilds, saveIndex } from './store.ts';

const DENSE_FILE = 'dense.hnsw';
const SENTENCES_FILE = 'sentences.bin';
const WORDS_FILE = 'words.bin';
const INDICATORS_FILE = 'indicators.json';
const LEXICAL_FILE = 'lexical.bin';

const storedReports = z.array(z.custom<IndexedReport>((v) => typeof v === 'object' && v !== null && 'id' in v));
const storedChunks = z.array(z.custom<Chunk>((v) => typeof v === 'object' && v !== null && 'id' in v));

function readVectors(name: string, bytes: Buffer | undefined): Map<string, Float32Array> {
  if (!bytes) throw new IndexUnreadableError(`${name} is missing from the build`);
  try {
    return decodeVectors(bytes).vectors;
  } catch (error) {
    throw new IndexUnreadableError(`${name} cannot be read (${error instanceof Error ? error.message : String(error)})`);
  }
}

function readDense(dir: string, payload: Record<string, Buffer>, dimension: number, chunkCount: number, settings: DenseSettings): Omit<MemoryVectors, 'embedder'> {
  if (!payload[DENSE_FILE]) throw new IndexUnreadableError(`${DENSE_FILE} is missing from the build`);
  const index = DenseIndex.read(join(dir, DENSE_FILE), dimension, settings.hnsw);
  if (index.size !== chunkCount) throw new IndexUnreadableError(`${DENSE_FILE} holds ${index.size} vectors for ${chunkCount} chunks`);
  return { index, sentences: readVectors(SENTENCES_FILE, payload[SENTENCES_FILE]), words: readVectors(WORDS_FILE, payload[WORDS_FILE]) };
}

export function fileStore(indexDir: string): Store {
  return {
    kind: 'file',
    async removeInterrupted(log) {
      const leftovers = removeInterruptedBuilds(indexDir);
      if (leftovers.length > 0) log(`Removed what interrupted builds left in ${indexDir}: ${leftovers.join(', ')}.`);
    },
    async current() {
      try {
        return loadManifest(indexDir);
      } catch (error) {
        if (error instanceof IndexUnreadableError) return error.message;
        throw error;
      }
    },
    currentBuild: async () => currentBuildName(indexDir),
    async open({ embedder: loading, dense: settings }) {
      const stored = loadIndex(indexDir);
      const { payload, manifest } = stored;
      const reports = storedReports.parse(JSON.parse(payload['reports.json']?.toString('utf8') ?? ''));
      const chunks = storedChunks.parse(JSON.parse(payload['chunks.json']?.toString('utf8') ?? ''));
      const indicators = indicatorTableSchema.parse(JSON.parse(payload[INDICATORS_FILE]?.toString('utf8') ?? ''));
      const lexicalBytes = payload[LEXICAL_FILE];
      if (!lexicalBytes) throw new IndexUnreadableError(`${LEXICAL_FILE} is missing from the build`);
      const lexical = LexicalIndex.decode(lexicalBytes, chunks);
      // Read while the model loads, in the dimension the build was made in: whether they serve the model is the
      // caller's to check once it has loaded.
      const dimension = storedDimension(manifest);
      const vectors = dimension === undefined ? undefined : readDense(stored.dir, payload, dimension, chunks.length, settings);
      const embedder = await loading;
      let dense: MemoryVectors | undefined;
      if (embedder) {
        if (!vectors) throw new IndexUnreadableError('the build has no vectors');
        if (vectors.index.dimension !== embedder.identity.dimension) throw new IndexUnreadableError(`the build's vectors have ${vectors.index.dimension} dimensions, the model's ${embedder.identity.dimension}`);
        dense = { ...vectors, embedder };
      }
      // Omissions are the parse's, not the build's: the caller that read the corpus sets them.
      return memoryIndex({ manifest, source: { store: 'file', build: stored.name }, omitted: { duplicates: [], skipped: [] }, reports, chunks, indicators, lexical, ...(dense ? { dense } : {}) });
    },
    // Builds of two processes each become current whole, the later one last: nothing to wait for.
    exclusive: (work) => work(),
    async write(build, { dense: settings }) {
      const { vectors } = build;
      const lexical = LexicalIndex.build(build.chunks, titlesOf(build.reports));
      const graph = vectors ? DenseIndex.build(vectors.chunks, vectors.embedder.identity.dimension, settings.hnsw) : undefined;
      // The encoded files are passed straight in, so nothing holds them once they are written.
      const name = saveIndex(indexDir, build.manifest, {
        'reports.json': JSON.stringify(build.reports),
        'chunks.json': JSON.stringify(build.chunks),
        [INDICATORS_FILE]: JSON.stringify(build.indicators),
        [LEXICAL_FILE]: lexical.encode(),
        ...(vectors && graph ? {
          [DENSE_FILE]: graph.toBuffer(),
          [SENTENCES_FILE]: encodeVectors(vectors.sentences, vectors.embedder.identity.dimension),
          [WORDS_FILE]: encodeVectors(vectors.words, vectors.embedder.identity.dimension),
        } : {}),
      });
      const index: CorpusIndex = memoryIndex({
        manifest: { ...build.manifest, files: {} },
        source: { store: 'file', build: name },
        omitted: build.omitted,
        reports: build.reports,
        chunks: build.chunks,
        indicators: build.indicators,
        lexical,
        ...(vectors && graph ? { dense: { index: graph, embedder: vectors.embedder, sentences: vectors.sentences, words: vectors.words } } : {}),
      });
      return index;
    },
    close: async () => undefined,
  };
}
