/**
 * The schema, made and moved on by the numbered SQL files of `migrations/postgres/`, each applied once in a
 * transaction of its own and recorded in `schema_migrations`. Servers starting together take turns (an advisory
 * lock), so a migration never runs twice.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../config.ts';
import type { Pool } from './pool.ts';

export const MIGRATIONS_DIR = join(PROJECT_ROOT, 'migrations', 'postgres');

/** The advisory lock migrations are applied under. */
const MIGRATION_LOCK = 7_100_001;
const FILE = /^(\d+)_[\w-]+\.sql$/;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function migrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const version = FILE.exec(name)?.[1];
      return version ? [{ version: Number(version), name, sql: readFileSync(join(dir, name), 'utf8') }] : [];
    })
    .sort((a, b) => a.version - b.version);
}

/** Applies the migrations the database lacks; returns the names of those applied (none when it is up to date). */
export async function migrate(pool: Pool, dir = MIGRATIONS_DIR): Promise<string[]> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
    const applied: string[] = [];
    for (const migration of migrations(dir)) {
      await client.query('BEGIN');
      try {
        const done = await client.query('SELECT 1 FROM schema_migrations WHERE version = $1', [migration.version]);
        if (done.rowCount === 0) {
          await client.query(migration.sql);
          await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
          applied.push(migration.name);
        }
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    }
    return applied;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
}
