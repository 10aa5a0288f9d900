/**
 * The index over a corpus: parsed reports, their chunks and the lexical index, built once and reused
 * while neither the corpus nor the way it is parsed, chunked or indexed has changed.
 */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { z } from 'zod';
import { chunkReports, DEFAULT_CHUNKING } from '../chunking/chunk.ts';
import type { Chunk, Report, ReportMeta } from '../domain.ts';
import { parseCorpus, readCorpusFiles, type CorpusFile, type ParsedCorpus } from '../parsing/corpus.ts';
import { DEFAULT_LEXICAL, LexicalIndex } from './lexical.ts';
import { IndexUnreadableError, loadIndex, saveIndex, type Manifest } from './store.ts';

const FORMAT_VERSION = 1;

export interface IndexedReport extends ReportMeta {
  chunkCount: number;
}

export interface CorpusIndex {
  manifest: Manifest;
  /** What parsing left out of the corpus: repeated copies and segments with no usable report. */
  omitted: Pick<ParsedCorpus, 'duplicates' | 'skipped'>;
  reports: ReadonlyMap<string, IndexedReport>;
  chunks: ReadonlyMap<string, Chunk>;
  lexical: LexicalIndex;
}

export type Log = (line: string) => void;

export interface OpenOptions {
  corpusDir: string;
  indexDir: string;
  log: Log;
  /** Rebuild even when the stored index is current. */
  rebuild?: boolean;
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

function assemble(
  manifest: Manifest,
  parsed: ParsedCorpus,
  reports: IndexedReport[],
  chunks: Chunk[],
  lexical: LexicalIndex,
): CorpusIndex {
  return {
    manifest,
    omitted: { duplicates: parsed.duplicates, skipped: parsed.skipped },
    reports: new Map(reports.map((r) => [r.id, r])),
    chunks: new Map(chunks.map((c) => [c.id, c])),
    lexical,
  };
}

const storedReports = z.array(z.custom<IndexedReport>((v) => typeof v === 'object' && v !== null && 'id' in v));
const storedChunks = z.array(z.custom<Chunk>((v) => typeof v === 'object' && v !== null && 'id' in v));

function build(
  corpusDir: string,
  indexDir: string,
  files: CorpusFile[],
  parsed: ParsedCorpus,
  chunks: Chunk[],
): CorpusIndex {
  const reports = summarise(parsed.reports, chunks);
  const titles = new Map(reports.map((r) => [r.id, r.title]));
  const lexical = LexicalIndex.build(chunks, titles, DEFAULT_LEXICAL);
  const manifest = {
    formatVersion: FORMAT_VERSION,
    corpusDir: resolve(corpusDir),
    corpusHash: corpusHash(files),
    reportCount: reports.length,
    chunkCount: chunks.length,
    build: { ...BUILD_SETTINGS, contentHash: contentHash(chunks) },
    builtAt: new Date().toISOString(),
  };
  const payload = {
    'reports.json': JSON.stringify(reports),
    'chunks.json': JSON.stringify(chunks),
    'lexical.json': lexical.toJSON(),
  };
  saveIndex(indexDir, manifest, payload);
  return assemble({ ...manifest, files: {} }, parsed, reports, chunks, lexical);
}

/** Why the stored index cannot serve this corpus, or undefined when it can. */
function staleness(manifest: Manifest, files: CorpusFile[], chunks: Chunk[]): string | undefined {
  if (manifest.formatVersion !== FORMAT_VERSION) return 'it was written in an older format';
  if (manifest.corpusHash !== corpusHash(files)) return 'the corpus changed since it was built';
  if (manifest.build.contentHash !== contentHash(chunks)) {
    return 'parsing, chunking or index settings changed since it was built';
  }
  return undefined;
}

export function openIndex({ corpusDir, indexDir, log, rebuild = false }: OpenOptions): CorpusIndex {
  const files = readCorpusFiles(corpusDir);
  const parsed = parseCorpus(files);
  const chunks = chunkReports(parsed.reports);
  let reason = rebuild ? 'a rebuild was asked for' : undefined;
  if (!reason) {
    try {
      const stored = loadIndex(indexDir);
      reason = staleness(stored.manifest, files, chunks);
      if (!reason) {
        const { payload, manifest } = stored;
        return assemble(
          manifest,
          parsed,
          storedReports.parse(JSON.parse(payload['reports.json'] ?? '')),
          storedChunks.parse(JSON.parse(payload['chunks.json'] ?? '')),
          LexicalIndex.fromJSON(payload['lexical.json'] ?? '', DEFAULT_LEXICAL),
        );
      }
    } catch (error) {
      if (!(error instanceof IndexUnreadableError) && !(error instanceof SyntaxError) && !(error instanceof z.ZodError)) {
        throw error;
      }
      reason = error.message;
    }
  }
  log(`Building the index in ${indexDir}: ${reason}.`);
  return build(corpusDir, indexDir, files, parsed, chunks);
}
