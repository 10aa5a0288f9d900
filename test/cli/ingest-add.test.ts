/**
 * `npm run ingest -- --add` and `--remove` beside a running `npm start` on the same folders: the server moves to
 * each new build without a restart, while questions keep coming, and none of them fails.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS_DIR, tempDir, TEST_INDEX_DIR } from '../corpus.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const ZUNYI = '遵义2024年地区生产总值增长目标是多少？';
const LOAD = ['2024年上海GDP增长多少？', '贵阳2024年地区生产总值增长目标是多少？', '北京市2025年的主要目标有哪些？', '2026年贵阳市要推进哪些重点工作？'];

const corpusDir = tempDir('zbwd-add-corpus-');
const indexDir = tempDir('zbwd-add-index-');
const addDir = tempDir('zbwd-add-files-');
const env = { ...process.env, RAG_CORPUS_DIR: corpusDir, RAG_INDEX_DIR: indexDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '100000' };

let server: ChildProcess;
let url = '';
let output = '';

function run(args: string[]): Promise<{ code: number | null; stdout: string }> {
  return new Promise((done) => {
    const child = spawn('npm', ['run', '-s', 'ingest', '--', ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (piece: string) => (stdout += piece));
    child.stderr.resume();
    child.once('exit', (code) => done({ code, stdout }));
  });
}

async function ask(question: string): Promise<{ status: number; answer?: string; refused?: boolean; reports?: string[] }> {
  const response = await fetch(`${url}api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question }) });
  if (response.status !== 200) return { status: response.status };
  const body = (await response.json()) as { answer: string; refused: boolean; citations: { reportId: string }[] };
  return { status: 200, answer: body.answer, refused: body.refused, reports: body.citations.map((c) => c.reportId) };
}

/** Asks until `done` holds of the answer, for up to two minutes. */
async function until(done: (answer: Awaited<ReturnType<typeof ask>>) => boolean): Promise<Awaited<ReturnType<typeof ask>>> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const answer = await ask(ZUNYI);
    if (done(answer) || Date.now() > deadline) return answer;
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Four clients asking one question after another until stopped; the status of every answer. */
function load(): { stop: () => Promise<number[]> } {
  let running = true;
  const statuses: number[] = [];
  const clients = [0, 1, 2, 3].map(async (n) => {
    for (let i = n; running; i++) statuses.push((await ask(LOAD[i % LOAD.length] ?? '')).status);
  });
  return {
    stop: async () => {
      running = false;
      await Promise.all(clients);
      return statuses;
    },
  };
}

describe('adding and removing a report beside a running server', () => {
  beforeAll(async () => {
    cpSync(CORPUS_DIR, corpusDir, { recursive: true });
    // The test index, current for this corpus: the server loads it, and the add embeds only the new report's texts.
    cpSync(TEST_INDEX_DIR, indexDir, { recursive: true });
    const guiyang = readFileSync(join(CORPUS_DIR, '001_3f56b829cd352b44.txt'), 'utf8');
    writeFileSync(join(addDir, 'zunyi-2024.txt'), guiyang.replaceAll('贵阳', '遵义').replace('5.5%左右', '6.5%左右'));
    writeFileSync(join(addDir, 'copy.txt'), readFileSync(join(CORPUS_DIR, '002_c7cf16f2bd42e313.txt')));
    server = spawn('npm', ['start'], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    server.stdout?.setEncoding('utf8').on('data', (piece: string) => (output += piece));
    server.stderr?.setEncoding('utf8').on('data', (piece: string) => (output += piece));
    for (;;) {
      url = /is at (http:\/\/\S+\/)/.exec(output)?.[1] ?? '';
      const ready = url ? await fetch(`${url}readyz`).then((r) => r.json() as Promise<{ status?: string }>, () => undefined) : undefined;
      if (ready?.status === 'ready') break;
      if (server.exitCode !== null) throw new Error(`npm start ended:\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }, 180_000);

  afterAll(async () => {
    if (server.pid) process.kill(-server.pid, 'SIGTERM');
    await new Promise((done) => server.once('exit', done));
  }, 30_000);

  it('answers a question about 遵义 once its report is added, and refuses it again once removed, failing no question meanwhile', async () => {
    const before = await ask(ZUNYI);
    expect(before.answer).not.toContain('6.5%左右');

    const questions = load();
    const added = await run(['--add', join(addDir, 'zunyi-2024.txt'), join(addDir, 'copy.txt')]);
    // The copy of a report already indexed is refused, and the command says so by its exit code.
    expect(added.code).toBe(1);
    expect(added.stdout).toContain('Added zunyi-2024.txt as zunyi-2024.txt: 2024-zunyi 2024年遵义市政府工作报告');
    expect(added.stdout).toContain('Not added copy.txt (duplicate-report)');
    // Only the new report's texts are embedded; the rest come from the cache.
    const embedded = Number(/; (\d+) texts embedded/.exec(added.stdout)?.[1]);
    expect(embedded).toBeGreaterThan(0);
    expect(embedded).toBeLessThan(200);

    const after = await until((a) => a.answer?.includes('6.5%左右') === true);
    expect(after).toMatchObject({ status: 200, refused: false, reports: ['2024-zunyi'] });
    expect(output).toContain('A new build of the index is current');

    const removed = await run(['--remove', '2024-zunyi']);
    expect(removed.code).toBe(0);
    expect(removed.stdout).toContain('Removed 2024-zunyi (zunyi-2024.txt).');
    const gone = await until((a) => a.answer?.includes('6.5%左右') === false);
    expect(gone.answer).not.toContain('6.5%左右');
    expect(gone.reports).not.toContain('2024-zunyi');

    const statuses = await questions.stop();
    expect(statuses.length).toBeGreaterThan(8);
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
  }, 300_000);
});
