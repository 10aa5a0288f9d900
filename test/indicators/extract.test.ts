/** The indicator table of the real corpus: the figures it holds, and the traps it must not fall into. */
import { describe, expect, it } from 'vitest';
import { indicatorTableSchema } from '../../src/indicators/row.ts';
import { corpusTable, rowsOf } from './table.ts';

const pick = (reportId: string, indicator: string, kind: 'target' | 'result') => rowsOf(reportId, indicator).filter((r) => r.kind === kind);

describe('the indicator table of the corpus', () => {
  it('quotes every row verbatim from its chunk', () => {
    const { rows, chunks } = corpusTable();
    expect(rows.length).toBeGreaterThan(500);
    const misquoted = rows.filter((row) => !chunks.get(row.chunkId)?.text.includes(row.quote));
    expect(misquoted).toEqual([]);
  });

  it('holds rows of the shape stored with the index', () => {
    expect(() => indicatorTableSchema.parse(corpusTable().rows)).not.toThrow();
  });

  it('reads a province’s GDP growth target and last year’s result', () => {
    expect(pick('2025-beijing', 'gdp_growth', 'target')).toEqual([
      expect.objectContaining({ period: '2025', value: 5, unit: '%', qualifier: '左右', region: '北京市', regionLevel: 'province', quote: '地区生产总值增长5%左右、努力争取更好结果' }),
    ]);
    expect(pick('2025-beijing', 'gdp_growth', 'result')).toEqual([
      expect.objectContaining({ period: '2024', value: 5.2, qualifier: '左右', estimate: true, quote: '预计全市地区生产总值增长5.2%左右' }),
    ]);
    expect(pick('2025-beijing', 'gdp_growth', 'target')[0]?.section).toBe('二、2025年工作总体要求和重点任务');
  });

  it('tells the same figure as last year’s result and as this year’s target apart', () => {
    // Shanghai grew 5% in 2024 and aims at about 5% in 2025.
    expect(rowsOf('2025-shanghai', 'gdp_growth').map(({ kind, period, value, qualifier }) => ({ kind, period, value, qualifier }))).toEqual([
      { kind: 'result', period: '2024', value: 5, qualifier: undefined },
      { kind: 'target', period: '2025', value: 5, qualifier: '左右' },
    ]);
  });

  it('reads a target of the year reviewed only as such, never as this year’s', () => {
    const { rows } = corpusTable();
    const inReviews = rows.filter((r) => /工作回顾/.test(r.section));
    expect(inReviews.length).toBeGreaterThan(200);
    expect(inReviews.filter((r) => r.kind === 'target' && Number(r.period.slice(0, 4)) >= Number(r.reportId.slice(0, 4)))).toEqual([]);
    // `预期性指标未达到年初目标` states no figure.
    expect(rows.filter((r) => r.quote.includes('年初目标'))).toEqual([]);
  });

  it('reads the figures of a clause that goes on with the name the clause before states none of', () => {
    // `全省地区生产总值连跨4个千亿台阶，2024年达到1.3万亿元、增长5.8%`: the name is one clause, its figures the next.
    expect(pick('2025-gansu', 'gdp_growth', 'result')).toEqual([
      expect.objectContaining({ period: '2024', value: 5.8, quote: expect.stringMatching(/^全省地区生产总值.*增长\s*5\.8%$/) }),
    ]);
    expect(pick('2024-guiyang', 'gdp_total', 'result')).toEqual([expect.objectContaining({ period: '2023', value: 5154.75, unit: '亿元' })]);
  });

  it('tells totals from growth rates', () => {
    expect(rowsOf('2025-shandong', 'gdp_total')).toEqual([expect.objectContaining({ kind: 'result', period: '2024', value: 9.86, unit: '万亿元' })]);
    expect(pick('2025-shandong', 'gdp_growth', 'result')).toEqual([expect.objectContaining({ period: '2024', value: 5.7, unit: '%' })]);
    expect(pick('2025-innermongolia', 'gdp_total', 'result')).toEqual([expect.objectContaining({ value: 2.6, unit: '万亿元', qualifier: '突破', estimate: true })]);
  });

  it('reads per-capita GDP as its own indicator, not as GDP', () => {
    expect(rowsOf('2025-chongqing', 'per_capita_gdp')).toEqual([expect.objectContaining({ value: 10, unit: '万元', quote: '人均地区生产总值突破10万元' })]);
    const gdp = corpusTable().rows.filter((r) => r.indicator.startsWith('gdp_'));
    expect(gdp.filter((r) => r.quote.includes('人均'))).toEqual([]);
  });

  it('leaves out the figures of a sector, a new area, a county or the ocean economy inside a report', () => {
    const gdp = corpusTable().rows.filter((r) => r.indicator.startsWith('gdp_'));
    for (const other of ['海洋生产总值', '直管区', '县', '数字经济', '三产', '一产']) expect(gdp.filter((r) => r.quote.includes(other))).toEqual([]);
    // 贵安新区直管区 grew 24.1% in 2023, Guiyang 6%.
    expect(rowsOf('2024-guiyang', 'gdp_growth').map((r) => r.value)).not.toContain(24.1);
    // Zhejiang's ocean economy grew about 6.5% in 2024 and aims at 6% or more in 2025; the province 5.5% and 5.5%.
    expect(rowsOf('2025-zhejiang', 'gdp_growth').map((r) => r.value)).toEqual([5.5, 5.5]);
  });

  it('leaves out figures of part of a year', () => {
    const { rows } = corpusTable();
    expect(rows.filter((r) => /季度|上半年|\d月/.test(r.quote))).toEqual([]);
    expect(rowsOf('2025-beijing', 'energy_intensity_decline').map((r) => r.value)).not.toContain(8.9);
  });

  it('leaves out averages over years, except as a plan’s target over its span', () => {
    // 2026 Guiyang: the 14th plan's GDP grew 5.3% a year on average, its revenue 4.3%.
    expect(rowsOf('2026-guiyang', 'gdp_growth').map((r) => r.value)).not.toContain(5.3);
    expect(rowsOf('2026-guiyang', 'budget_revenue_growth').map((r) => r.value)).not.toContain(4.3);
    expect(rowsOf('2017-guiyang', 'gdp_growth')).toEqual([
      expect.objectContaining({ kind: 'result', period: '2016', value: 11.7 }),
      expect.objectContaining({ kind: 'target', period: '2017-2021', value: 11, qualifier: '左右' }),
      expect.objectContaining({ kind: 'target', period: '2017', value: 11 }),
    ]);
  });

  it('leaves out the national figure beside the province’s', () => {
    expect(pick('2025-sichuan', 'gdp_growth', 'result')).toEqual([expect.objectContaining({ value: 5.7, quote: '全省地区生产总值增长5.7%' })]);
    expect(corpusTable().rows.filter((r) => /全国[^，、]{0,6}(?:生产总值|居民消费价格|失业率)/.test(r.quote))).toEqual([]);
  });

  it('reads ranges, stretch goals and targets set without a number', () => {
    expect(pick('2025-fujian', 'gdp_growth', 'target')).toEqual([
      expect.objectContaining({ value: null, low: 5, high: 5.5, stretch: { text: '根据实际情况争取更好的结果', value: null } }),
    ]);
    expect(pick('2025-tibet', 'gdp_growth', 'target')).toEqual([
      expect.objectContaining({ value: 7, qualifier: '以上', stretch: { text: '力争达到8%', value: 8 } }),
    ]);
    expect(pick('2025-hunan', 'cpi', 'target')).toEqual([expect.objectContaining({ value: null, quote: '居民消费价格涨幅与全国一致' })]);
    expect(pick('2025-beijing', 'disposable_income_growth', 'target')).toEqual([expect.objectContaining({ value: null, quote: '居民收入增长与经济增长同步' })]);
  });

  it('pairs figures stated with 分别 with their indicators', () => {
    expect(pick('2025-jiangxi', 'urban_income_growth', 'target')).toEqual([expect.objectContaining({ value: 5, qualifier: '左右' })]);
    expect(pick('2025-jiangxi', 'rural_income_growth', 'target')).toEqual([expect.objectContaining({ value: 6.5, qualifier: '左右' })]);
    expect(pick('2025-tibet', 'cpi', 'target')).toEqual([expect.objectContaining({ value: 3, qualifier: '以内' })]);
    expect(pick('2025-tibet', 'unemployment_rate', 'target')).toEqual([expect.objectContaining({ value: 5, qualifier: '以内' })]);
  });

  it('reads a fall in consumer prices as a negative rise', () => {
    expect(pick('2025-fujian', 'cpi', 'result')).toEqual([expect.objectContaining({ period: '2024', value: -0.1, estimate: true })]);
  });

  it('reads the targets of the main indicators of every province', () => {
    const provinces = [...new Set(corpusTable().rows.filter((r) => r.regionLevel === 'province').map((r) => r.reportId))];
    expect(provinces).toHaveLength(31);
    const withGrowthTarget = provinces.filter((id) => pick(id, 'gdp_growth', 'target').some((r) => r.period === '2025'));
    expect(withGrowthTarget).toHaveLength(31);
  });
});
