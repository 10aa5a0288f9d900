import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Answer } from '../../src/domain.ts';
import { FEEDBACK_FILE } from '../../src/serving/feedback.ts';
import { tempDir } from '../corpus.ts';
import { startTestServer, type TestServer } from './fixture.ts';

let server: TestServer;
let dataDir: string;
let answer: Answer;

beforeAll(async () => {
  dataDir = tempDir('zbwd-kept-');
  server = await startTestServer({}, { dataDir });
  answer = (await (await ask('2024年北京市地区生产总值增长多少？')).json()) as Answer;
});
afterAll(() => server.close());

function post(path: string, body: string, to = server) {
  return fetch(new URL(path, to.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body });
}
const ask = (question: string) => post('/api/ask', JSON.stringify({ question }));
const share = (body: unknown, to = server) => post('/api/share', JSON.stringify(body), to);
const errorOf = async (response: Response) => ((await response.json()) as { error: { code: string; message: string } }).error;

/** A turn as the page shares it: the answer and what its citations need to open in place. */
function turnOf(question: string, given: Answer) {
  return {
    question,
    answer: given.answer,
    refused: given.refused,
    citations: given.citations.map(({ n, reportId, report, region, year, section, chunkId, text }) => ({ n, reportId, report, region, year, section, chunkId, text })),
  };
}

describe('POST /api/share and GET /api/share/:id', () => {
  it('keeps a conversation under an unguessable id and gives it back as it was shared', async () => {
    const conversation = [turnOf('2024年北京市地区生产总值增长多少？', answer), { question: '那上海呢？', answer: '全市生产总值增长5%左右' }, { question: '火星基地建了多少个？', answer: '报告中没有。', refused: true, refusal: 'no-evidence' }];
    const response = await share({ conversation });
    expect(response.status).toBe(201);
    const { id, url } = (await response.json()) as { id: string; url: string };
    expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(url).toBe(new URL(`/s/${id}`, server.url).href);

    const got = await fetch(new URL(`/api/share/${id}`, server.url));
    expect(got.status).toBe(200);
    const shared = (await got.json()) as { id: string; createdAt: string; conversation: unknown };
    expect(shared.id).toBe(id);
    expect(shared.conversation).toEqual(conversation);
    expect(Date.now() - Date.parse(shared.createdAt)).toBeLessThan(60_000);
    // One file per conversation beside the index, and nothing half written left behind.
    expect(readdirSync(join(dataDir, 'shares'))).toContain(`${id}.json`);
    expect(readdirSync(join(dataDir, 'shares')).every((f) => /^[A-Za-z0-9_-]{22}\.json$/.test(f))).toBe(true);
  });

  it('gives every conversation its own id', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 5; i++) ids.add(((await (await share({ conversation: [{ question: `问题${i}`, answer: '' }] })).json()) as { id: string }).id);
    expect(ids.size).toBe(5);
  });

  it('opens the page at the link', async () => {
    const { url } = (await (await share({ conversation: [turnOf('2024年北京市地区生产总值增长多少？', answer)] })).json()) as { url: string };
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('<script type="module" src="/app.js"></script>');
  });

  it('answers 404 for an id nobody shared and 400 for one that is no id', async () => {
    const unknown = await fetch(new URL('/api/share/AAAAAAAAAAAAAAAAAAAAAA', server.url));
    expect(unknown.status).toBe(404);
    expect((await errorOf(unknown)).code).toBe('unknown-share');
    for (const id of ['short', '..%2F..%2Fpackage', 'A'.repeat(23), 'AAAAAAAAAAAAAAAAAAAA.!']) {
      const malformed = await fetch(new URL(`/api/share/${id}`, server.url));
      expect(malformed.status).toBe(400);
      expect((await errorOf(malformed)).code).toBe('invalid-request');
    }
  });

  it.each([
    ['no conversation', {}, /conversation/],
    ['an empty conversation', { conversation: [] }, /the conversation is empty/],
    ['an empty question', { conversation: [{ question: '', answer: '' }] }, /question/],
    ['an answer that is not text', { conversation: [{ question: '问题', answer: 5 }] }, /answer/],
    ['a field no turn has', { conversation: [{ question: '问题', answer: '', extra: 1 }] }, /extra/],
    ['a refusal code no refusal has', { conversation: [{ question: '问题', answer: '', refused: true, refusal: 'because' }] }, /refusal/],
    ['a citation without its passage', { conversation: [{ question: '问题', answer: '', citations: [{ n: 1 }] }] }, /citations/],
    ['51 turns', { conversation: Array.from({ length: 51 }, () => ({ question: '问题', answer: '' })) }, /at most 50 turns/],
  ])('refuses %s with 400 and stores nothing', async (_label, body, message) => {
    const before = readdirSync(join(dataDir, 'shares')).length;
    const response = await share(body);
    expect(response.status).toBe(400);
    expect((await errorOf(response)).message).toMatch(message);
    expect(readdirSync(join(dataDir, 'shares')).length).toBe(before);
  });

  it('refuses a body over its size with 413', async () => {
    const long = { question: '问题', answer: '很'.repeat(8000) };
    const response = await share({ conversation: Array.from({ length: 40 }, () => long) });
    expect(response.status).toBe(413);
    expect((await errorOf(response)).code).toBe('payload-too-large');
  });

  it('stores a shared file that reads back as JSON', async () => {
    const { id } = (await (await share({ conversation: [{ question: '引号"与\\反斜杠', answer: '<b>不是标记</b>' }] })).json()) as { id: string };
    const stored = JSON.parse(readFileSync(join(dataDir, 'shares', `${id}.json`), 'utf8')) as { conversation: { question: string; answer: string }[] };
    expect(stored.conversation[0]).toEqual({ question: '引号"与\\反斜杠', answer: '<b>不是标记</b>' });
  });
});

describe('sharing within a rate limit', () => {
  it('refuses writes over the budget with 429 and Retry-After', async () => {
    const limited = await startTestServer({ rateLimitPerMinute: 2 }, { dataDir: tempDir('zbwd-kept-') });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await share({ conversation: [{ question: '问题', answer: '' }] }, limited)).status);
      expect(statuses).toEqual([201, 201, 429]);
      const refused = await share({ conversation: [{ question: '问题', answer: '' }] }, limited);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await errorOf(refused)).code).toBe('rate-limited');
      // Questions have a budget of their own.
      expect((await post('/api/ask', JSON.stringify({ question: '2024年北京市地区生产总值增长多少？' }), limited)).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

describe('within the disk given to shares and feedback', () => {
  const CAP = 2000;
  const filesIn = (dir: string) => (existsSync(join(dir, 'shares')) ? readdirSync(join(dir, 'shares')) : []);
  const bytesIn = (dir: string) => filesIn(dir).reduce((sum, f) => sum + statSync(join(dir, 'shares', f)).size, 0) + (existsSync(join(dir, FEEDBACK_FILE)) ? statSync(join(dir, FEEDBACK_FILE)).size : 0);
  const judge = (to: TestServer) => post('/api/feedback', JSON.stringify({ question: '问题', answer: '回答', rating: 'up' }), to);

  it('refuses new ones with 507 storage-full once the cap is reached, keeping the ones before whole, also after a restart', async () => {
    const dir = tempDir('zbwd-kept-');
    const full = await startTestServer({ keptMaxBytes: CAP }, { dataDir: dir });
    const turn = { question: '2024年北京市地区生产总值增长多少？', answer: '地区生产总值增长5.2%。'.repeat(5) };
    const kept: string[] = [];
    try {
      // Shared together, as a crowd would: the cap holds between writes under way at once.
      const replies = await Promise.all(Array.from({ length: 12 }, () => share({ conversation: [turn] }, full)));
      const statuses = replies.map((r) => r.status);
      expect(statuses).toContain(201);
      expect(statuses).toContain(507);
      expect(statuses.every((s) => s === 201 || s === 507)).toBe(true);
      for (const reply of replies) {
        if (reply.status === 201) kept.push(((await reply.json()) as { id: string }).id);
        else expect(await errorOf(reply)).toEqual({ code: 'storage-full', message: `the server keeps at most ${CAP} bytes of shared conversations and feedback, and it is full` });
      }
      const feedback = await judge(full);
      expect(feedback.status).toBe(507);
      expect((await errorOf(feedback)).code).toBe('storage-full');
      expect(bytesIn(dir)).toBeLessThanOrEqual(CAP);
      // Nothing half written, and what was kept reads back.
      expect(filesIn(dir).sort()).toEqual(kept.map((id) => `${id}.json`).sort());
      for (const id of kept) expect((await fetch(new URL(`/api/share/${id}`, full.url))).status).toBe(200);
      // Not a bug: not logged as an error.
      expect(full.logs.filter((line) => Number(line.level) >= 50)).toEqual([]);
    } finally {
      await full.close();
    }
    // Started again on the same folder, the server counts what is there before its first write.
    const restarted = await startTestServer({ keptMaxBytes: CAP }, { dataDir: dir });
    try {
      expect((await share({ conversation: [turn] }, restarted)).status).toBe(507);
      expect((await fetch(new URL(`/api/share/${kept[0]}`, restarted.url))).status).toBe(200);
    } finally {
      await restarted.close();
    }
    // A larger cap takes them again.
    const larger = await startTestServer({ keptMaxBytes: CAP * 2 }, { dataDir: dir });
    try {
      expect((await share({ conversation: [turn] }, larger)).status).toBe(201);
      expect((await judge(larger)).status).toBe(201);
    } finally {
      await larger.close();
    }
  });
});
