import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.ts';
import type { Answer } from '../../src/domain.ts';
import { readGold } from '../../src/evaluation/gold.ts';
import { buildId, FEEDBACK_FILE } from '../../src/serving/feedback.ts';
import { fullIndex, tempDir } from '../corpus.ts';
import { startTestServer, type TestServer } from './fixture.ts';

const QUESTION = '2024年北京市地区生产总值增长多少？';

let server: TestServer;
let dataDir: string;
let answer: Answer;

beforeAll(async () => {
  dataDir = tempDir('zbwd-kept-');
  server = await startTestServer({}, { dataDir });
  answer = (await (await post('/api/ask', { question: QUESTION })).json()) as Answer;
});
afterAll(() => server.close());

function post(path: string, body: unknown, to = server) {
  return fetch(new URL(path, to.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}
const errorOf = async (response: Response) => ((await response.json()) as { error: { code: string; message: string } }).error;
const storedLines = () => (existsSync(join(dataDir, FEEDBACK_FILE)) ? readFileSync(join(dataDir, FEEDBACK_FILE), 'utf8').split('\n').filter(Boolean) : []);
const citationsOf = (given: Answer) => given.citations.map(({ n, reportId, chunkId, section }) => ({ n, reportId, chunkId, section }));

describe('POST /api/feedback', () => {
  it('appends each judgement as a JSON line beside the index, with the build that answered and the time', async () => {
    const before = storedLines().length;
    const up = await post('/api/feedback', { question: QUESTION, answer: answer.answer, rating: 'up', citations: citationsOf(answer) });
    expect(up.status).toBe(201);
    const down = await post('/api/feedback', {
      question: '那上海呢？',
      answer: '全市生产总值增长5%左右',
      rating: 'down',
      reason: 'wrong-number',
      comment: '应为5%左右，不是5.2%',
      conversation: [{ question: QUESTION, answer: answer.answer }],
    });
    expect(down.status).toBe(201);
    const { id, build } = (await down.json()) as { id: string; build: string };
    expect(build).toBe(buildId((await fullIndex()).manifest));

    const lines = storedLines().slice(before).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ rating: 'up', question: QUESTION, answer: answer.answer, build, surface: 'web', citations: citationsOf(answer) });
    expect(lines[1]).toMatchObject({ id, rating: 'down', reason: 'wrong-number', comment: '应为5%左右，不是5.2%', build, surface: 'web' });
    expect(Date.now() - Date.parse(String(lines[1]?.time))).toBeLessThan(60_000);
  });

  it('keeps every line whole when many arrive at once', async () => {
    const before = storedLines().length;
    const comment = '长'.repeat(1000);
    const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => post('/api/feedback', { question: `问题${i}`, answer: '回答', rating: 'down', reason: 'other', comment })));
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(201));
    const lines = storedLines().slice(before);
    expect(lines).toHaveLength(20);
    expect(new Set(lines.map((line) => (JSON.parse(line) as { question: string }).question)).size).toBe(20);
  });

  it.each([
    ['a rating other than up or down', { question: QUESTION, answer: '', rating: 'meh' }, /rating/],
    ['a reason by its words, not its code', { question: QUESTION, answer: '', rating: 'down', reason: '数字不对' }, /reason/],
    ['a reason with a rating up', { question: QUESTION, answer: '', rating: 'up', reason: 'wrong-number' }, /reason: a reason is given with a down rating only/],
    ['no answer', { question: QUESTION, rating: 'up' }, /answer/],
    ['an empty question', { question: '', answer: '', rating: 'up' }, /question/],
    ['a comment over 1000 characters', { question: QUESTION, answer: '', rating: 'down', comment: 'x'.repeat(1001) }, /comment/],
    ['a field no judgement has', { question: QUESTION, answer: '', rating: 'up', stars: 5 }, /stars/],
  ])('refuses %s with 400 and stores nothing', async (_label, body, message) => {
    const before = storedLines().length;
    const response = await post('/api/feedback', body);
    expect(response.status).toBe(400);
    expect((await errorOf(response)).message).toMatch(message);
    expect(storedLines()).toHaveLength(before);
  });

  it('refuses a body over its size with 413', async () => {
    const response = await post('/api/feedback', { question: QUESTION, answer: '', rating: 'up', conversation: Array.from({ length: 20 }, () => ({ question: QUESTION, answer: '很'.repeat(4000) })) });
    expect(response.status).toBe(413);
  });

  it('refuses judgements over the budget with 429', async () => {
    const limited = await startTestServer({ rateLimitPerMinute: 1 }, { dataDir: tempDir('zbwd-kept-') });
    try {
      const statuses = [];
      for (let i = 0; i < 2; i++) statuses.push((await post('/api/feedback', { question: QUESTION, answer: '', rating: 'up' }, limited)).status);
      expect(statuses).toEqual([201, 429]);
    } finally {
      await limited.close();
    }
  });
});

describe('npm run feedback -- --export FILE', () => {
  it('turns the answers judged wrong into gold lines that parse as gold once a person completes them', async () => {
    const out = join(tempDir('zbwd-export-'), 'candidates.jsonl');
    const run = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'feedback', '--export', out, '--from', join(dataDir, FEEDBACK_FILE)], { cwd: PROJECT_ROOT });
    const down = storedLines().map((line) => JSON.parse(line) as { rating: string; question: string; answer: string; reason?: string });
    const negatives = down.filter((f) => f.rating === 'down');
    expect(run.stderr).toContain(`Wrote ${negatives.length} candidate gold lines`);

    const candidates = readFileSync(out, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(candidates.map((c) => c.question)).toEqual(negatives.map((f) => f.question));
    const followUp = candidates.find((c) => c.question === '那上海呢？');
    expect(followUp).toMatchObject({
      answer: '',
      must_contain: [],
      kind: 'follow-up',
      answer_given: '全市生产总值增长5%左右',
      reason: 'wrong-number',
      reason_label: '数字不对',
      comment: '应为5%左右，不是5.2%',
      conversation: [{ question: QUESTION, answer: answer.answer }],
    });

    // What a person adds: the right answer, what it must hold and the passage it rests on.
    const index = await fullIndex();
    const shanghai = index.reports.get('2025-shanghai');
    const chunk = (await index.chunksOf('2025-shanghai')).find((c) => c.text.includes('全市生产总值增长5%'));
    if (!shanghai || !chunk) throw new Error('the Shanghai report states its growth');
    const completed = {
      ...followUp,
      answer: '全市生产总值增长5%左右',
      must_contain: ['5%'],
      report: shanghai.title,
      region: shanghai.region,
      year: shanghai.year,
      section: chunk.sectionPath.join(' > '),
      evidence: '全市生产总值增长5%',
      file: shanghai.file,
    };
    const goldFile = join(tempDir('zbwd-gold-'), 'gold.jsonl');
    writeFileSync(goldFile, `${JSON.stringify(completed)}\n`);
    const gold = readGold(goldFile);
    expect(gold.items).toHaveLength(1);
    expect(gold.items[0]).toMatchObject({ question: '那上海呢？', kind: 'follow-up', must_contain: ['5%'], conversation: [{ question: QUESTION }] });

    // Left as exported, a line is not yet gold: the person must complete it.
    const incomplete = join(tempDir('zbwd-gold-'), 'gold.jsonl');
    writeFileSync(incomplete, `${JSON.stringify(followUp)}\n`);
    expect(() => readGold(incomplete)).toThrow(/evidence|must_contain/);
  }, 60_000);
});
