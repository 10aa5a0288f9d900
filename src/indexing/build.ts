/**
 * Building an index from a corpus: parsed reports, their chunks, the indicator table and, with an embedding model,
 * the vectors of every chunk, sentence piece and Chinese word. Whichever store then keeps it, a build is the same.
 */
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { chunkReports, DEFAULT_CHUNKING } from '../chunking/chunk.ts';
import { piecesOf, quotableSentences } from '../chunking/sentences.ts';
import { chineseWords } from '../chunking/words.ts';
import type { Chunk, Report } from '../domain.ts';
import { EmbeddingCache, textKey } from '../embedding/cache.ts';
import type { Embedder, EmbedderIdentity } from '../embedding/embedder.ts';
import { cachedVectors, embedMissing, type EmbedProgress } from '../embedding/embed-passages.ts';
import { extractIndicators } from '../indicators/extract.ts';
import type { IndicatorRow } from '../indicators/row.ts';
import { parseCorpus, readCorpusFiles, type CorpusFile, type ParsedCorpus } from '../parsing/corpus.ts';
import type { FileLimits } from '../parsing/formats/limits.ts';
import type { BuildStats, IndexedReport } from './corpus-index.ts';
import { DEFAULT_HNSW, type HnswSettings } from './dense.ts';
import { LexicalIndex } from './lexical.ts';
import { DEFAULT_LEXICAL } from './lexical-settings.ts';
import { memoryIndex } from './memory-index.ts';
import { passageText, DEFAULT_PASSAGE_CONTEXT, type PassageContext } from './passage-text.ts';
import type { Manifest } from './store.ts';
import type { CorpusIndex } from './corpus-index.ts';

export const FORMAT_VERSION = 8;
const CACHE_DIR = 'embedding-cache';

export interface DenseSettings {
  hnsw: HnswSettings;
  /** What is embedded with each chunk's text. */
  context: PassageContext;
}

export const DEFAULT_DENSE: DenseSettings = { hnsw: DEFAULT_HNSW, context: DEFAULT_PASSAGE_CONTEXT };

/** What the manifest records of the vectors: the model that made them and how they were indexed. */
const denseManifestSchema = z.object({
  identity: z.object({
    model: z.string(),
    dimension: z.number().int(),
    pooling: z.string(),
    queryPrefix: z.string(),
    passagePrefix: z.string(),
    files: z.record(z.string(), z.string()),
    batchSize: z.number().int(),
  }),
  settings: z.object({
    hnsw: z.object({ m: z.number(), efConstruction: z.number() }),
    context: z.enum(['text', 'title-section']),
  }),
});
type DenseManifest = z.infer<typeof denseManifestSchema>;

/** The vectors of a build: one per chunk in chunk order, and those of every sentence piece and word. */
export interface BuiltVectors {
  embedder: Embedder;
  chunks: Float32Array[];
  sentences: Map<string, Float32Array>;
  words: Map<string, Float32Array>;
}

/** A build, whole, before a store keeps it. */
export interface BuiltIndex {
  manifest: Omit<Manifest, 'files'>;
  omitted: CorpusIndex['omitted'];
  reports: IndexedReport[];
  chunks: Chunk[];
  indicators: IndicatorRow[];
  vectors?: BuiltVectors;
  stats: BuildStats;
}

/** Every distinct sentence piece an answer by meaning may compare with a question. */
function sentencePieces(chunks: readonly Chunk[]): string[] {
  return [...new Set(chunks.flatMap((chunk) => quotableSentences(chunk.text).flatMap(piecesOf)))];
}

/** Every distinct Chinese word of the chunks. */
function corpusWords(chunks: readonly Chunk[]): string[] {
  return [...new Set(chunks.flatMap((chunk) => chineseWords(chunk.text)))];
}

const BUILD_SETTINGS = { chunking: DEFAULT_CHUNKING, lexical: DEFAULT_LEXICAL };

function corpusHash(files: readonly CorpusFile[]): string {
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(`${file.name}\u0000${file.text}\u0000`);
    // A sidecar changes the metadata; hashed only when there is one, so that the builds before stay current.
    if (file.meta) hash.update(`${JSON.stringify(file.meta)}\u0000`);
  }
  return hash.digest('hex');
}

/** Changes whenever parsing or chunking gives different chunks, or the build settings change. */
function contentHash(chunks: readonly Chunk[]): string {
  const hash = createHash('sha256').update(JSON.stringify(BUILD_SETTINGS));
  for (const chunk of chunks) hash.update(chunk.id);
  return hash.digest('hex');
}

function summarise(reports: readonly Report[], chunks: readonly Chunk[]): IndexedReport[] {
  const counts = new Map<string, number>();
  for (const chunk of chunks) counts.set(chunk.reportId, (counts.get(chunk.reportId) ?? 0) + 1);
  return reports.map(({ sections: _sections, paragraphs: _paragraphs, ...meta }) => ({
    ...meta,
    chunkCount: counts.get(meta.id) ?? 0,
  }));
}

/** The search-time `ef` is left out: changing it needs no rebuild. */
function denseManifest(identity: EmbedderIdentity, { hnsw, context }: DenseSettings): DenseManifest {
  return { identity, settings: { hnsw: { m: hnsw.m, efConstruction: hnsw.efConstruction }, context } };
}

/** The corpus as read and chunked for a build: read before the model is ready, and again by every build. */
export interface Inputs {
  corpusDir: string;
  /** Where the embedding cache is kept. */
  indexDir: string;
  files: CorpusFile[];
  parsed: ParsedCorpus;
  chunks: Chunk[];
}

/** `uploadDir`: the folder added report files are kept in, read with the corpus folder when it is another. */
export async function readInputs(corpusDir: string, indexDir: string, fileLimits?: FileLimits, uploadDir?: string): Promise<Inputs> {
  const files = await readCorpusFiles(uploadDir ? [corpusDir, uploadDir] : corpusDir, fileLimits);
  const parsed = parseCorpus(files);
  return { corpusDir, indexDir, files, parsed, chunks: chunkReports(parsed.reports) };
}

/**
 * Embeds what the cache lacks and keeps the cache; returns the vector of every chunk, sentence piece and Chinese
 * word.
 */
async function buildVectors(chunks: readonly Chunk[], titles: ReadonlyMap<string, string>, embedder: Embedder, settings: DenseSettings, indexDir: string, onProgress?: EmbedProgress): Promise<{ vectors: BuiltVectors; stats: BuildStats }> {
  const cache = EmbeddingCache.open(join(indexDir, CACHE_DIR), embedder.identity);
  const texts = chunks.map((chunk) => passageText(chunk, titles.get(chunk.reportId) ?? '', settings.context));
  const pieces = sentencePieces(chunks);
  const words = corpusWords(chunks);
  const all = [...texts, ...pieces, ...words];
  const keys = all.map(textKey);
  // One pass over chunks, sentence pieces and words, so that progress and the cache cover them all.
  const stats = await embedMissing(all, keys, embedder, cache, onProgress);
  // The model is not needed while the build is indexed and written: freed, it does not add to the build's peak.
  await embedder.release();
  const vectors = cachedVectors(keys, cache);
  // Saved now, before the build is written, so that the two never take memory at once.
  cache.save(new Set(keys));
  const vectorAt = (i: number): Float32Array => vectors[i] ?? new Float32Array();
  return {
    vectors: {
      embedder,
      chunks: vectors.slice(0, texts.length),
      sentences: new Map(pieces.map((_, i) => [keys[texts.length + i] ?? '', vectorAt(texts.length + i)])),
      words: new Map(words.map((word, i) => [word, vectorAt(texts.length + pieces.length + i)])),
    },
    stats,
  };
}

/** What a build records of its inputs; `dense` once vectors are built with the model. */
function manifestOf(inputs: Inputs, reports: readonly IndexedReport[], dense: DenseManifest | null): Omit<Manifest, 'files'> {
  return {
    formatVersion: FORMAT_VERSION,
    corpusDir: resolve(inputs.corpusDir),
    corpusHash: corpusHash(inputs.files),
    reportCount: reports.length,
    chunkCount: inputs.chunks.length,
    build: { ...BUILD_SETTINGS, contentHash: contentHash(inputs.chunks) },
    dense,
    builtAt: new Date().toISOString(),
  };
}

export function titlesOf(reports: readonly IndexedReport[]): Map<string, string> {
  return new Map(reports.map((r) => [r.id, r.title]));
}

function omittedOf(inputs: Inputs): CorpusIndex['omitted'] {
  return { duplicates: inputs.parsed.duplicates, skipped: inputs.parsed.skipped };
}

export interface BuildOptions {
  embedder?: Embedder;
  dense?: DenseSettings;
  onEmbedProgress?: EmbedProgress;
}

export async function buildIndex(inputs: Inputs, options: BuildOptions): Promise<BuiltIndex> {
  const { parsed, chunks } = inputs;
  const reports = summarise(parsed.reports, chunks);
  const settings = options.dense ?? DEFAULT_DENSE;
  const built = options.embedder ? await buildVectors(chunks, titlesOf(reports), options.embedder, settings, inputs.indexDir, options.onEmbedProgress) : undefined;
  return {
    manifest: manifestOf(inputs, reports, options.embedder ? denseManifest(options.embedder.identity, settings) : null),
    omitted: omittedOf(inputs),
    reports,
    chunks,
    indicators: extractIndicators(reports, chunks),
    ...(built ? { vectors: built.vectors } : {}),
    stats: built?.stats ?? { embedded: 0, reused: 0 },
  };
}

/** The corpus's reports and lexical index, held in memory alone: what answers while the vectors are built. */
export function lexicalOnly(inputs: Inputs): CorpusIndex {
  const reports = summarise(inputs.parsed.reports, inputs.chunks);
  return memoryIndex({
    manifest: { ...manifestOf(inputs, reports, null), files: {} },
    source: { store: 'memory', build: 'words only' },
    omitted: omittedOf(inputs),
    reports,
    chunks: inputs.chunks,
    indicators: extractIndicators(reports, inputs.chunks),
    lexical: LexicalIndex.build(inputs.chunks, titlesOf(reports)),
  });
}

/** The dimension of a build's vectors, or undefined when it has none. */
export function storedDimension(manifest: Manifest): number | undefined {
  const parsed = denseManifestSchema.nullable().optional().safeParse(manifest.dense);
  return parsed.success ? parsed.data?.identity.dimension : undefined;
}

/** Why a stored build cannot serve this corpus, or undefined when it can. */
export function corpusStaleness(manifest: Manifest, inputs: Inputs): string | undefined {
  if (manifest.formatVersion !== FORMAT_VERSION) return 'it was written in an older format';
  if (manifest.corpusHash !== corpusHash(inputs.files)) return 'the corpus changed since it was built';
  if (manifest.build.contentHash !== contentHash(inputs.chunks)) {
    return 'parsing, chunking or index settings changed since it was built';
  }
  return undefined;
}

/** Why a stored build's vectors are not this model's with these settings, or undefined when they are. */
export function modelStaleness(manifest: Manifest, embedder: Embedder, dense: DenseSettings = DEFAULT_DENSE): string | undefined {
  const stored = denseManifestSchema.nullable().optional().parse(manifest.dense);
  if (!stored) return 'it has no vectors yet';
  const wanted = denseManifest(embedder.identity, dense);
  if (JSON.stringify(stored) !== JSON.stringify(wanted)) return 'the embedding model or the vector settings changed since it was built';
  return undefined;
}

