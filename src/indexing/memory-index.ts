/**
 * The index held whole in memory: the chunks in a map, BM25 over postings in typed arrays, the chunk vectors in an
 * HNSW graph and the sentence and word vectors in maps. What the file store loads, and what answers on words while a
 * first build runs.
 */
import type { Chunk } from '../domain.ts';
import type { Embedder } from '../embedding/embedder.ts';
import type { IndicatorRow } from '../indicators/row.ts';
import type { CorpusIndex, CorpusTerms, DenseHit, DenseSearch, IndexedReport, IndexSource } from './corpus-index.ts';
import type { DenseIndex } from './dense.ts';
import type { LexicalIndex } from './lexical.ts';
import type { Manifest } from './store.ts';

export interface MemoryVectors {
  index: DenseIndex;
  embedder: Embedder;
  /** The vector of every sentence piece of the chunks, by text hash. */
  sentences: ReadonlyMap<string, Float32Array>;
  /** The vector of every Chinese word of the chunks, by the word. */
  words: ReadonlyMap<string, Float32Array>;
}

export interface MemoryContents {
  manifest: Manifest;
  source: IndexSource;
  omitted: CorpusIndex['omitted'];
  reports: readonly IndexedReport[];
  /** In index order: a chunk's label in the vector index is its place here. */
  chunks: readonly Chunk[];
  indicators: IndicatorRow[];
  lexical: LexicalIndex;
  dense?: MemoryVectors;
}

/** Word counts and regions read through the postings: only the chunks holding each of a word's bigrams are read. */
function memoryTerms(lexical: LexicalIndex, chunks: readonly Chunk[], reports: ReadonlyMap<string, IndexedReport>): CorpusTerms {
  const words = new Map<string, number>();
  const frequency = (word: string): number => {
    let df = words.get(word);
    if (df === undefined) {
      df = 0;
      for (const ord of lexical.mayHoldAll([word])) if (chunks[ord]?.text.includes(word)) df++;
      words.set(word, df);
    }
    return df;
  };
  return {
    tokenFrequencies: async (asked) => new Map(asked.flatMap((t) => {
      const df = lexical.terms.frequencies.get(t)?.[0] ?? 0;
      return df > 0 ? [[t, df] as const] : [];
    })),
    wordFrequencies: async (asked) => new Map(asked.flatMap((w) => {
      const df = frequency(w);
      return df > 0 ? [[w, df] as const] : [];
    })),
    regionsWithAll: async (asked) => {
      const regions = new Set<string>();
      if (asked.length === 0) return [];
      for (const ord of lexical.mayHoldAll(asked)) {
        const chunk = chunks[ord];
        if (!chunk || !asked.every((word) => chunk.text.includes(word))) continue;
        const region = reports.get(chunk.reportId)?.region;
        if (region) regions.add(region);
      }
      return [...regions];
    },
  };
}

function memoryDense(vectors: MemoryVectors, chunks: readonly Chunk[]): DenseSearch {
  const { index, embedder, sentences, words } = vectors;
  const labelOf = new Map(chunks.map((chunk, label) => [chunk.id, label]));
  // The labels of each report's chunks, so that a scope turns into the labels to search at once.
  const byReport = new Map<string, number[]>();
  chunks.forEach((chunk, label) => {
    const labels = byReport.get(chunk.reportId);
    if (labels) labels.push(label);
    else byReport.set(chunk.reportId, [label]);
  });
  const hit = (label: number, similarity: number): DenseHit[] => {
    const chunk = chunks[label];
    return chunk ? [{ chunkId: chunk.id, reportId: chunk.reportId, topHeading: chunk.sectionPath[0], similarity }] : [];
  };
  return {
    embedder,
    search: async (vector, k, reportIds) => {
      const within = reportIds ? [...reportIds].flatMap((id) => byReport.get(id) ?? []) : undefined;
      return index.search(vector, k, within).flatMap(({ label, similarity }) => hit(label, similarity));
    },
    similarities: async (ids, vector) => new Map(ids.flatMap((id) => {
      const label = labelOf.get(id);
      return label === undefined ? [] : [[id, index.similarity(label, vector)] as const];
    })),
    sentenceVectors: async (keys) => new Map(keys.flatMap((key) => {
      const vector = sentences.get(key);
      return vector ? [[key, vector] as const] : [];
    })),
    wordVectors: async (asked) => new Map(asked.flatMap((word) => {
      const vector = words.get(word);
      return vector ? [[word, vector] as const] : [];
    })),
  };
}

export function memoryIndex(contents: MemoryContents): CorpusIndex {
  const { chunks } = contents;
  const reports = new Map(contents.reports.map((r) => [r.id, r]));
  const byId = new Map(chunks.map((c) => [c.id, c]));
  // Each report's chunks, so that asking for one report's does not read the whole corpus.
  const ofReport = new Map<string, Chunk[]>();
  for (const chunk of chunks) {
    const of = ofReport.get(chunk.reportId);
    if (of) of.push(chunk);
    else ofReport.set(chunk.reportId, [chunk]);
  }
  return {
    manifest: contents.manifest,
    source: contents.source,
    omitted: contents.omitted,
    reports,
    chunkCount: chunks.length,
    indicators: contents.indicators,
    chunks: async (ids) => new Map(ids.flatMap((id) => {
      const chunk = byId.get(id);
      return chunk ? [[id, chunk] as const] : [];
    })),
    chunksOf: async (reportId) => [...(ofReport.get(reportId) ?? [])].sort((a, b) => a.ordinal - b.ordinal),
    chunksUnder: async (heading) => chunks.filter((c) => heading.test(c.sectionPath[0] ?? '')),
    lexical: { search: async (text, limit, scope) => contents.lexical.query(text, limit, scope) },
    terms: memoryTerms(contents.lexical, chunks, reports),
    ...(contents.dense ? { dense: memoryDense(contents.dense, chunks) } : {}),
  };
}
