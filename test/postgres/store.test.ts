import { spawn } from 'node:child_process';
import { appendFileSync, copyFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openIndex } from '../../src/indexing/open.ts';
import { closeDatabases, databasePool, databaseStore } from '../../src/indexing/postgres/database.ts';
import { CORPUS_DIR, tempDir } from '../corpus.ts';
import { startTestDatabase, type TestDatabase } from './pglite.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const KILLER = pathToFileURL(resolve(import.meta.dirname, 'kill-mid-query.ts')).href;
const REPORTS = ['001_3f56b829cd352b44.txt', '002_c7cf16f2bd42e313.txt'];
const ADDED = '新增一段关于城市书房建设的文字。';

let database: TestDatabase;

beforeAll(async () => {
  database = await startTestDatabase();
});

afterAll(async () => {
  await closeDatabases();
  await database.stop();
});

function corpusCopy(): string {
  const dir = tempDir('zbwd-corpus-');
  for (const file of REPORTS) copyFileSync(join(CORPUS_DIR, file), join(dir, file));
  return dir;
}

async function open(corpusDir: string) {
  const lines: string[] = [];
  const index = await openIndex({ corpusDir, indexDir: tempDir('zbwd-index-'), log: (line) => lines.push(line), store: await databaseStore(database.url) });
  return { index, lines };
}

async function builds(): Promise<{ id: string; state: string }[]> {
  return (await databasePool(database.url).query<{ id: string; state: string }>('SELECT id, state FROM index_builds ORDER BY id')).rows;
}

async function partitions(): Promise<string[]> {
  const { rows } = await databasePool(database.url).query<{ relname: string }>("SELECT relname FROM pg_class WHERE relkind = 'r' AND relname ~ '^index_chunks_b' ORDER BY relname");
  return rows.map((r) => r.relname);
}

/** The real `ingest` command against the database, killed just before it sends a query matching `killAt`. */
function ingest(corpusDir: string, killAt?: string): Promise<{ signal: NodeJS.Signals | null; code: number | null; stderr: string }> {
  // A model folder without the model: ingest builds a lexical-only index, as it does with no model.
  const env = { ...process.env, DATABASE_URL: database.url, RAG_CORPUS_DIR: corpusDir, RAG_INDEX_DIR: tempDir('zbwd-index-'), RAG_MODEL_DIR: tempDir('zbwd-no-model-'), ...(killAt ? { ZBWD_KILL_QUERY: killAt } : {}) };
  // Not spawnSync: the test database answers from this process's event loop.
  const child = spawn(process.execPath, ['--import', 'tsx', '--import', KILLER, 'src/cli.ts', 'ingest'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((done) => child.on('exit', (code, signal) => done({ code, signal, stderr })));
}

describe('the Postgres store', () => {
  it('writes a build whole and makes it current; an ingest killed mid-write leaves the build before serving', { timeout: 120_000 }, async () => {
    const before = corpusCopy();
    const first = await open(before);
    expect(first.lines).toEqual([expect.stringContaining('no index in PostgreSQL')]);
    expect(first.index.source.store).toBe('postgres');
    const oldBuild = first.index.source.build;
    expect(await builds()).toEqual([{ id: oldBuild, state: 'current' }]);

    const after = corpusCopy();
    appendFileSync(join(after, REPORTS[1] ?? ''), `\n${ADDED}\n`);
    // Killed once every row of the new build is in, as its indexes are made.
    const killed = await ingest(after, '^CREATE INDEX');
    expect(killed.signal, killed.stderr).toBe('SIGKILL');
    expect(await builds()).toEqual([{ id: oldBuild, state: 'current' }, { id: expect.any(String), state: 'writing' }]);

    // The build before serves as it was, without a rebuild; what the killed writer left is dropped.
    const reopened = await open(before);
    expect(reopened.lines).toEqual([expect.stringMatching(/^Removed build \d+, which an interrupted ingest left/)]);
    expect(reopened.index.built).toBeUndefined();
    expect(reopened.index.source.build).toBe(oldBuild);
    expect(reopened.index.chunkCount).toBe(first.index.chunkCount);
    const oldHits = await reopened.index.chunks((await reopened.index.lexical.search('城市书房建设', 5)).map((h) => h.chunkId));
    expect([...oldHits.values()].some((c) => c.text.includes(ADDED))).toBe(false);
    expect(await builds()).toEqual([{ id: oldBuild, state: 'current' }]);
    expect(await partitions()).toEqual([`index_chunks_b${oldBuild}`]);

    // A whole ingest of the changed corpus becomes current; the build before is kept until the next one.
    const done = await ingest(after);
    expect(done.code, done.stderr).toBe(0);
    const rebuilt = await open(after);
    expect(rebuilt.lines).toEqual([]);
    expect(rebuilt.index.source.build).not.toBe(oldBuild);
    const [hit] = await rebuilt.index.lexical.search('城市书房建设', 1);
    const chunk = (await rebuilt.index.chunks([hit?.chunkId ?? ''])).get(hit?.chunkId ?? '');
    expect(chunk?.text).toContain(ADDED);
    expect(await builds()).toEqual([{ id: oldBuild, state: 'retired' }, { id: rebuilt.index.source.build, state: 'current' }]);
  });
});
