/**
 * The index as the answering core reads it, whichever store keeps it. What is small stays in memory in every store
 * (the reports, the indicator table); what grows with the corpus (chunks' text, the lexical postings, the vectors) is
 * asked for, so that a store may keep it in a database and hand over only what one question needs.
 */
import type { Chunk, ReportMeta } from '../domain.ts';
import type { Embedder } from '../embedding/embedder.ts';
import type { IndicatorRow } from '../indicators/row.ts';
import type { ParsedCorpus } from '../parsing/corpus.ts';
import type { Manifest } from './store.ts';

export interface IndexedReport extends ReportMeta {
  chunkCount: number;
}

/** A chunk as a search ranks it. */
export interface RankedChunk {
  chunkId: string;
  score: number;
}

/** A passage's weight for the question, by its report and top-level heading (1 when nothing is known of it). */
export type PassageWeight = (reportId: string, topHeading: string | undefined) => number;

export interface SearchScope {
  /** Only chunks of these reports; all when undefined. */
  reportIds?: ReadonlySet<string>;
  /** Multiplies a chunk's score: by at least 1, and at most `weightBound` when that is given. */
  weight?: PassageWeight;
  weightBound?: number;
}

/** BM25 over the chunks' tokens (see `tokenize.ts`), the text weighed most, its section and report title as context. */
export interface LexicalSearch {
  search(text: string, limit: number, scope?: SearchScope): Promise<RankedChunk[]>;
}

/** How often the corpus uses tokens and words, for weighing a question's terms. */
export interface CorpusTerms {
  /** In how many chunks' text each token occurs; absent when none. */
  tokenFrequencies(tokens: readonly string[]): Promise<Map<string, number>>;
  /** In how many chunks' text each word is written; absent when none. */
  wordFrequencies(words: readonly string[]): Promise<Map<string, number>>;
  /** The regions whose reports have a chunk holding every one of the words, in the order of their first such chunk. */
  regionsWithAll(words: readonly string[]): Promise<string[]>;
}

export interface DenseHit {
  chunkId: string;
  reportId: string;
  topHeading: string | undefined;
  /** Cosine similarity to the query. */
  similarity: number;
}

/** The vectors: of each chunk (searched), of every sentence piece and every Chinese word (read by the answer decision). */
export interface DenseSearch {
  embedder: Embedder;
  /** The k chunks nearest the vector, or, exactly, the k nearest of the chunks of `reportIds`. */
  search(vector: readonly number[], k: number, reportIds?: ReadonlySet<string>): Promise<DenseHit[]>;
  /** Cosine similarity of each chunk to a unit vector. */
  similarities(chunkIds: readonly string[], vector: readonly number[]): Promise<Map<string, number>>;
  /** The stored vectors of sentence pieces, by text hash; those not stored are absent. */
  sentenceVectors(keys: readonly string[]): Promise<Map<string, ArrayLike<number>>>;
  /** The stored vectors of these words; words the corpus does not have are absent. */
  wordVectors(words: readonly string[]): Promise<Map<string, ArrayLike<number>>>;
}

export interface BuildStats {
  /** Distinct texts the model embedded in this build, and those taken from the cache. */
  embedded: number;
  reused: number;
}

/** Where an index is kept, and which build of it answers: `/readyz` says both. */
export interface IndexSource {
  store: 'file' | 'postgres' | 'memory';
  build: string;
}

export interface CorpusIndex {
  manifest: Manifest;
  source: IndexSource;
  /** What parsing left out of the corpus: repeated copies and segments with no usable report. */
  omitted: Pick<ParsedCorpus, 'duplicates' | 'skipped'>;
  reports: ReadonlyMap<string, IndexedReport>;
  chunkCount: number;
  /** Every figure of a known indicator the reports state, read from the chunks' text: there with or without a model. */
  indicators: IndicatorRow[];
  /** The chunks of these ids that exist. */
  chunks(ids: readonly string[]): Promise<Map<string, Chunk>>;
  /** A report's chunks in reading order. */
  chunksOf(reportId: string): Promise<Chunk[]>;
  /** The chunks whose top-level heading matches, in index order. */
  chunksUnder(heading: RegExp): Promise<Chunk[]>;
  lexical: LexicalSearch;
  terms: CorpusTerms;
  /** Absent when no embedding model could be loaded. */
  dense?: DenseSearch;
  /** Set when this call built the index rather than loading it. */
  built?: BuildStats;
}

export type Log = (line: string) => void;
