import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.ts';
import type { ChildEntry } from '../../src/embedding/child-entry.ts';
import { TEST_INDEX_DIR } from '../corpus.ts';
import { gone, groupMembers } from './processes.ts';

/** Inside the project, where the build's imports of packages find its node_modules and its folders; ignored by git. */
const CACHE_DIR = resolve(PROJECT_ROOT, 'node_modules/.cache');
mkdirSync(CACHE_DIR, { recursive: true });
const outDir = mkdtempSync(join(CACHE_DIR, 'zbwd-dist-'));

/** The build run as `node`, with no loader inherited from the test runner: production has none. */
function built(args: string[], env: NodeJS.ProcessEnv = {}) {
  const { NODE_OPTIONS: _loaders, ...plain } = process.env;
  return spawnSync(process.execPath, [join(outDir, 'cli.js'), ...args], { cwd: PROJECT_ROOT, env: { ...plain, ...env }, encoding: 'utf8' });
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
    const entry = childEntry();
    expect(entry.modulePath).toBe(join(outDir, 'embedding/embed-child.js'));
    expect(entry.execArgv.join(' ')).not.toMatch(/tsx|--import|--loader/);
  });

  it('answers with citations, the model running in its compiled process', () => {
    const { status, stdout, stderr } = built(['ask', '--json', '2024年北京市地区生产总值增长多少？'], { RAG_INDEX_DIR: TEST_INDEX_DIR });
    expect(stderr).not.toContain('No embedding model');
    expect(status, stderr).toBe(0);
    const answer = JSON.parse(stdout);
    // Dense retrieval answers only through the model's process.
    expect(answer.retrievers).toContain('dense');
    expect(answer.citations[0]).toMatchObject({ n: 1, reportId: '2025-beijing' });
  });

  it('serves, and on SIGTERM to its control group (what systemd sends) drains and leaves nothing running', async () => {
    const { NODE_OPTIONS: _loaders, ...plain } = process.env;
    const server = spawn(process.execPath, [join(outDir, 'cli.js'), 'start'], {
      cwd: PROJECT_ROOT,
      env: { ...plain, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', RAG_INDEX_DIR: TEST_INDEX_DIR },
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const group = server.pid ?? 0;
    let output = '';
    server.stderr?.setEncoding('utf8').on('data', (piece: string) => (output += piece));
    const exited = new Promise<number | null>((done) => server.once('exit', (code) => done(code)));
    try {
      let url: string | undefined;
      for (let status: string | undefined; status !== 'ready'; await new Promise((r) => setTimeout(r, 100))) {
        if (server.exitCode !== null) throw new Error(`the built server ended before it was ready:\n${output}`);
        url = /is at (http:\/\/\S+\/)/.exec(output)?.[1];
        status = url ? await fetch(`${url}readyz`).then((r) => r.json() as Promise<{ status?: string }>, () => undefined).then((body) => body?.status) : undefined;
      }
      const answered = await fetch(`${url}api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: '2024年北京市地区生产总值增长多少？' }) });
      expect(((await answered.json()) as { retrievers: string[] }).retrievers).toContain('dense');
      process.kill(-group, 'SIGTERM');
      expect(await exited).toBe(0);
      expect(await gone(group)).toEqual([]);
    } finally {
      for (const pid of groupMembers(group)) process.kill(pid, 'SIGKILL');
    }
  }, 120_000);
});
