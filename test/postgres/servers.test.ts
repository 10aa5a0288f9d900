import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openIndex } from '../../src/indexing/open.ts';
import { closeDatabases, databaseStore } from '../../src/indexing/postgres/database.ts';
import { CORPUS_DIR, embedder, releaseEmbedders, seededIndexDir, tempDir } from '../corpus.ts';
import { gone } from '../cli/processes.ts';
import { BOT_TOKEN, eventCallback, mention, sendSigned, SIGNING_SECRET } from '../slack/requests.ts';
import { SlackStandIn } from '../slack/slack-api.ts';
import { startTestDatabase, type TestDatabase } from './pglite.ts';

const ROOT = resolve(import.meta.dirname, '../..');
/** Questions a client may ask a minute, over both servers together. */
const BUDGET = 5;
const QUESTION = '2024年北京市地区生产总值增长多少？';

interface Server {
  process: ChildProcess;
  url: string;
  output: () => string;
}

let database: TestDatabase;
let slack: SlackStandIn;
let servers: Server[] = [];
let indexDir: string;

/** `npm start`'s server with `DATABASE_URL`, once it answers on meaning and words. */
async function start(indexDir: string): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'start'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: database.url,
      PORT: '0',
      HOST: '127.0.0.1',
      RAG_INDEX_DIR: indexDir,
      RATE_LIMIT_PER_MINUTE: String(BUDGET),
      // Debug, to read which server took a Slack event and which found it taken.
      LOG_LEVEL: 'debug',
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
    },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (piece: string) => (output += piece));
  child.stderr?.setEncoding('utf8').on('data', (piece: string) => (output += piece));
  for (;;) {
    const url = /is at (http:\/\/\S+\/)/.exec(output)?.[1];
    if (url) {
      const ready = await fetch(`${url}readyz`).then((r) => r.json() as Promise<{ status?: string }>, () => undefined);
      if (ready?.status === 'ready') return { process: child, url, output: () => output };
    }
    if (child.exitCode !== null) throw new Error(`the server ended before it was ready:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  database = await startTestDatabase();
  slack = await SlackStandIn.start({ botToken: BOT_TOKEN });
  indexDir = seededIndexDir();
  // One ingest into the database, from the embedding cache; both servers then load that build.
  await openIndex({ corpusDir: CORPUS_DIR, indexDir, log: () => {}, store: await databaseStore(database.url), embedder: await embedder() });
  await releaseEmbedders();
  servers = await Promise.all([start(indexDir), start(indexDir)]);
}, 300_000);

afterAll(async () => {
  for (const server of servers) if (server.process.pid) process.kill(-server.process.pid, 'SIGTERM');
  await Promise.all(servers.map((server) => gone(server.process.pid ?? 0)));
  await slack?.close();
  await closeDatabases();
  await database?.stop();
});

function ask(server: Server, question: string): Promise<Response> {
  return fetch(`${server.url}api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question }) });
}

function withoutTimings(answer: Record<string, unknown>): Record<string, unknown> {
  const { timingsMs: _timings, ...rest } = answer;
  return rest;
}

describe('two servers on one database', () => {
  it('serve the same build and say so', async () => {
    const ready = await Promise.all(servers.map(async (s) => (await fetch(`${s.url}readyz`)).json() as Promise<Record<string, unknown>>));
    for (const r of ready) expect(r).toMatchObject({ ready: true, status: 'ready', store: 'postgres', build: expect.stringMatching(/^\d+$/) });
    expect(ready[0]?.build).toBe(ready[1]?.build);
  });

  it('answer alike, and count one budget of questions for a client over both', async () => {
    const [a, b] = servers as [Server, Server];
    const answers = await Promise.all([ask(a, QUESTION), ask(b, QUESTION)]);
    expect(answers.map((r) => r.status)).toEqual([200, 200]);
    const [first, second] = (await Promise.all(answers.map((r) => r.json()))) as Record<string, unknown>[];
    expect(first?.answer).toContain('5.2%');
    expect(withoutTimings(second ?? {})).toEqual(withoutTimings(first ?? {}));
    // The rest of the budget, asked of each server in turn; the question after it is refused by whichever is asked.
    for (let i = 2; i < BUDGET; i++) expect((await ask(servers[i % 2] as Server, QUESTION)).status).toBe(200);
    const over = await ask(servers[BUDGET % 2] as Server, QUESTION);
    expect(over.status).toBe(429);
    expect(over.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await over.json()).toMatchObject({ error: { code: 'rate-limited' } });
  });

  it('answer a Slack event once when Slack delivers it again to the other server', async () => {
    const body = eventCallback(mention('C0TWO', QUESTION, { user: 'U0TWOSERVERS' }));
    const raw = JSON.stringify(body);
    const [first, retry] = await Promise.all(
      servers.map((s, i) => sendSigned(`${s.url}slack/events`, raw, 'application/json', { headers: i === 0 ? {} : { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } })),
    );
    expect([first?.status, retry?.status]).toEqual([200, 200]);
    const taken = () => servers.filter((s) => s.output().includes('already taken')).length;
    await slack.waitFor(() => (taken() === 1 && slack.callsIn('C0TWO').length === 2 ? true : undefined));
    expect(slack.callsIn('C0TWO').map((c) => c.method)).toEqual(['chat.postMessage', 'chat.update']);
  });

  it("read a follow-up in a Slack thread against the thread's turns answered by the other server", async () => {
    const send = (server: Server, body: object) => sendSigned(`${server.url}slack/events`, JSON.stringify(body), 'application/json');
    const first = mention('C0SHARED', '2024年上海GDP增长多少？', { user: 'U0FOLLOW' });
    expect((await send(servers[0] as Server, eventCallback(first))).status).toBe(200);
    await slack.waitFor(() => slack.thread('C0SHARED', first.ts).find((m) => m.blocks !== undefined));
    const followUp = mention('C0SHARED', '那北京呢？', { user: 'U0FOLLOW', threadTs: first.ts });
    expect((await send(servers[1] as Server, eventCallback(followUp))).status).toBe(200);
    const answered = await slack.waitFor(() => slack.thread('C0SHARED', first.ts).filter((m) => m.blocks).at(1));
    const section = (answered.blocks ?? []).find((b) => b.type === 'section');
    expect(section?.text?.text).toContain('5.2%');
  });
});

describe('what readers leave, kept in the database', () => {
  const post = (server: Server, path: string, body: unknown) => fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('opens a conversation shared on one server from the other, and keeps nothing beside the index', async () => {
    const [a, b] = servers as [Server, Server];
    const conversation = [{ question: QUESTION, answer: '地区生产总值增长5.2%', refused: false }];
    const shared = await post(a, 'api/share', { conversation });
    expect(shared.status).toBe(201);
    const { id } = (await shared.json()) as { id: string };
    const got = await fetch(`${b.url}api/share/${id}`);
    expect(got.status).toBe(200);
    expect(await got.json()).toMatchObject({ id, conversation });
    expect((await fetch(`${b.url}api/share/AAAAAAAAAAAAAAAAAAAAAA`)).status).toBe(404);
    expect(existsSync(join(indexDir, 'shares'))).toBe(false);
  });

  it('exports the 👎 given on either server from the database with npm run feedback -- --export', async () => {
    const [a, b] = servers as [Server, Server];
    const judgements: [Server, object][] = [
      [a, { question: QUESTION, answer: '5.2%', rating: 'up' }],
      [a, { question: '那上海呢？', answer: '5%左右', rating: 'down', reason: 'wrong-number', conversation: [{ question: QUESTION, answer: '5.2%' }] }],
      [b, { question: '2025年广东省GDP目标是多少？', answer: '报告中没有。', rating: 'down', reason: 'should-answer', comment: '报告写了5%左右' }],
    ];
    // One after another, so that the order kept is the order given.
    for (const [server, judgement] of judgements) expect((await post(server, 'api/feedback', judgement)).status).toBe(201);
    expect(existsSync(join(indexDir, 'feedback.jsonl'))).toBe(false);
    const out = join(tempDir('zbwd-export-'), 'candidates.jsonl');
    const run = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'feedback', '--export', out], { cwd: ROOT, env: { ...process.env, DATABASE_URL: database.url, RAG_INDEX_DIR: indexDir } });
    expect(run.stderr).toContain('Wrote 2 candidate gold lines');
    const candidates = readFileSync(out, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(candidates).toMatchObject([
      { question: '那上海呢？', kind: 'follow-up', reason: 'wrong-number', reason_label: '数字不对', answer_given: '5%左右' },
      { question: '2025年广东省GDP目标是多少？', reason: 'should-answer', comment: '报告写了5%左右' },
    ]);
  }, 60_000);

  it('move to a build another process makes current in the database, without a signal or a restart', async () => {
    const readiness = () => Promise.all(servers.map(async (server) => (await (await fetch(`${server.url}readyz`)).json()) as { build?: string; status?: string }));
    const [before] = await readiness();
    const store = await databaseStore(database.url);
    await openIndex({ corpusDir: CORPUS_DIR, indexDir, log: () => {}, store, embedder: await embedder(), rebuild: true });
    await releaseEmbedders();
    const current = await store.currentBuild();
    expect(current).not.toBe(before?.build);
    await expect.poll(async () => (await readiness()).map((r) => r.build), { timeout: 60_000 }).toEqual([current, current]);
    // Asked of /readyz: the question budget of this client is spent by the tests before.
    expect((await readiness()).map((r) => r.status)).toEqual(['ready', 'ready']);
    for (const server of servers) expect(server.output()).toContain(`A new build of the index is current (${current})`);
  }, 240_000);
});
