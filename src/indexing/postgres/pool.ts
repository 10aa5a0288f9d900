/** Connections to PostgreSQL, from `DATABASE_URL`: one pool per process, shared by the index and the servers' state. */
import pg from 'pg';
import pgvector from 'pgvector';

export type Pool = pg.Pool;

/** Connections per process: answers run a few queries each, and a few questions run at once. */
const MAX_CONNECTIONS = 8;

export function createPool(url: string): Pool {
  // Idle connections do not keep a command's process alive once its work is done.
  const pool = new pg.Pool({ connectionString: url, max: MAX_CONNECTIONS, allowExitOnIdle: true });
  return pool;
}

/** A vector as PostgreSQL reads it. */
export function vectorSql(vector: ArrayLike<number>): string {
  return pgvector.toSql(Array.from(vector)) as string;
}

/**
 * A vector as stored: pgvector prints the shortest decimal that reads back as the same float32, so the values are
 * exactly those written.
 */
export function vectorOf(text: string): Float32Array {
  return Float32Array.from(pgvector.fromSql(text) as number[]);
}
