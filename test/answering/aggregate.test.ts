import { beforeAll, describe, expect, it } from 'vitest';
import type { Assistant } from '../../src/answering/ask.ts';
import type { Answer } from '../../src/domain.ts';
import { fullAssistant } from '../corpus.ts';

let assistant: Assistant;
beforeAll(async () => {
  assistant = await fullAssistant();
});

const askedOn = '2025-03-15';
const sentenceOf = (answer: Answer) => (answer.decision.kind === 'answer' ? answer.decision.sentence : '');

/** Every row of the table is cited, by its clause, report, section and chunk. */
function expectCitedRows(answer: Answer): void {
  const rows = answer.table?.rows ?? [];
  expect(rows.length).toBeGreaterThan(0);
  expect(answer.citations).toHaveLength(rows.length);
  for (const row of rows) {
    const citation = answer.citations.find((c) => c.n === row.n);
    expect(citation).toMatchObject({ chunkId: row.chunkId, reportId: row.reportId, section: row.section, text: row.quote });
    expect(answer.answer).toContain(`[${row.n}]`);
  }
}

describe('questions across reports, answered from the indicator table', () => {
  it('ranks, naming the regions that tie and how each hedges its figure', async () => {
    const answer = await assistant.ask('2025年城镇调查失业率目标最低的是哪些省份？', { askedOn });
    expect(answer.refused).toBe(false);
    expect(answer.aggregate).toMatchObject({ form: 'rank', kind: 'target', periods: ['2025'], order: 'lowest' });
    expect(answer.table?.indicator).toMatchObject({ id: 'unemployment_rate', name: '城镇调查失业率', unit: '%' });
    const said = sentenceOf(answer);
    for (const region of ['北京市', '上海市', '浙江省', '福建省', '西藏自治区']) expect(said).toContain(region);
    expect(said).toContain('并列最低');
    expect(said).toContain('5%以内');
    expect(said).not.toContain('黑龙江省');
    expectCitedRows(answer);
    expect(answer.timingsMs.retrieve).toBe(0);
  });

  it('says a range is one: 福建省 5%—5.5%', async () => {
    const answer = await assistant.ask('各省2025年地区生产总值增长目标是多少？', { askedOn });
    const fujian = answer.table?.rows.find((r) => r.region === '福建省');
    expect(fujian).toMatchObject({ value: null, low: 5, high: 5.5 });
    const top = await assistant.ask('哪个省2025年GDP增长目标最高？', { askedOn });
    expect(sentenceOf(top)).toBe('在报告给出2025年地区生产总值增长目标数字的31个省份中，西藏自治区最高，为7%以上（力争达到8%）。');
  });

  it('filters by a number, and leaves out the figures stated without one, saying so', async () => {
    const answer = await assistant.ask('哪些省份2025年居民消费价格涨幅目标不是2%？', { askedOn });
    expect(answer.aggregate).toMatchObject({ form: 'filter', comparison: { op: 'ne', value: 2 } });
    const said = sentenceOf(answer);
    expect(said).toContain('不是2%的有1个：西藏自治区（3%以内）');
    expect(said).toContain('湖南省未给出具体数字（居民消费价格涨幅与全国一致）');
    expect(said).not.toContain('北京市');
    expect(answer.table?.rows.map((r) => r.region)).toEqual(['西藏自治区', '山东省', '湖南省']);
    expectCitedRows(answer);
  });

  it('lists every region, a target without a number among them', async () => {
    const answer = await assistant.ask('各省2025年居民消费价格涨幅目标分别是多少？', { askedOn });
    expect(answer.aggregate?.form).toBe('list');
    const hunan = answer.table?.rows.find((r) => r.region === '湖南省');
    expect(hunan).toMatchObject({ value: null, quote: '居民消费价格涨幅与全国一致' });
    expect(answer.table?.rows).toHaveLength(30);
    expect(sentenceOf(answer)).toContain('湖南省');
    expectCitedRows(answer);
  });

  it('tells a target of about a number from one it bounds: 5%左右 is not 5%以上', async () => {
    const about = await assistant.ask('2025年哪些省份的地区生产总值增长目标是5%左右？', { askedOn });
    const exactly = await assistant.ask('2025年哪些省份的地区生产总值增长目标是5%？', { askedOn });
    const regions = (answer: Answer) => (answer.table?.rows ?? []).map((r) => r.region);
    const bounded = (exactly.table?.rows ?? []).filter((r) => r.qualifier === '以上').map((r) => r.region);
    expect(bounded.length).toBeGreaterThan(0);
    expect(regions(about).length).toBe(regions(exactly).length - bounded.length);
    for (const row of about.table?.rows ?? []) expect([undefined, '左右']).toContain(row.qualifier);
    expect(sentenceOf(about)).toContain('为5%左右的有');
  });

  it('ranks and filters amounts stated in different units on one scale (亿斤 and 万吨)', async () => {
    const inJin = (row: { value: number | null; unit: string }) => (row.unit === '万吨' ? (row.value ?? 0) / 5 : (row.value ?? 0));
    const top = await assistant.ask('2025年哪个省份粮食产量目标最高？', { askedOn });
    expect(top.aggregate).toMatchObject({ form: 'rank', order: 'highest' });
    const rows = (top.table?.rows ?? []).filter((r) => r.value !== null);
    expect(new Set(rows.map((r) => r.unit))).toEqual(new Set(['亿斤', '万吨']));
    const highest = Math.max(...rows.map(inJin));
    const [first] = rows;
    expect(first && inJin(first)).toBe(highest);
    expect(sentenceOf(top)).toContain(`${first?.region}最多`);
    const over = await assistant.ask('2025年粮食产量目标超过1000万吨的有哪些省份？', { askedOn });
    expect(over.aggregate?.comparison).toEqual({ op: 'gt', value: 1000, unit: '万吨' });
    const picked = (over.table?.rows ?? []).filter((r) => r.value !== null);
    expect(picked.length).toBeGreaterThan(0);
    for (const row of picked) expect(inJin(row), row.region).toBeGreaterThan(200);
    const under = rows.filter((r) => inJin(r) <= 200).map((r) => r.region);
    expect(under.length).toBeGreaterThan(0);
    for (const region of under) expect(sentenceOf(over)).not.toContain(region);
  });

  it('refuses to rank cities when the reports give one city\'s figure, naming it, instead of quoting a province', async () => {
    const answer = await assistant.ask('哪个城市2024年GDP增长最快？', { askedOn });
    expect(answer.refused).toBe(true);
    expect(answer.decision).toMatchObject({ kind: 'refuse', code: 'too-few-figures' });
    expect(answer.answer).toBe('报告中只有贵阳市给出2024年地区生产总值增长的数字（6%），不足以排序或比较。');
    expect(answer.citations).toEqual([]);
    expect(answer.decision.kind === 'refuse' && answer.decision.related.map((p) => p.reportId)).toEqual(['2025-guiyang']);
  });

  it("gives Guiyang's figures year by year", async () => {
    const answer = await assistant.ask('贵阳市历年地区生产总值增长目标是多少？');
    expect(answer.aggregate).toMatchObject({ form: 'series', kind: 'target', periods: ['2017', '2024', '2026'] });
    expect(sentenceOf(answer)).toBe('贵阳市历年地区生产总值增长（目标）：2017年11%，2024年5.5%左右，2026年5.5%左右。');
    expect(answer.citations.map((c) => c.reportId)).toEqual(['2017-guiyang', '2024-guiyang', '2026-guiyang']);
  });

  it('answers an English question in English, with the regions as the reports name them', async () => {
    const answer = await assistant.ask('Which provinces set a 2025 inflation target other than 2%?', { askedOn });
    expect(answer.aggregate?.form).toBe('filter');
    expect(sentenceOf(answer)).toMatch(/^Of the 28 provinces whose reports give a number for the 2025 consumer price rise \(CPI\) target, 1 is other than 2%: Tibet \(西藏自治区\): within 3%/);
    expect(answer.answer).toContain('Tibet (2025 government work report): “城镇调查失业率、居民消费价格涨幅分别控制在5%和3%以内” [1]');
  });

  it('carries the form and indicator over to a follow-up that changes the year and asks for results', async () => {
    const answer = await assistant.ask('那2024年实际增长呢？', { askedOn, conversation: [{ question: '哪个省2025年GDP增长目标最高？' }] });
    expect(answer.aggregate).toMatchObject({ form: 'rank', kind: 'result', periods: ['2024'], order: 'highest' });
    expect(answer.table?.indicator.id).toBe('gdp_growth');
    expect(sentenceOf(answer)).toContain('西藏自治区最高，为6.3%');
    expect(answer.followUp?.carriedOver).toEqual({ topic: '地区生产总值增长' });
  });

  it('leaves a question about one region, or one whose indicator is unclear, to the usual way', async () => {
    for (const question of ['2025年北京GDP增长目标是多少？', '哪个省2025年的发展最好？']) {
      const answer = await assistant.ask(question, { askedOn });
      expect(answer.aggregate, question).toBeUndefined();
      expect(answer.table, question).toBeUndefined();
    }
    const beijing = await assistant.ask('2025年北京GDP增长目标是多少？', { askedOn });
    expect(beijing.citations[0]?.reportId).toBe('2025-beijing');
    expect(beijing.answer).toContain('5%左右');
  });
});
