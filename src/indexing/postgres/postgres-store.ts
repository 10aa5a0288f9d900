/**
 * The Postgres store: builds kept in PostgreSQL with pgvector (see `write-build.ts`), the current one opened by every
 * server that shares the database. Selected by `DATABASE_URL`.
 */
import { z } from 'zod';
import { indicatorTableSchema } from '../../indicators/row.ts';
import type { IndexedReport } from '../corpus-index.ts';
import type { Store } from '../store-port.ts';
import { IndexUnreadableError, manifestSchema } from '../store.ts';
import { migrate } from './migrate.ts';
import { postgresIndex } from './postgres-index.ts';
import type { Pool } from './pool.ts';
import { BUILD_LOCK, BUILDER_LOCK, dropBuild, writeBuild } from './write-build.ts';

const lexicalStatsSchema = z.object({ documentCount: z.number().int(), averageLengths: z.array(z.number()) });
const storedReports = z.array(z.custom<IndexedReport>((v) => typeof v === 'object' && v !== null && 'id' in v));

async function currentBuild(pool: Pool): Promise<{ id: number; manifest: unknown; lexical: unknown; wordsByTokens: boolean } | undefined> {
  const { rows } = await pool.query<{ id: string; manifest: unknown; lexical: unknown; words_by_tokens: boolean }>('SELECT id, manifest, lexical, words_by_tokens FROM index_builds WHERE state = \'current\'');
  const row = rows[0];
  return row ? { id: Number(row.id), manifest: row.manifest, lexical: row.lexical, wordsByTokens: row.words_by_tokens } : undefined;
}

/** A store over a pool whose schema is migrated; closing the store leaves the pool to its owner. */
export async function postgresStore(pool: Pool): Promise<Store> {
  await migrate(pool);
  const store: Store = {
    kind: 'postgres',
    async removeInterrupted(log) {
      const { rows } = await pool.query<{ id: string }>('SELECT id FROM index_builds WHERE state = \'writing\'');
      for (const row of rows) {
        const id = Number(row.id);
        const client = await pool.connect();
        try {
          // A writer that is gone no longer holds its build's lock.
          const { rows: locked } = await client.query<{ free: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS free', [BUILD_LOCK, id]);
          if (!locked[0]?.free) continue;
          try {
            await dropBuild(client, id);
            log(`Removed build ${id}, which an interrupted ingest left in PostgreSQL.`);
          } finally {
            await client.query('SELECT pg_advisory_unlock($1, $2)', [BUILD_LOCK, id]);
          }
        } finally {
          client.release();
        }
      }
    },
    async current() {
      const build = await currentBuild(pool);
      if (!build) return 'no index in PostgreSQL';
      const parsed = manifestSchema.safeParse(build.manifest);
      return parsed.success ? parsed.data : `build ${build.id} in PostgreSQL has an unreadable manifest`;
    },
    async currentBuild() {
      const { rows } = await pool.query<{ id: string }>('SELECT id FROM index_builds WHERE state = \'current\'');
      return rows[0]?.id;
    },
    async open({ embedder: loading, dense }) {
      const build = await currentBuild(pool);
      if (!build) throw new IndexUnreadableError('no index in PostgreSQL');
      const [reports, indicators, vector] = await Promise.all([
        pool.query<{ report: unknown }>('SELECT report FROM index_reports WHERE build_id = $1 ORDER BY position', [build.id]),
        pool.query<{ row: unknown }>('SELECT row FROM index_indicators WHERE build_id = $1 ORDER BY position', [build.id]),
        pool.query<{ version: string }>(`SELECT extversion AS version FROM pg_extension WHERE extname = 'vector'`),
      ]);
      const embedder = await loading;
      const [major = 0, minor = 0] = (vector.rows[0]?.version ?? '0.0').split('.').map(Number);
      return postgresIndex({
        pool,
        build: build.id,
        manifest: manifestSchema.parse(build.manifest),
        lexicalStats: lexicalStatsSchema.parse(build.lexical),
        reports: storedReports.parse(reports.rows.map((r) => r.report)),
        indicators: indicatorTableSchema.parse(indicators.rows.map((r) => r.row)),
        ...(embedder ? { embedder } : {}),
        ef: dense.hnsw.ef,
        iterativeScan: major > 0 || minor >= 8,
        wordsByTokens: build.wordsByTokens,
      });
    },
    async exclusive(work) {
      const client = await pool.connect();
      try {
        await client.query('SELECT pg_advisory_lock($1)', [BUILDER_LOCK]);
        try {
          return await work();
        } finally {
          await client.query('SELECT pg_advisory_unlock($1)', [BUILDER_LOCK]);
        }
      } finally {
        client.release();
      }
    },
    async write(built, options) {
      await writeBuild(pool, built, options.dense.hnsw);
      const index = await store.open({ ...options, embedder: Promise.resolve(options.embedder) });
      return { ...index, omitted: built.omitted };
    },
    close: async () => undefined,
  };
  return store;
}
