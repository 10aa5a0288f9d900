/**
 * `POST /api/reports` and `DELETE /api/reports/:id` on `npm start` over a copy of the corpus and of the test index:
 * only with the admin token, refusing what the reader refuses without touching the folder or the index, and serving
 * an added report once its build is loaded, while questions keep being answered. The server runs in a process of its
 * own, as it does for its clients: a build there blocks no client's timers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultAnswerMode } from '../../src/answering/modes.ts';
import { serving, type Serving } from '../../src/cli/serve.ts';
import { loadConfig, PROJECT_ROOT } from '../../src/config.ts';
import { startServer, type RunningServer } from '../../src/serving/server.ts';
import { CORPUS_DIR, tempDir, TEST_INDEX_DIR } from '../corpus.ts';

const TOKEN = 'a-test-admin-token-of-some-length';
const ZUNYI = '遵义2024年地区生产总值增长目标是多少？';
const LOAD = ['2024年上海GDP增长多少？', '贵阳2024年地区生产总值增长目标是多少？', '北京市2025年的主要目标有哪些？'];
const MB = 1024 * 1024;

const corpusDir = tempDir('zbwd-upload-corpus-');
const indexDir = tempDir('zbwd-upload-index-');
const zunyi = readFileSync(join(CORPUS_DIR, '001_3f56b829cd352b44.txt'), 'utf8').replaceAll('贵阳', '遵义').replace('5.5%左右', '6.5%左右');

let admin: ChildProcess;
let output = '';
let closed: { server: RunningServer; answering: Serving };

/** `npm start` with the admin token, ready once it answers on meaning and words. */
async function startAdmin(): Promise<string> {
  const env = { ...process.env, RAG_CORPUS_DIR: corpusDir, RAG_INDEX_DIR: indexDir, RAG_MAX_FILE_MB: '2', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '100000', ADMIN_TOKEN: TOKEN };
  admin = spawn('npm', ['start'], { cwd: PROJECT_ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  admin.stdout?.setEncoding('utf8').on('data', (piece: string) => (output += piece));
  admin.stderr?.setEncoding('utf8').on('data', (piece: string) => (output += piece));
  for (;;) {
    const at = /is at (http:\/\/\S+\/)/.exec(output)?.[1];
    const ready = at ? await fetch(`${at}readyz`).then((r) => r.json() as Promise<{ status?: string }>, () => undefined) : undefined;
    if (at && ready?.status === 'ready') return at;
    if (admin.exitCode !== null) throw new Error(`npm start ended:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A server without ADMIN_TOKEN, in this process, on words alone (no second model). */
async function startClosed(): Promise<string> {
  const config = loadConfig({ ...process.env, RAG_CORPUS_DIR: corpusDir, RAG_INDEX_DIR: indexDir });
  const answering = serving(config, corpusDir, () => {}, defaultAnswerMode(config), false);
  const server = await startServer({
    config: { ...config.server, port: 0 },
    webDir: resolve(PROJECT_ROOT, 'web'),
    dataDir: tempDir('zbwd-upload-kept-'),
    topK: 5,
    corpus: { dir: corpusDir, fileLimits: config.fileLimits },
    loadAssistant: (stages) => answering.load(stages),
    logger: pino({ level: 'silent' }),
  });
  closed = { server, answering };
  await server.loaded;
  return server.url;
}

let url = '';
let closedUrl = '';

function upload(files: { name: string; bytes: Uint8Array | string }[], token: string | null = TOKEN, to = url): Promise<Response> {
  const form = new FormData();
  for (const { name, bytes } of files) form.append('file', new Blob([bytes]), name);
  return fetch(`${to}api/reports`, { method: 'POST', body: form, headers: token ? { authorization: `Bearer ${token}` } : {} });
}

async function errorCode(response: Response): Promise<[number, string]> {
  const body = (await response.json()) as { error?: { code: string } };
  return [response.status, body.error?.code ?? JSON.stringify(body)];
}

async function ask(question: string): Promise<{ status: number; answer?: string; reports?: string[] }> {
  const response = await fetch(`${url}api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question }) });
  if (response.status !== 200) return { status: response.status };
  const body = (await response.json()) as { answer: string; citations: { reportId: string }[] };
  return { status: 200, answer: body.answer, reports: body.citations.map((c) => c.reportId) };
}

async function reportIds(): Promise<string[]> {
  return ((await (await fetch(`${url}api/reports`)).json()) as { id: string }[]).map((r) => r.id);
}

/** Polls until `done` holds, for up to two minutes. */
async function until(done: () => Promise<boolean>): Promise<boolean> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (await done()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** Three clients asking one question after another until stopped; the status of every answer. */
function load(): { stop: () => Promise<number[]> } {
  let on = true;
  const statuses: number[] = [];
  const clients = [0, 1, 2].map(async (n) => {
    for (let i = n; on; i++) statuses.push(await ask(LOAD[i % LOAD.length] ?? '').then((answer) => answer.status, () => 0));
  });
  return {
    stop: async () => {
      on = false;
      await Promise.all(clients);
      return statuses;
    },
  };
}

function folderAndIndex(): { files: string[]; current: string } {
  return { files: readdirSync(corpusDir).sort(), current: readFileSync(join(indexDir, 'CURRENT'), 'utf8') };
}

describe('adding and removing reports over HTTP', () => {
  beforeAll(async () => {
    cpSync(CORPUS_DIR, corpusDir, { recursive: true });
    // The test index, current for this corpus: loaded at once, and an upload embeds only its own texts.
    cpSync(TEST_INDEX_DIR, indexDir, { recursive: true });
    [url, closedUrl] = await Promise.all([startAdmin(), startClosed()]);
  }, 180_000);

  afterAll(async () => {
    await closed.server.close();
    await closed.answering.stop();
    if (admin.pid) process.kill(-admin.pid, 'SIGTERM');
    if (admin.exitCode === null) await new Promise((done) => admin.once('exit', done));
  }, 30_000);

  it('is not there without ADMIN_TOKEN', async () => {
    expect(await errorCode(await upload([{ name: 'zunyi.txt', bytes: zunyi }], TOKEN, closedUrl))).toEqual([404, 'not-found']);
    expect(await errorCode(await fetch(`${closedUrl}api/reports/2025-beijing`, { method: 'DELETE', headers: { authorization: `Bearer ${TOKEN}` } }))).toEqual([404, 'not-found']);
  });

  it('needs the admin token', async () => {
    const before = folderAndIndex();
    expect(await errorCode(await upload([{ name: 'zunyi.txt', bytes: zunyi }], null))).toEqual([401, 'unauthorized']);
    expect(await errorCode(await upload([{ name: 'zunyi.txt', bytes: zunyi }], `${TOKEN}x`))).toEqual([401, 'unauthorized']);
    expect(await errorCode(await fetch(`${url}api/reports/2025-beijing`, { method: 'DELETE' }))).toEqual([401, 'unauthorized']);
    expect(folderAndIndex()).toEqual(before);
  });

  it('refuses a file too large, of another type, under a path, or a copy of a report indexed, leaving folder and index as they were', async () => {
    const before = folderAndIndex();
    expect(await errorCode(await upload([{ name: 'big.txt', bytes: zunyi.repeat(Math.ceil((2.5 * MB) / Buffer.byteLength(zunyi))) }]))).toEqual([413, 'payload-too-large']);
    expect(await errorCode(await upload([{ name: 'scan.txt', bytes: Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex') }]))).toEqual([415, 'unsupported-media-type']);
    expect(await errorCode(await upload([{ name: 'report.pdf', bytes: zunyi }]))).toEqual([415, 'unsupported-media-type']);
    expect(await errorCode(await fetch(`${url}api/reports`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'text/plain' }, body: zunyi }))).toEqual([415, 'unsupported-media-type']);
    expect(await errorCode(await upload([{ name: '../zunyi.txt', bytes: zunyi }]))).toEqual([400, 'invalid-file-name']);
    expect(await errorCode(await upload([{ name: 'copy.txt', bytes: readFileSync(join(CORPUS_DIR, '002_c7cf16f2bd42e313.txt')) }]))).toEqual([409, 'duplicate-report']);
    expect(await errorCode(await fetch(`${url}api/reports/2099-nowhere`, { method: 'DELETE', headers: { authorization: `Bearer ${TOKEN}` } }))).toEqual([404, 'unknown-report']);
    expect(folderAndIndex()).toEqual(before);
  });

  it('answers from an uploaded report once its build is loaded, and no longer once it is deleted, failing no question meanwhile', async () => {
    const before = await ask(ZUNYI);
    expect(before.answer).not.toContain('6.5%左右');
    const questions = load();

    const added = await upload([{ name: 'zunyi-2024.txt', bytes: zunyi }]);
    expect(added.status).toBe(202);
    expect(await added.json()).toMatchObject({
      added: [{ name: 'zunyi-2024.txt', file: 'zunyi-2024.txt', reports: [{ id: '2024-zunyi', title: '2024年遵义市政府工作报告', region: '遵义市', level: 'city', year: 2024, kind: 'report' }] }],
      refused: [],
    });
    // A second copy while the first is being built is refused as one.
    expect(await errorCode(await upload([{ name: 'zunyi-again.txt', bytes: zunyi }]))).toEqual([409, 'duplicate-report']);
    expect(await until(async () => (await reportIds()).includes('2024-zunyi'))).toBe(true);
    const answered = await ask(ZUNYI);
    expect(answered).toMatchObject({ status: 200, reports: ['2024-zunyi'] });
    expect(answered.answer).toContain('6.5%左右');

    const removed = await fetch(`${url}api/reports/2024-zunyi`, { method: 'DELETE', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(removed.status).toBe(202);
    expect(await removed.json()).toMatchObject({ removed: { id: '2024-zunyi', region: '遵义市' }, file: 'zunyi-2024.txt' });
    expect(await until(async () => !(await reportIds()).includes('2024-zunyi'))).toBe(true);
    const gone = await ask(ZUNYI);
    expect(gone.answer).not.toContain('6.5%左右');
    expect(gone.reports).not.toContain('2024-zunyi');
    expect(await errorCode(await fetch(`${url}api/reports/2024-zunyi`, { method: 'DELETE', headers: { authorization: `Bearer ${TOKEN}` } }))).toEqual([404, 'unknown-report']);

    const statuses = await questions.stop();
    expect(statuses.length).toBeGreaterThan(5);
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
  }, 300_000);
});
