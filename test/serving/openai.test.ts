import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Answer } from '../../src/domain.ts';
import { startTestServer, type TestServer } from './fixture.ts';

const KEY = 'test-key-1';
let server: TestServer;
let client: OpenAI;
beforeAll(async () => {
  server = await startTestServer({ apiKeys: ['another-key', KEY] });
  client = new OpenAI({ baseURL: `${server.url}v1`, apiKey: KEY, maxRetries: 0 });
});
afterAll(() => server.close());

type WithCitations = { citations?: { n: number; reportId: string; section: string }[] };

describe('the OpenAI-compatible endpoint, through the official client', () => {
  it('lists the model', async () => {
    const models = await client.models.list();
    expect(models.data.map((m) => m.id)).toEqual(['zhengbao-wenda']);
  });

  it('answers a chat completion with the sources listed and the citations in an extra field', async () => {
    const completion = await client.chat.completions.create({ model: 'zhengbao-wenda', messages: [{ role: 'user', content: '2024年北京市地区生产总值增长多少？' }] });
    const content = completion.choices[0]?.message.content ?? '';
    expect(completion.object).toBe('chat.completion');
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(content).toMatch(/5\.2%.*\[1\]\n\n来源：\n\[1\] 2025年北京市政府工作报告 · 一、2024/s);
    expect((completion as WithCitations).citations?.[0]).toMatchObject({ n: 1, reportId: '2025-beijing' });
  });

  it('streams the same answer as server-sent events, ending with the citations', async () => {
    const messages = [{ role: 'user' as const, content: '2024年河南省粮食产量是多少？' }];
    const whole = await client.chat.completions.create({ model: 'zhengbao-wenda', messages });
    const stream = await client.chat.completions.create({ model: 'zhengbao-wenda', messages, stream: true });
    let content = '';
    const chunks = [];
    for await (const chunk of stream) {
      chunks.push(chunk);
      content += chunk.choices[0]?.delta.content ?? '';
    }
    expect(chunks.length).toBeGreaterThan(3);
    expect(content).toBe(whole.choices[0]?.message.content);
    const last = chunks.at(-1);
    expect(last?.choices[0]?.finish_reason).toBe('stop');
    expect((last as WithCitations | undefined)?.citations?.[0]?.reportId).toBe('2025-henan');
  });

  it('answers a follow-up from the message history, its sources list left out of the history', async () => {
    const first = await client.chat.completions.create({ model: 'zhengbao-wenda', messages: [{ role: 'user', content: '2024年上海GDP增长多少？' }] });
    const completion = await client.chat.completions.create({
      model: 'zhengbao-wenda',
      messages: [
        { role: 'system', content: 'You are a helpful assistant.' },
        { role: 'user', content: '2024年上海GDP增长多少？' },
        { role: 'assistant', content: first.choices[0]?.message.content ?? '' },
        { role: 'user', content: '那北京呢？' },
      ],
    });
    expect(completion.choices[0]?.message.content).toContain('5.2%');
  });

  it('refuses a wrong key with 401 and the standard error object', async () => {
    const stranger = new OpenAI({ baseURL: `${server.url}v1`, apiKey: 'test-key-2', maxRetries: 0 });
    const error = await stranger.models.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((error as InstanceType<typeof OpenAI.AuthenticationError>).error).toMatchObject({ type: 'authentication_error', code: 'invalid_api_key' });
    const missing = await fetch(`${server.url}v1/models`);
    expect(missing.status).toBe(401);
  });

  it.each([
    [{ model: 'zhengbao-wenda', messages: [] }, OpenAI.BadRequestError, /at least one message/],
    [{ model: 'zhengbao-wenda', messages: [{ role: 'assistant', content: '你好' }] }, OpenAI.BadRequestError, /last message must be a user message/],
    [{ model: 'zhengbao-wenda', messages: [{ role: 'user', content: ' ' }] }, OpenAI.BadRequestError, /the question is empty/],
    [{ model: 'gpt-4o', messages: [{ role: 'user', content: '问题' }] }, OpenAI.NotFoundError, /does not exist/],
  ])('refuses %j with a 4xx and the standard error object', async (body, kind, message) => {
    const error = await client.chat.completions.create(body as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(kind);
    expect((error as InstanceType<typeof OpenAI.APIError>).message).toMatch(message);
  });
});

describe('an answer across reports on the OpenAI-compatible endpoint', () => {
  const RANK = '哪个省2025年GDP增长目标最高？';

  /** The Markdown table in a completion's content: its header, and its rows' cells. */
  function markdownRows(content: string): { header: string[]; rows: string[][] } {
    const lines = content.split('\n').filter((line) => line.startsWith('| '));
    const cells = (line: string) => line.slice(2, -2).split(/ (?<!\\)\| /).map((cell) => cell.trim());
    const [header, rule, ...rows] = lines;
    expect(rule).toMatch(/^\| -{3,}( \| -{3,})+ \|$/);
    return { header: cells(header ?? ''), rows: rows.map(cells) };
  }

  it('follows the answer with a Markdown table of its rows, then its sources, streamed or not', async () => {
    const asked = (await (await fetch(`${server.url}api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: RANK }) })).json()) as Answer;
    const table = asked.table;
    if (!table) throw new Error('answered without the indicator table');
    const messages = [{ role: 'user' as const, content: RANK }];
    const completion = await client.chat.completions.create({ model: 'zhengbao-wenda', messages });
    const content = completion.choices[0]?.message.content ?? '';
    expect(content.startsWith(`${asked.answer}\n\n| 地区 `)).toBe(true);
    expect(content).toMatch(/\|\n\n来源：\n\[1\] 2025年西藏自治区政府工作报告/);

    const { header, rows } = markdownRows(content);
    expect(header).toEqual(['地区', '年份', '数值', '原文', '出处']);
    expect(rows).toHaveLength(table.rows.length);
    expect(rows[0]).toEqual(['西藏自治区', '2025', '7%以上（力争达到8%）', '地区生产总值增长7%以上、力争达到8%', '[1]']);
    expect(rows.find((cells) => cells[0] === '福建省')?.[2]).toBe('5%—5.5%');
    expect(rows.map((cells) => [cells[0], cells[1], cells[4]])).toEqual(table.rows.map((row) => [row.region, row.period, `[${row.n}]`]));
    // Each quote is the row's clause, cut short with an ellipsis when long.
    for (const [i, cells] of rows.entries()) expect(table.rows[i]?.quote.startsWith((cells[3] ?? '').replace(/…$/, ''))).toBe(true);

    const stream = await client.chat.completions.create({ model: 'zhengbao-wenda', messages, stream: true });
    let streamed = '';
    for await (const chunk of stream) streamed += chunk.choices[0]?.delta.content ?? '';
    expect(streamed).toBe(content);
  });

  it('words the table in English for an English question, a figure without a number said so', async () => {
    const completion = await client.chat.completions.create({ model: 'zhengbao-wenda', messages: [{ role: 'user', content: 'Which provinces set a 2025 inflation target other than 2%?' }] });
    const { header, rows } = markdownRows(completion.choices[0]?.message.content ?? '');
    expect(header).toEqual(['Region', 'Year', 'Figure', 'Quote', 'Source']);
    expect(rows).toContainEqual(['Tibet', '2025', 'within 3%', expect.stringMatching(/^城镇调查失业率、居民消费价格涨幅分别/), '[1]']);
    expect(rows).toContainEqual(['Hunan', '2025', 'no number', '居民消费价格涨幅与全国一致', expect.stringMatching(/^\[\d+\]$/)]);
  });

  it('takes the table off the answer when it comes back as history, and answers the follow-up across reports', async () => {
    const first = await client.chat.completions.create({ model: 'zhengbao-wenda', messages: [{ role: 'user', content: RANK }] });
    const completion = await client.chat.completions.create({
      model: 'zhengbao-wenda',
      messages: [
        { role: 'user', content: RANK },
        { role: 'assistant', content: first.choices[0]?.message.content ?? '' },
        { role: 'user', content: '那2024年实际增长呢？' },
      ],
    });
    const content = completion.choices[0]?.message.content ?? '';
    expect(content).toMatch(/^在报告给出2024年地区生产总值增长数字的\d+个省份中/);
    expect(markdownRows(content).rows.every((cells) => cells[1] === '2024')).toBe(true);
  });
});
