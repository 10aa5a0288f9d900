import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import type { Assistant } from '../../src/answering/ask.ts';
import type { Answer, ListedReport, ReportOutline, ReportSummary } from '../../src/domain.ts';
import { PROJECT_ROOT } from '../../src/config.ts';
import { startServer } from '../../src/serving/server.ts';
import { fullAssistant } from '../corpus.ts';
import { startTestServer, type TestServer } from './fixture.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

function post(path: string, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) {
  return fetch(new URL(path, server.url), { method: 'POST', headers, body });
}
const ask = (body: object) => post('/api/ask', JSON.stringify(body));
const answerOf = (response: Response) => response.json() as Promise<Answer>;
const errorOf = async (response: Response) => ((await response.json()) as { error: { code: string; message: string } }).error.message;

describe('POST /api/ask', () => {
  it('answers with the same shape as ask --json, cited', async () => {
    const response = await ask({ question: '2024年北京市地区生产总值增长多少？' });
    expect(response.status).toBe(200);
    const answer = await answerOf(response);
    expect(answer).toMatchObject({ refused: false, citations: [expect.objectContaining({ n: 1, reportId: '2025-beijing' })] });
    expect(answer.answer).toContain('5.2%');
    expect(Object.keys(answer)).toEqual(expect.arrayContaining(['question', 'answer', 'refused', 'citations', 'passages', 'retrievers', 'timingsMs']));
    expect(answer.passages).toHaveLength(5);
  });

  it('answers a follow-up from its conversation and says what it carried over', async () => {
    const answer = await answerOf(await ask({ question: '那北京呢？', conversation: [{ question: '2024年上海GDP增长多少？', answer: '全市生产总值增长5%' }] }));
    expect(answer.answer).toContain('5.2%');
    expect(answer.followUp?.carriedOver.years).toEqual([2024]);
    expect(answer.citations[0]?.reportId).toBe('2025-beijing');
  });

  it('limits the answer to the region and year filtered for', async () => {
    const answer = await answerOf(await ask({ question: '粮食产量的目标是多少？', region: '河南省', year: 2025, k: 3 }));
    expect(answer.passages).toHaveLength(3);
    expect(new Set(answer.passages.map((p) => p.reportId))).toEqual(new Set(['2025-henan']));
  });

  it('refuses a question about a region outside the filter', async () => {
    const answer = await answerOf(await ask({ question: '2024年北京市地区生产总值增长多少？', region: '河南省' }));
    expect(answer.refused).toBe(true);
    expect(answer.answer).toContain('筛选');
  });

  it.each([
    [{}, /question/],
    [{ question: '   ' }, /the question is empty/],
    [{ question: 'x'.repeat(501) }, /longer than 500 characters/],
    [{ question: 42 }, /question/],
    [{ question: '粮食产量', k: 0 }, /^k:/],
    [{ question: '粮食产量', year: '2025年' }, /^year:/],
    [{ question: '那北京呢？', conversation: 'not a list' }, /^conversation:/],
  ])('refuses %j with 400 and a clear message', async (body, message) => {
    const response = await ask(body);
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toMatch(message);
  });

  it('refuses an unknown region filter with 400', async () => {
    const response = await ask({ question: '粮食产量', region: '火星' });
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toContain('火星');
  });

  it('refuses malformed JSON with 400 and a body over 32 KB with 413', async () => {
    const malformed = await post('/api/ask', '{"question": "2024年');
    expect(malformed.status).toBe(400);
    expect(await errorOf(malformed)).toBe('the body is not valid JSON');
    const large = await ask({ question: '粮食产量', padding: 'x'.repeat(33 * 1024) });
    expect(large.status).toBe(413);
    expect(await errorOf(large)).toMatch(/larger than 32768 bytes/);
  });
});

describe('the reports', () => {
  it('lists every report with its metadata and chunk count', async () => {
    const reports = (await (await fetch(new URL('/api/reports', server.url))).json()) as ReportSummary[];
    expect(reports).toHaveLength(35);
    const beijing = reports.find((r) => r.id === '2025-beijing');
    expect(beijing).toMatchObject({ title: '2025年北京市政府工作报告', region: '北京市', year: 2025 });
    expect(Object.keys(beijing ?? {}).sort()).toEqual(['chunkCount', 'date', 'id', 'level', 'region', 'regionEn', 'sourceUrl', 'speaker', 'title', 'year']);
    expect(beijing?.chunkCount).toBeGreaterThan(20);
  });

  it("names each report's region by its level and in English, for a page to group and name it", async () => {
    const reports = (await (await fetch(new URL('/api/reports', server.url))).json()) as ListedReport[];
    const levels = new Map(reports.map((r) => [r.region, r.level]));
    expect([...levels.values()].filter((level) => level === 'province')).toHaveLength(31);
    expect(levels.get('贵阳市')).toBe('city');
    expect(levels.get('北京市')).toBe('province');
    expect(reports.find((r) => r.region === '内蒙古自治区')?.regionEn).toBe('Inner Mongolia');
    expect(reports.find((r) => r.region === '贵阳市')?.regionEn).toBe('Guiyang');
  });

  it('outlines one report with the cited chunk in its section, in reading order', async () => {
    const answer = await answerOf(await ask({ question: '2024年北京市地区生产总值增长多少？' }));
    const cited = answer.citations[0]!;
    const report = (await (await fetch(new URL(`/api/reports/${cited.reportId}`, server.url))).json()) as ReportOutline;
    const section = report.sections.find((s) => s.paragraphs.some((p) => p.chunkId === cited.chunkId));
    expect(section?.path.join(' > ')).toBe(cited.section);
    expect(section?.paragraphs.find((p) => p.chunkId === cited.chunkId)?.text).toBe(cited.text);
    expect(report.sections.flatMap((s) => s.paragraphs)).toHaveLength(report.chunkCount);
    // Every heading comes before the sections inside it.
    report.sections.forEach((s, i) => {
      if (s.level > 1) expect(report.sections.slice(0, i).some((parent) => parent.path.join() === s.path.slice(0, -1).join())).toBe(true);
    });
  });

  it('answers 404 for an unknown report id and an unknown endpoint', async () => {
    const report = await fetch(new URL('/api/reports/1999-atlantis', server.url));
    expect(report.status).toBe(404);
    expect(await errorOf(report)).toContain('1999-atlantis');
    const endpoint = await fetch(new URL('/api/nothing', server.url));
    expect(endpoint.status).toBe(404);
  });
});

describe('health, headers and logs', () => {
  it('is up and ready with the model loaded', async () => {
    expect(await (await fetch(new URL('/healthz', server.url))).json()).toEqual({ status: 'ok' });
    const ready = await (await fetch(new URL('/readyz', server.url))).json();
    expect(ready).toMatchObject({ ready: true, reports: 35, model: 'Xenova/multilingual-e5-small', retrievers: ['lexical', 'dense'] });
  });

  it('sends security headers with a strict content security policy', async () => {
    const response = await fetch(server.url);
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("default-src 'self'");
    expect(policy).toContain("script-src 'self'");
    expect(policy).not.toContain('unsafe-inline');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-powered-by')).toBeNull();
  });

  it('logs one line per request with status and latency, and no question text at info level', async () => {
    const question = '2024年河南省粮食产量是多少？';
    await ask({ question });
    const line = server.logs.filter((l) => (l.req as { url?: string } | undefined)?.url === '/api/ask').at(-1);
    expect(line).toMatchObject({ res: { status: 200 }, req: { method: 'POST' } });
    expect(typeof line?.responseTime).toBe('number');
    expect(JSON.stringify(server.logs)).not.toContain(question);
  });
});

describe('limits', () => {
  it('answers 429 with Retry-After once a client has asked its share', async () => {
    const limited = await startTestServer({ rateLimitPerMinute: 2 });
    try {
      const asks = [1, 2, 3].map(() => fetch(new URL('/api/ask', limited.url), { method: 'POST', body: JSON.stringify({ question: '粮食产量' }) }));
      const statuses = [];
      for (const response of asks) statuses.push((await response).status);
      expect(statuses.sort()).toEqual([200, 200, 429]);
      const refused = await fetch(new URL('/api/ask', limited.url), { method: 'POST', body: JSON.stringify({ question: '粮食产量' }) });
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });

  it('is healthy but not ready while the index loads, and answers 503 until then', async () => {
    let loaded: (assistant: Assistant) => void = () => {};
    const loading = await startServer({
      config: { port: 0, host: '127.0.0.1', rateLimitPerMinute: 100, logLevel: 'silent', apiKeys: [], allowedOrigins: [] },
      webDir: resolve(PROJECT_ROOT, 'web'),
      topK: 5,
      loadAssistant: () => new Promise((resolve) => (loaded = resolve)),
      logger: pino({ level: 'silent' }),
    });
    try {
      expect((await fetch(new URL('/healthz', loading.url))).status).toBe(200);
      expect((await fetch(new URL('/readyz', loading.url))).status).toBe(503);
      const early = await fetch(new URL('/api/ask', loading.url), { method: 'POST', body: JSON.stringify({ question: '粮食产量' }) });
      expect(early.status).toBe(503);
      expect(early.headers.get('retry-after')).toBe('5');
      loaded(await fullAssistant());
      await loading.ready;
      expect((await fetch(new URL('/readyz', loading.url))).status).toBe(200);
    } finally {
      await loading.close();
    }
  });
});
