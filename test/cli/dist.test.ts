import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.ts';
import type { ChildEntry } from '../../src/embedding/child-entry.ts';
import { locateModel } from '../../src/embedding/locate.ts';
import { DEFAULT_EMBEDDING_MODEL } from '../../src/embedding/models.ts';
import { CORPUS_DIR, TEST_INDEX_DIR } from '../corpus.ts';

/** Inside the project, where the build's imports of packages find its node_modules; ignored by git there. */
const CACHE_DIR = resolve(PROJECT_ROOT, 'node_modules/.cache');
mkdirSync(CACHE_DIR, { recursive: true });
const outDir = mkdtempSync(join(CACHE_DIR, 'zbwd-dist-'));

/** The build run as `node`, with no loader inherited from the test runner: production has none. */
function built(args: string[], env: NodeJS.ProcessEnv = {}) {
  const { NODE_OPTIONS: _loaders, ...plain } = process.env;
  return spawnSync(process.execPath, [join(outDir, 'cli.js'), ...args], { cwd: PROJECT_ROOT, env: { ...plain, ...env }, encoding: 'utf8' });
}

/** The build lies deeper than `dist/`, so the folders it would find from the project's root are named. */
function modelDir(): string {
  const source = locateModel(DEFAULT_EMBEDDING_MODEL, PROJECT_ROOT, process.env.RAG_MODEL_DIR);
  if (source.kind !== 'local') throw new Error('the tests need the embedding model in ../shared/models or RAG_MODEL_DIR');
  return source.dir;
}

describe('the production build', () => {
  beforeAll(() => {
    const build = spawnSync(process.execPath, ['--import', 'tsx', resolve(PROJECT_ROOT, 'scripts/build.ts'), outDir], { encoding: 'utf8' });
    expect(build.stderr + build.stdout).toBe('');
    expect(build.status).toBe(0);
  });

  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('runs its command line on plain Node', () => {
    const { status, stdout, stderr } = built([]);
    expect(status, stderr).toBe(0);
    expect(stdout).toContain('Usage:');
  });

  it('forks the compiled model process, with no TypeScript loader', async () => {
    const { childEntry } = (await import(pathToFileURL(join(outDir, 'embedding/child-entry.js')).href)) as { childEntry: () => ChildEntry };
    expect(childEntry()).toEqual({ modulePath: join(outDir, 'embedding/embed-child.js'), execArgv: [] });
  });

  it('answers with citations, the model running in its compiled process', () => {
    const { status, stdout, stderr } = built(['ask', '--json', '2024年北京市地区生产总值增长多少？'], {
      RAG_INDEX_DIR: TEST_INDEX_DIR,
      RAG_CORPUS_DIR: CORPUS_DIR,
      RAG_MODEL_DIR: modelDir(),
    });
    expect(stderr).not.toContain('No embedding model');
    expect(status, stderr).toBe(0);
    const answer = JSON.parse(stdout);
    // Dense retrieval answers only through the model's process.
    expect(answer.retrievers).toContain('dense');
    expect(answer.citations[0]).toMatchObject({ n: 1, reportId: '2025-beijing' });
  });
});
