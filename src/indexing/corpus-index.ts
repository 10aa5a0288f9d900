/**
 * The index over a corpus: parsed reports, their chunks, the lexical index and, when an embedding model is
 * loaded, the vector index, built once and reused while neither the corpus, the way it is parsed, chunked or
 * indexed, nor the embedding model has changed.
 */
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { chunkReports, DEFAULT_CHUNKING } from '../chunking/chunk.ts';
import { piecesOf, quotableSentences } from '../chunking/sentences.ts';
import { chineseWords } from '../chunking/words.ts';
import type { Chunk, Report, ReportMeta } from '../domain.ts';
import { EmbeddingCache, textKey } from '../embedding/cache.ts';
import type { Embedder, EmbedderIdentity } from '../embedding/embedder.ts';
import { cachedVectors, embedMissing, type EmbedProgress } from '../embedding/embed-passages.ts';
import { decodeVectors, encodeVectors } from '../embedding/vector-file.ts';
import { extractIndicators } from '../indicators/extract.ts';
import { indicatorTableSchema, type IndicatorRow } from '../indicators/row.ts';
import { parseCorpus, readCorpusFiles, type CorpusFile, type ParsedCorpus } from '../parsing/corpus.ts';
import { DEFAULT_HNSW, DenseIndex, type HnswSettings } from './dense.ts';
import { DEFAULT_LEXICAL, LexicalIndex } from './lexical.ts';
import { passageText, DEFAULT_PASSAGE_CONTEXT, type PassageContext } from './passage-text.ts';
import { IndexUnreadableError, loadIndex, removeInterruptedBuilds, saveIndex, type Manifest } from './store.ts';

const FORMAT_VERSION = 6;
const DENSE_FILE = 'dense.hnsw';
const SENTENCES_FILE = 'sentences.bin';
const WORDS_FILE = 'words.bin';
const INDICATORS_FILE = 'indicators.json';
const CACHE_DIR = 'embedding-cache';

export interface IndexedReport extends ReportMeta {
  chunkCount: number;
}

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

export interface DenseVectors {
  index: DenseIndex;
  embedder: Embedder;
  /** Chunk ids by their label in the vector index, and the other way round. */
  labels: readonly string[];
  labelOf: ReadonlyMap<string, number>;
  /** The vector of every sentence piece of the chunks, by text hash, for answering by meaning. */
  sentences: ReadonlyMap<string, Float32Array>;
  /** The vector of every Chinese word of the chunks, by the word, for comparing an English question word by word. */
  words: ReadonlyMap<string, Float32Array>;
}

type StoredVectors = Pick<DenseVectors, 'sentences' | 'words'>;

function denseVectors(index: DenseIndex, embedder: Embedder, chunks: readonly Chunk[], stored: StoredVectors): DenseVectors {
  const labels = chunks.map((c) => c.id);
  return { index, embedder, labels, labelOf: new Map(labels.map((id, label) => [id, label])), ...stored };
}

function readVectors(name: string, bytes: Buffer | undefined): Map<string, Float32Array> {
  if (!bytes) throw new IndexUnreadableError(`${name} is missing from the build`);
  try {
    return decodeVectors(bytes).vectors;
  } catch (error) {
    throw new IndexUnreadableError(`${name} cannot be read (${error instanceof Error ? error.message : String(error)})`);
  }
}

/** Every distinct sentence piece an answer by meaning may compare with a question. */
function sentencePieces(chunks: readonly Chunk[]): string[] {
  return [...new Set(chunks.flatMap((chunk) => quotableSentences(chunk.text).flatMap(piecesOf)))];
}

/** Every distinct Chinese word of the chunks. */
function corpusWords(chunks: readonly Chunk[]): string[] {
  return [...new Set(chunks.flatMap((chunk) => chineseWords(chunk.text)))];
}

export interface BuildStats {
  /** Distinct texts the model embedded in this build, and those taken from the cache. */
  embedded: number;
  reused: number;
}

export interface CorpusIndex {
  manifest: Manifest;
  /** What parsing left out of the corpus: repeated copies and segments with no usable report. */
  omitted: Pick<ParsedCorpus, 'duplicates' | 'skipped'>;
  reports: ReadonlyMap<string, IndexedReport>;
  chunks: ReadonlyMap<string, Chunk>;
  lexical: LexicalIndex;
  /** Every figure of a known indicator the reports state, read from the chunks' text: there with or without a model. */
  indicators: IndicatorRow[];
  /** Absent when no embedding model could be loaded. */
  dense?: DenseVectors;
  /** Set when this call built the index rather than loading it. */
  built?: BuildStats;
}

export type Log = (line: string) => void;

export interface OpenOptions {
  corpusDir: string;
  indexDir: string;
  log: Log;
  /** The embedding model; without one the index is lexical only. */
  embedder?: Embedder;
  dense?: DenseSettings;
  /** Rebuild even when the stored index is current. */
  rebuild?: boolean;
  onEmbedProgress?: EmbedProgress;
}

const BUILD_SETTINGS = { chunking: DEFAULT_CHUNKING, lexical: DEFAULT_LEXICAL };

function corpusHash(files: readonly CorpusFile[]): string {
  const hash = createHash('sha256');
  for (const file of files) hash.update(`${file.name}\u0000${file.text}\u0000`);
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

const storedReports = z.array(z.custom<IndexedReport>((v) => typeof v === 'object' && v !== null && 'id' in v));
const storedChunks = z.array(z.custom<Chunk>((v) => typeof v === 'object' && v !== null && 'id' in v));

/** The search-time `ef` is left out: changing it needs no rebuild. */
function denseManifest(identity: EmbedderIdentity, { hnsw, context }: DenseSettings): DenseManifest {
  return { identity, settings: { hnsw: { m: hnsw.m, efConstruction: hnsw.efConstruction }, context } };
}

interface Inputs {
  corpusDir: string;
  indexDir: string;
  files: CorpusFile[];
  parsed: ParsedCorpus;
  chunks: Chunk[];
}

/**
 * Embeds what the cache lacks, keeps the cache, then builds the vector index over the chunks and keeps the
 * vector of every sentence piece and every Chinese word.
 */
async function buildVectors(chunks: readonly Chunk[], titles: ReadonlyMap<string, string>, embedder: Embedder, settings: DenseSettings, indexDir: string, onProgress?: EmbedProgress): Promise<{ dense: DenseVectors; built: BuildStats }> {
  const cache = EmbeddingCache.open(join(indexDir, CACHE_DIR), embedder.identity);
  const texts = chunks.map((chunk) => passageText(chunk, titles.get(chunk.reportId) ?? '', settings.context));
  const pieces = sentencePieces(chunks);
  const words = corpusWords(chunks);
  const all = [...texts, ...pieces, ...words];
  const keys = all.map(textKey);
  // One pass over chunks, sentence pieces and words, so that progress and the cache cover them all.
  const counts = await embedMissing(all, keys, embedder, cache, onProgress);
  // The model is not needed while the build is indexed and written: freed, it does not add to the build's peak.
  await embedder.release();
  const vectors = cachedVectors(keys, cache);
  // Saved now, before the build's files are encoded, so that the two never take memory at once.
  cache.save(new Set(keys));
  const index = DenseIndex.build(vectors.slice(0, texts.length), embedder.identity.dimension, settings.hnsw);
  const vectorAt = (i: number): Float32Array => vectors[i] ?? new Float32Array();
  const stored = {
    sentences: new Map(pieces.map((_, i) => [keys[texts.length + i] ?? '', vectorAt(texts.length + i)])),
    words: new Map(words.map((word, i) => [word, vectorAt(texts.length + pieces.length + i)])),
  };
  return { dense: denseVectors(index, embedder, chunks, stored), built: counts };
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

function assemble(inputs: Inputs, manifest: Manifest, reports: readonly IndexedReport[], lexical: LexicalIndex, indicators: IndicatorRow[]): CorpusIndex {
  return {
    manifest,
    omitted: { duplicates: inputs.parsed.duplicates, skipped: inputs.parsed.skipped },
    reports: new Map(reports.map((r) => [r.id, r])),
    chunks: new Map(inputs.chunks.map((c) => [c.id, c])),
    lexical,
    indicators,
  };
}

function titlesOf(reports: readonly IndexedReport[]): Map<string, string> {
  return new Map(reports.map((r) => [r.id, r.title]));
}

async function build(inputs: Inputs, options: OpenOptions): Promise<CorpusIndex> {
  const { indexDir, parsed, chunks } = inputs;
  const reports = summarise(parsed.reports, chunks);
  const settings = options.dense ?? DEFAULT_DENSE;
  const vectors = options.embedder ? await buildVectors(chunks, titlesOf(reports), options.embedder, settings, indexDir, options.onEmbedProgress) : undefined;
  const manifest = manifestOf(inputs, reports, options.embedder ? denseManifest(options.embedder.identity, settings) : null);
  const indicators = extractIndicators(reports, chunks);
  // The encoded files are passed straight in, so nothing holds them once they are written.
  saveIndex(indexDir, manifest, {
    'reports.json': JSON.stringify(reports),
    'chunks.json': JSON.stringify(chunks),
    [INDICATORS_FILE]: JSON.stringify(indicators),
    ...(vectors ? {
      [DENSE_FILE]: vectors.dense.index.toBuffer(),
      [SENTENCES_FILE]: encodeVectors(vectors.dense.sentences, vectors.dense.embedder.identity.dimension),
      [WORDS_FILE]: encodeVectors(vectors.dense.words, vectors.dense.embedder.identity.dimension),
    } : {}),
  });
  // Built last, when the files written are free, and not stored: rebuilt from the chunks it loads 0.4 s slower,
  // but MiniSearch's JSON form took 520 MB to write (an object keyed by document number per term).
  const lexical = LexicalIndex.build(chunks, titlesOf(reports), DEFAULT_LEXICAL);
  return {
    ...assemble(inputs, { ...manifest, files: {} }, reports, lexical, indicators),
    ...(vectors ? { dense: vectors.dense } : {}),
    built: vectors?.built ?? { embedded: 0, reused: 0 },
  };
}

/** The corpus's reports and lexical index, held in memory alone: what answers while the vectors are built. */
function lexicalOnly(inputs: Inputs): CorpusIndex {
  const reports = summarise(inputs.parsed.reports, inputs.chunks);
  const lexical = LexicalIndex.build(inputs.chunks, titlesOf(reports), DEFAULT_LEXICAL);
  return assemble(inputs, { ...manifestOf(inputs, reports, null), files: {} }, reports, lexical, extractIndicators(reports, inputs.chunks));
}

/** Why the stored index cannot serve this corpus and model, or undefined when it can. */
function staleness(manifest: Manifest, inputs: Inputs, options: OpenOptions): string | undefined {
  if (manifest.formatVersion !== FORMAT_VERSION) return 'it was written in an older format';
  if (manifest.corpusHash !== corpusHash(inputs.files)) return 'the corpus changed since it was built';
  if (manifest.build.contentHash !== contentHash(inputs.chunks)) {
    return 'parsing, chunking or index settings changed since it was built';
  }
  if (options.embedder) {
    const stored = denseManifestSchema.nullable().optional().parse(manifest.dense);
    if (!stored) return 'it has no vectors yet';
    const wanted = denseManifest(options.embedder.identity, options.dense ?? DEFAULT_DENSE);
    if (JSON.stringify(stored) !== JSON.stringify(wanted)) return 'the embedding model or the vector settings changed since it was built';
  }
  return undefined;
}

function load(inputs: Inputs, options: OpenOptions): CorpusIndex | string {
  const stored = loadIndex(inputs.indexDir);
  const reason = staleness(stored.manifest, inputs, options);
  if (reason) return reason;
  const { payload, manifest } = stored;
  const reports = storedReports.parse(JSON.parse(payload['reports.json']?.toString('utf8') ?? ''));
  const chunks = storedChunks.parse(JSON.parse(payload['chunks.json']?.toString('utf8') ?? ''));
  const indicators = indicatorTableSchema.parse(JSON.parse(payload[INDICATORS_FILE]?.toString('utf8') ?? ''));
  const lexical = LexicalIndex.build(chunks, titlesOf(reports), DEFAULT_LEXICAL);
  let dense: DenseVectors | undefined;
  if (options.embedder) {
    if (!payload[DENSE_FILE]) throw new IndexUnreadableError(`${DENSE_FILE} is missing from the build`);
    const settings = options.dense ?? DEFAULT_DENSE;
    const index = DenseIndex.read(join(stored.dir, DENSE_FILE), options.embedder.identity.dimension, settings.hnsw);
    if (index.size !== chunks.length) throw new IndexUnreadableError(`${DENSE_FILE} holds ${index.size} vectors for ${chunks.length} chunks`);
    dense = denseVectors(index, options.embedder, chunks, {
      sentences: readVectors(SENTENCES_FILE, payload[SENTENCES_FILE]),
      words: readVectors(WORDS_FILE, payload[WORDS_FILE]),
    });
  }
  return { ...assemble(inputs, manifest, reports, lexical, indicators), ...(dense ? { dense } : {}) };
}

function readInputs({ corpusDir, indexDir, log }: Pick<OpenOptions, 'corpusDir' | 'indexDir' | 'log'>): Inputs {
  const leftovers = removeInterruptedBuilds(indexDir);
  if (leftovers.length > 0) log(`Removed what interrupted builds left in ${indexDir}: ${leftovers.join(', ')}.`);
  const files = readCorpusFiles(corpusDir);
  const parsed = parseCorpus(files);
  return { corpusDir, indexDir, files, parsed, chunks: chunkReports(parsed.reports) };
}

/** The stored index when it serves this corpus and model, or why it does not. */
function loadCurrent(inputs: Inputs, options: OpenOptions): CorpusIndex | string {
  if (options.rebuild) return 'a rebuild was asked for';
  try {
    return load(inputs, options);
  } catch (error) {
    if (!(error instanceof IndexUnreadableError) && !(error instanceof SyntaxError) && !(error instanceof z.ZodError)) {
      throw error;
    }
    return error.message;
  }
}

export async function openIndex(options: OpenOptions): Promise<CorpusIndex> {
  const inputs = readInputs(options);
  const loaded = loadCurrent(inputs, options);
  if (typeof loaded !== 'string') return loaded;
  options.log(`Building the index in ${options.indexDir}: ${loaded}.`);
  return build(inputs, options);
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
  const inputs = readInputs(options);
  const embedder = await loading;
  const opened: OpenOptions = { ...rest, ...(embedder ? { embedder } : {}) };
  const loaded = loadCurrent(inputs, opened);
  if (typeof loaded !== 'string') return { now: loaded };
  // Without a model there is nothing slow to wait for.
  if (!embedder) {
    options.log(`Building the index in ${options.indexDir}: ${loaded}.`);
    return { now: await build(inputs, opened) };
  }
  options.log(`Answering on words while the vectors are built in ${options.indexDir}: ${loaded}.`);
  return { now: lexicalOnly(inputs), vectors: () => build(inputs, opened) };
}
