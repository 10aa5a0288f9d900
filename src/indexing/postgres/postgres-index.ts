/**
 * A build in PostgreSQL as the answering core reads it: the reports and the indicator table in memory, everything
 * that grows with the corpus (chunks, token postings, vectors) asked for question by question.
 */
import { LRUCache } from 'lru-cache';
import type { Chunk } from '../../domain.ts';
import type { Embedder } from '../../embedding/embedder.ts';
import type { IndicatorRow } from '../../indicators/row.ts';
import type { CorpusIndex, CorpusTerms, DenseHit, DenseSearch, IndexedReport } from '../corpus-index.ts';
import { EXACT_UP_TO } from '../dense.ts';
import type { Manifest } from '../store.ts';
import type { LexicalStats } from '../bm25.ts';
import { buildHeadings } from './headings.ts';
import { lexicalSearch } from './lexical-search.ts';
import { vectorOf, vectorSql, type Pool } from './pool.ts';
import { isOwnToken, phraseOf } from './tokens.ts';
import { partition } from './write-build.ts';

interface ChunkRow {
  id: string;
  report_id: string;
  section_path: string[];
  text: string;
  ordinal: number;
}

const CHUNK_COLUMNS = 'id, report_id, section_path, text, ordinal';

function chunkOf(row: ChunkRow): Chunk {
  return { id: row.id, reportId: row.report_id, sectionPath: row.section_path, text: row.text, ordinal: row.ordinal };
}

/** Cosine similarity of a stored vector to a unit query, summed as the file store sums it. */
function similarity(stored: Float32Array, vector: readonly number[]): number {
  let dot = 0;
  for (let i = 0; i < stored.length; i++) dot += (stored[i] ?? 0) * (vector[i] ?? 0);
  return dot;
}

/**
 * Chunks read past the k asked for in an exact search within reports: the database orders them in single precision,
 * and the k nearest are then taken as the file store takes them.
 */
const EXACT_MARGIN = 20;
/** Words whose frequency is remembered: a question's topic words recur from question to question. */
const REMEMBERED_WORDS = 50_000;
/** Bytes of stored vectors a server remembers of each kind (chunks, sentences, words): about 20,000 vectors. */
const REMEMBERED_VECTOR_BYTES = 32 * 1024 * 1024;
/** What remembering a key costs besides its text and vector, roughly. */
const ENTRY_BYTES = 64;

function terms(pool: Pool, build: number, reports: ReadonlyMap<string, IndexedReport>, wordsByTokens: boolean): CorpusTerms {
  // Counts, or counts under way: two parts of one question asking at once share one count.
  const remembered = new LRUCache<string, Promise<number>>({ max: REMEMBERED_WORDS });
  /** Counts the words not remembered, all in one statement. */
  function count(words: readonly string[]): Promise<number[]> {
    const unknown = [...new Set(words)].filter((word) => !remembered.has(word));
    if (unknown.length > 0) {
      const counted = pool.query<{ word: string; chunks: string }>('SELECT * FROM topic_word_counts($1, $2::text[], $3::text[], $4::boolean[])', [build, unknown, unknown.map(phraseOf), unknown.map((word) => wordsByTokens && isOwnToken(word))])
        .then(({ rows }) => new Map(rows.map((row) => [row.word, Number(row.chunks)])));
      // A count that failed is not remembered.
      counted.catch(() => unknown.forEach((word) => remembered.delete(word)));
      for (const word of unknown) remembered.set(word, counted.then((counts) => counts.get(word) ?? 0));
    }
    return Promise.all(words.map((word) => remembered.get(word) ?? Promise.resolve(0)));
  }
  return {
    async tokenFrequencies(tokens) {
      if (tokens.length === 0) return new Map();
      const { rows } = await pool.query<{ term: string; df: number }>(
        'SELECT term, frequencies[1] AS df FROM index_terms WHERE build_id = $1 AND term = ANY($2::text[]) AND frequencies[1] > 0',
        [build, [...tokens]],
      );
      return new Map(rows.map((r) => [r.term, r.df]));
    },
    async wordFrequencies(words) {
      const counts = await count(words);
      return new Map(words.flatMap((word, i) => {
        const n = counts[i] ?? 0;
        return n > 0 ? [[word, n] as const] : [];
      }));
    },
    async regionsWithAll(words) {
      if (words.length === 0) return [];
      const phrases = words.map(phraseOf).filter((p) => p.length > 0);
      const { rows } = await pool.query<{ report_id: string }>(
        `SELECT report_id, min(ord) AS first FROM index_chunks c
         WHERE build_id = $1 AND ($2 = '' OR text_tokens @@ $2::tsquery)
           AND NOT EXISTS (SELECT 1 FROM unnest($3::text[]) AS w WHERE strpos(c.text, w) = 0)
         GROUP BY report_id ORDER BY first`,
        [build, phrases.map((p) => `(${p})`).join(' & '), [...words]],
      );
      return [...new Set(rows.flatMap((r) => reports.get(r.report_id)?.region ?? []))];
    },
  };
}

/**
 * `graphInScope`: whether pgvector scans its graph on until a filtered search has its k (0.8 and newer); without, a
 * search within reports is exact however many chunks they hold.
 */
function dense(pool: Pool, build: number, embedder: Embedder, ef: number, reports: ReadonlyMap<string, IndexedReport>, graphInScope: boolean): DenseSearch {
  /**
   * Stored vectors by key, remembered, and so are the keys the build has no vector for: a build's vectors never
   * change, and the words and sentences an answer reads recur from question to question (the words are looked up as
   * every run of characters of the passages read, thousands of keys of which a few hundred are words).
   */
  function storedVectors(table: string, column: string, stored?: Promise<ReadonlySet<string> | undefined>): (keys: readonly string[]) => Promise<Map<string, Float32Array>> {
    const remembered = new LRUCache<string, Float32Array | false>({ maxSize: REMEMBERED_VECTOR_BYTES, sizeCalculation: (v, key) => (v ? v.byteLength : 0) + key.length * 2 + ENTRY_BYTES });
    return async (keys) => {
      const found = new Map<string, Float32Array>();
      const unknown: string[] = [];
      const has = await stored;
      for (const key of new Set(keys)) {
        if (has && !has.has(key)) continue;
        const vector = remembered.get(key);
        if (vector) found.set(key, vector);
        else if (vector === undefined) unknown.push(key);
      }
      if (unknown.length === 0) return found;
      const { rows } = await pool.query<{ key: string; embedding: string }>(
        `SELECT ${column} AS key, embedding::text AS embedding FROM ${table} WHERE build_id = $1 AND ${column} = ANY($2::text[])`,
        [build, unknown],
      );
      for (const row of rows) found.set(row.key, vectorOf(row.embedding));
      for (const key of unknown) remembered.set(key, found.get(key) ?? false);
      return found;
    };
  }
  const chunkVectors = storedVectors('index_chunks', 'id');
  // The build's words, read as it is opened: an answer looks its words up as every run of characters of the passages
  // it reads, thousands of keys of which a few hundred are words. They are bounded by the segmenter's dictionary.
  // Without them, every key is looked up.
  const vocabulary = pool.query<{ word: string }>('SELECT word FROM index_word_vectors WHERE build_id = $1', [build])
    .then(({ rows }) => new Set(rows.map((r) => r.word)), () => undefined);
  return {
    embedder,
    async search(vector, k, reportIds) {
      const inScope = reportIds ? [...reportIds].reduce((n, id) => n + (reports.get(id)?.chunkCount ?? 0), 0) : 0;
      if (!reportIds || (graphInScope && inScope > EXACT_UP_TO)) {
        // The HNSW graph, searched with as many candidates as the file store keeps; within many reports, scanned on
        // until k of theirs are found (pgvector's iterative scan).
        const { rows } = await pool.query<{ chunk_id: string; chunk_report: string; chunk_heading: string | null; similarity: number }>(
          'SELECT * FROM dense_nearest($1, $2::vector, $3, $4, $5::text[])',
          [build, vectorSql(vector), k, ef, reportIds ? [...reportIds] : null],
        );
        return rows.map((r) => ({ chunkId: r.chunk_id, reportId: r.chunk_report, topHeading: r.chunk_heading ?? undefined, similarity: r.similarity }));
      }
      if (reportIds.size === 0) return [];
      // Within reports the search is exact: `+ 0` keeps the planner from the graph, which would filter after the fact.
      // The build's partition is named, so that the vectors are read from the index of its reports' vectors alone.
      const chunks = partition('index_chunks', build);
      const { rows } = await pool.query<{ ord: number; id: string; report_id: string; top_heading: string | null; embedding: string }>(
        `SELECT c.ord, c.id, c.report_id, c.top_heading, c.embedding::text AS embedding
         FROM (SELECT ord FROM ${chunks} WHERE report_id = ANY($2::text[]) ORDER BY (embedding <=> $1::vector) + 0 LIMIT $3) AS nearest
         JOIN ${chunks} c ON c.ord = nearest.ord`,
        [vectorSql(vector), [...reportIds], k + EXACT_MARGIN],
      );
      const place = new Map([...reportIds].map((id, i) => [id, i]));
      return rows
        .map((r) => ({ row: r, hit: { chunkId: r.id, reportId: r.report_id, topHeading: r.top_heading ?? undefined, similarity: similarity(vectorOf(r.embedding), vector) } satisfies DenseHit }))
        // Ties in the order the file store compares them: report by report as the scope lists them, chunk by chunk.
        .sort((a, b) => b.hit.similarity - a.hit.similarity || (place.get(a.row.report_id) ?? 0) - (place.get(b.row.report_id) ?? 0) || a.row.ord - b.row.ord)
        .slice(0, k)
        .map(({ hit }) => hit);
    },
    async similarities(ids, vector) {
      const stored = await chunkVectors(ids);
      return new Map([...stored].map(([id, v]) => [id, similarity(v, vector)]));
    },
    sentenceVectors: storedVectors('index_sentence_vectors', 'key'),
    wordVectors: storedVectors('index_word_vectors', 'word', vocabulary),
  };
}

export interface PostgresContents {
  pool: Pool;
  build: number;
  manifest: Manifest;
  lexicalStats: LexicalStats;
  reports: readonly IndexedReport[];
  indicators: IndicatorRow[];
  embedder?: Embedder;
  /** Candidates the graph search keeps (`hnsw.ef_search`). */
  ef: number;
  /** Whether pgvector has iterative index scans (0.8 and newer). */
  iterativeScan: boolean;
  /** Whether the build knows which chunks' texts differ from their tokens, so that a word can be counted by its token. */
  wordsByTokens: boolean;
}

export function postgresIndex(contents: PostgresContents): CorpusIndex {
  const { pool, build } = contents;
  const reports = new Map(contents.reports.map((r) => [r.id, r]));
  const headingsOf = buildHeadings(pool, build);
  return {
    manifest: contents.manifest,
    source: { store: 'postgres', build: String(build) },
    omitted: { duplicates: [], skipped: [] },
    reports,
    chunkCount: contents.lexicalStats.documentCount,
    indicators: contents.indicators,
    async chunks(ids) {
      if (ids.length === 0) return new Map();
      const { rows } = await pool.query<ChunkRow>(`SELECT ${CHUNK_COLUMNS} FROM index_chunks WHERE build_id = $1 AND id = ANY($2::text[])`, [build, [...ids]]);
      return new Map(rows.map((r) => [r.id, chunkOf(r)]));
    },
    async chunksOf(reportId) {
      const { rows } = await pool.query<ChunkRow>(`SELECT ${CHUNK_COLUMNS} FROM index_chunks WHERE build_id = $1 AND report_id = $2 ORDER BY ordinal, ord`, [build, reportId]);
      return rows.map(chunkOf);
    },
    async chunksUnder(heading) {
      // Looked up report by report, from the headings known, instead of matching the heading of every chunk.
      const under = [...(await headingsOf())].flatMap(([reportId, headings]) => headings.flatMap((h) => (h !== undefined && heading.test(h) ? [[reportId, h] as const] : [])));
      if (under.length === 0) return [];
      const { rows } = await pool.query<ChunkRow>(
        `SELECT ${CHUNK_COLUMNS} FROM ${partition('index_chunks', build)}
         WHERE (report_id, top_heading) IN (SELECT * FROM unnest($1::text[], $2::text[])) ORDER BY ord`,
        [under.map(([reportId]) => reportId), under.map(([, h]) => h)],
      );
      return rows.map(chunkOf);
    },
    lexical: lexicalSearch(pool, build, contents.lexicalStats, new Map(contents.reports.map((r, i) => [r.id, i])), contents.reports.map((r) => r.chunkCount), headingsOf),
    terms: terms(pool, build, reports, contents.wordsByTokens),
    ...(contents.embedder ? { dense: dense(pool, build, contents.embedder, contents.ef, reports, contents.iterativeScan) } : {}),
  };
}
