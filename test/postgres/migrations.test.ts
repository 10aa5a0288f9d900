import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, migrations } from '../../src/indexing/postgres/migrate.ts';
import { createPool, type Pool } from '../../src/indexing/postgres/pool.ts';
import { startTestDatabase, type TestDatabase } from './pglite.ts';

let database: TestDatabase;
let pool: Pool;

beforeAll(async () => {
  database = await startTestDatabase();
  pool = createPool(database.url);
});

afterAll(async () => {
  await pool.end();
  await database.stop();
});

/** Every table and index of the public schema, and the migrations recorded. */
async function schema(): Promise<unknown> {
  const objects = await pool.query("SELECT relname, relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE nspname = 'public' ORDER BY relname");
  const recorded = await pool.query('SELECT version, name FROM schema_migrations ORDER BY version');
  return { objects: objects.rows, recorded: recorded.rows };
}

describe('the PostgreSQL schema', () => {
  it('is made from an empty database by the numbered migrations, and a second run applies nothing and changes nothing', async () => {
    const files = migrations().map((m) => m.name);
    expect(files).toEqual(['001_index.sql', '002_shared_state.sql', '003_slack_threads.sql', '004_postings.sql', '005_kept.sql', '006_term_bounds.sql', '007_vectors_in_rows.sql', '008_search_in_database.sql']);
    expect(await migrate(pool)).toEqual(files);
    const after = await schema();
    expect(after).toMatchObject({ recorded: files.map((name, i) => ({ version: i + 1, name })) });
    const tables = (after as { objects: { relname: string }[] }).objects.map((o) => o.relname);
    expect(tables).toEqual(expect.arrayContaining(['index_builds', 'index_chunks', 'index_terms', 'rate_limits', 'slack_events', 'slack_thread_turns', 'shared_conversations', 'feedback']));
    expect(await migrate(pool)).toEqual([]);
    expect(await schema()).toEqual(after);
  });

  it('keeps vectors in pgvector\'s vector(384) columns, in their rows', async () => {
    const { rows } = await pool.query("SELECT attrelid::regclass::text AS table, format_type(atttypid, atttypmod) AS type, attstorage AS storage FROM pg_attribute WHERE attrelid = ANY('{index_chunks,index_sentence_vectors,index_word_vectors}'::regclass[]) AND attname = 'embedding' ORDER BY 1");
    expect(rows).toEqual(['index_chunks', 'index_sentence_vectors', 'index_word_vectors'].map((table) => ({ table, type: 'vector(384)', storage: 'm' })));
  });
});
