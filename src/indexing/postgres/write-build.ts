/**
 * Writing a build into PostgreSQL: a row in `index_builds` marked `writing`, partitions of its own for its rows, the
 * HNSW and text search indexes once the rows are in, and then, in one transaction, the switch that makes it current.
 * The writer holds an advisory lock on its build while it writes: a build left `writing` by a writer that is gone
 * (killed, crashed) is dropped by the next store that opens, and the build before it serves meanwhile.
 */
import type pg from 'pg';
import type { BuiltIndex } from '../build.ts';
import { titlesOf } from '../build.ts';
import type { HnswSettings } from '../dense.ts';
import { averageLengths, TermCounter } from '../bm25.ts';
import { fieldTexts } from '../lexical-settings.ts';
import type { Pool } from './pool.ts';
import { vectorSql } from './pool.ts';
import { textDiffersFromTokens, tokenize, tsvectorOf } from './tokens.ts';

/** The namespace of the advisory locks writers hold on their builds. */
export const BUILD_LOCK = 7_100_002;
/** The advisory lock a process building into the store holds, so that servers starting together build once. */
export const BUILDER_LOCK = 7_100_003;
/** The dimension of the `vector(384)` columns. */
export const DIMENSION = 384;
/** Rows sent in one statement. */
const BATCH = 1000;

export const PARTITIONED = ['index_reports', 'index_chunks', 'index_terms', 'index_postings', 'index_sentence_vectors', 'index_word_vectors', 'index_indicators'] as const;

export function partition(table: string, build: number): string {
  return `${table}_b${build}`;
}

async function insertBatches<T>(rows: readonly T[], insert: (batch: readonly T[]) => Promise<unknown>, size = BATCH): Promise<void> {
  for (let start = 0; start < rows.length; start += size) await insert(rows.slice(start, start + size));
}

/** Postings sent in one statement: small rows, many of them. */
const POSTINGS_BATCH = 20_000;

/**
 * A chunk's vector scaled to unit length as hnswlib scales it in the file store (in single precision, summed in
 * order), so that both stores compare a question with the very same numbers.
 */
export function unitVector(vector: Float32Array): Float32Array {
  let sum = 0;
  for (const v of vector) sum = Math.fround(sum + Math.fround(v * v));
  const norm = Math.fround(Math.sqrt(Math.abs(sum)));
  return norm > 0 ? vector.map((v) => Math.fround(v / norm)) : vector;
}

/** One row of `index_postings`. */
interface PostingRow {
  term: string;
  report: number;
  ord: number;
  field: number;
  frequency: number;
  length: number;
}

async function writePostings(client: pg.PoolClient, build: number, postings: readonly PostingRow[]): Promise<void> {
  await insertBatches(postings, (batch) =>
    client.query(
      'INSERT INTO index_postings (build_id, term, report, ord, field, frequency, length) SELECT $1, * FROM unnest($2::text[], $3::int[], $4::int[], $5::smallint[], $6::int[], $7::int[])',
      [build, batch.map((p) => p.term), batch.map((p) => p.report), batch.map((p) => p.ord), batch.map((p) => p.field), batch.map((p) => p.frequency), batch.map((p) => p.length)],
    ),
    POSTINGS_BATCH,
  );
}

/** Chunks written at once, with their postings. */
const CHUNK_BLOCK = 500;

async function writeChunks(client: pg.PoolClient, build: number, built: BuiltIndex): Promise<{ lengths: number[][]; counter: TermCounter }> {
  const titles = titlesOf(built.reports);
  const places = new Map(built.reports.map((report, i) => [report.id, i]));
  const lengths: number[][] = [];
  const counter = new TermCounter();
  for (let start = 0; start < built.chunks.length; start += CHUNK_BLOCK) {
    const postings: PostingRow[] = [];
    const rows = built.chunks.slice(start, start + CHUNK_BLOCK).map((chunk, i) => {
      const ord = start + i;
      const fields = fieldTexts(chunk, titles.get(chunk.reportId) ?? '').map(tokenize);
      const ofChunk = fields.map((tokens) => new Set(tokens).size);
      lengths.push(ofChunk);
      fields.forEach((tokens, field) => {
        const counts = new Map<string, number>();
        for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
        for (const [term, frequency] of counts) {
          counter.add(term, field, frequency, ofChunk[field] ?? 0);
          postings.push({ term, report: places.get(chunk.reportId) ?? -1, ord, field, frequency, length: ofChunk[field] ?? 0 });
        }
      });
      const vector = built.vectors?.chunks[ord];
      return { ord, chunk, tokens: fields.map(tsvectorOf), lengths: ofChunk, vector: vector ? vectorSql(unitVector(vector)) : null };
    });
    await insertBatches(rows, (batch) =>
      client.query(
        `INSERT INTO index_chunks (build_id, ord, id, report_id, ordinal, section_path, top_heading, text, text_differs, text_tokens, section_tokens, title_tokens, lengths, embedding)
         SELECT $1, r.ord, r.id, r.report_id, r.ordinal, ARRAY(SELECT jsonb_array_elements_text(r.section_path)), r.section_path->>0, r.text, r.text_differs,
                r.text_tokens::tsvector, r.section_tokens::tsvector, r.title_tokens::tsvector,
                ARRAY(SELECT jsonb_array_elements_text(r.lengths)::integer), r.embedding::vector
         FROM jsonb_to_recordset($2::jsonb) AS r(ord integer, id text, report_id text, ordinal integer, section_path jsonb, text text, text_differs boolean,
              text_tokens text, section_tokens text, title_tokens text, lengths jsonb, embedding text)`,
        [build, JSON.stringify(batch.map((r) => ({
          ord: r.ord, id: r.chunk.id, report_id: r.chunk.reportId, ordinal: r.chunk.ordinal, section_path: r.chunk.sectionPath, text: r.chunk.text,
          text_differs: textDiffersFromTokens(r.chunk.text), text_tokens: r.tokens[0], section_tokens: r.tokens[1], title_tokens: r.tokens[2], lengths: r.lengths, embedding: r.vector,
        })))],
      ),
    );
    await writePostings(client, build, postings);
  }
  return { lengths, counter };
}

async function writeVectors(client: pg.PoolClient, table: 'index_sentence_vectors' | 'index_word_vectors', column: 'key' | 'word', build: number, vectors: ReadonlyMap<string, Float32Array>): Promise<void> {
  await insertBatches([...vectors], (batch) =>
    client.query(`INSERT INTO ${table} (build_id, ${column}, embedding) SELECT $1, k, v::vector FROM unnest($2::text[], $3::text[]) AS t(k, v)`, [
      build,
      batch.map(([key]) => key),
      batch.map(([, vector]) => vectorSql(vector)),
    ]),
  );
}

/** Creates the build's row and partitions (committed, so that a reader sees it is under way); returns its id. */
async function begin(client: pg.PoolClient, built: BuiltIndex): Promise<number> {
  const { rows } = await client.query<{ id: string }>('SELECT nextval(\'index_build_ids\') AS id');
  const build = Number(rows[0]?.id);
  // Held until this session ends: while it is, the build is under way.
  await client.query('SELECT pg_advisory_lock($1, $2)', [BUILD_LOCK, build]);
  await client.query('BEGIN');
  await client.query('INSERT INTO index_builds (id, state, manifest, lexical) VALUES ($1, \'writing\', $2, \'{}\')', [build, JSON.stringify({ ...built.manifest, files: {} })]);
  for (const table of PARTITIONED) await client.query(`CREATE TABLE ${partition(table, build)} PARTITION OF ${table} FOR VALUES IN (${build})`);
  await client.query('COMMIT');
  return build;
}

/** The indexes of a build's partitions, made once their rows are in (faster than keeping them up row by row). */
async function indexPartitions(client: pg.PoolClient, build: number, hnsw: HnswSettings, withVectors: boolean): Promise<void> {
  const chunks = partition('index_chunks', build);
  const statements = [
    `ALTER TABLE ${chunks} ADD PRIMARY KEY (id)`,
    `CREATE INDEX ON ${chunks} (report_id, ordinal)`,
    `CREATE INDEX ON ${chunks} USING gin (text_tokens)`,
    // The few chunks whose text differs from its tokens, where a word counted by its token is looked for in the text.
    `CREATE INDEX ON ${chunks} USING gin (text_tokens) WHERE text_differs`,
    `CREATE INDEX ON ${chunks} (ord)`,
    // Index-only reads of a question's tokens, those of the reports in scope alone, and of one chunk's posting of a
    // token straight from its key.
    `CREATE INDEX ON ${partition('index_postings', build)} (term, field, report, ord) INCLUDE (frequency, length)`,
    `ALTER TABLE ${partition('index_terms', build)} ADD PRIMARY KEY (term)`,
    `ALTER TABLE ${partition('index_sentence_vectors', build)} ADD PRIMARY KEY (key)`,
    `ALTER TABLE ${partition('index_word_vectors', build)} ADD PRIMARY KEY (word)`,
    ...(withVectors ? [
      `CREATE INDEX ON ${chunks} USING hnsw (embedding vector_cosine_ops) WITH (m = ${hnsw.m}, ef_construction = ${hnsw.efConstruction})`,
      // An exact search within reports reads their chunks' vectors from this index alone, packed five to a page,
      // instead of a page of the table for each chunk.
      `CREATE INDEX ON ${chunks} (report_id) INCLUDE (ord, embedding)`,
    ] : []),
  ];
  for (const statement of statements) await client.query(statement);
  // VACUUM sets the visibility map, without which the postings would be read from the table and not the index alone.
  for (const table of PARTITIONED) await client.query(`VACUUM (ANALYZE) ${partition(table, build)}`);
}

/** Makes the build current and retires the one before, in one transaction. */
async function switchTo(client: pg.PoolClient, build: number): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query('UPDATE index_builds SET state = \'retired\' WHERE state = \'current\'');
    await client.query('UPDATE index_builds SET state = \'current\' WHERE id = $1', [build]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

/** Drops a build's partitions and its row. */
export async function dropBuild(client: pg.PoolClient | Pool, build: number): Promise<void> {
  for (const table of PARTITIONED) await client.query(`DROP TABLE IF EXISTS ${partition(table, build)}`);
  await client.query('DELETE FROM index_builds WHERE id = $1', [build]);
}

export interface Written {
  build: number;
}

/**
 * Writes a build and makes it current. The builds retired before the one it replaces are dropped; the one it
 * replaces is kept until the next build, so that a server still answering from it finishes its questions.
 */
export async function writeBuild(pool: Pool, built: BuiltIndex, hnsw: HnswSettings): Promise<Written> {
  if (built.vectors && built.vectors.embedder.identity.dimension !== DIMENSION) {
    throw new Error(`the Postgres store keeps ${DIMENSION}-dimensional vectors; ${built.vectors.embedder.identity.model} makes ${built.vectors.embedder.identity.dimension}`);
  }
  const client = await pool.connect();
  let build: number | undefined;
  let switched = false;
  try {
    build = await begin(client, built);
    await client.query(`INSERT INTO index_reports (build_id, position, report) SELECT $1, ordinality - 1, value FROM json_array_elements($2::json) WITH ORDINALITY`, [build, JSON.stringify(built.reports)]);
    await client.query(`INSERT INTO index_indicators (build_id, position, row) SELECT $1, ordinality - 1, value FROM json_array_elements($2::json) WITH ORDINALITY`, [build, JSON.stringify(built.indicators)]);
    const { lengths, counter } = await writeChunks(client, build, built);
    const lexical = { documentCount: built.chunks.length, averageLengths: averageLengths(lengths) };
    const bounds = counter.bounds(lexical);
    const terms = [...counter.frequencies];
    const id = build;
    await insertBatches(terms, (batch) =>
      client.query('INSERT INTO index_terms (build_id, term, frequencies, bounds) SELECT $1, t, ARRAY[a, b, c], ARRAY[d, e, f] FROM unnest($2::text[], $3::int[], $4::int[], $5::int[], $6::float8[], $7::float8[], $8::float8[]) AS u(t, a, b, c, d, e, f)', [
        id,
        batch.map(([term]) => term),
        ...[0, 1, 2].map((field) => batch.map(([, counts]) => counts[field] ?? 0)),
        ...[0, 1, 2].map((field) => batch.map(([term]) => bounds.get(term)?.[field] ?? 0)),
      ]),
    );
    if (built.vectors) {
      await writeVectors(client, 'index_sentence_vectors', 'key', build, built.vectors.sentences);
      await writeVectors(client, 'index_word_vectors', 'word', build, built.vectors.words);
    }
    await indexPartitions(client, build, hnsw, built.vectors !== undefined);
    await client.query('UPDATE index_builds SET lexical = $2, words_by_tokens = true WHERE id = $1', [build, JSON.stringify(lexical)]);
    await switchTo(client, build);
    switched = true;
    const stale = await client.query<{ id: string }>('SELECT id FROM index_builds WHERE state = \'retired\' AND id < (SELECT max(id) FROM index_builds WHERE state = \'retired\')');
    for (const row of stale.rows) await dropBuild(client, Number(row.id));
    return { build };
  } catch (error) {
    // A build that failed is dropped at once; the one before still answers.
    if (build !== undefined && !switched) await dropBuild(client, build).catch(() => undefined);
    throw error;
  } finally {
    if (build !== undefined) await client.query('SELECT pg_advisory_unlock($1, $2)', [BUILD_LOCK, build]).catch(() => undefined);
    client.release();
  }
}
