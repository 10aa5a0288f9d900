import { describe, expect, it } from 'vitest';
import { readAggregate } from '../../../src/answering/aggregate/read-form.ts';
import { aggregateInConversation } from '../../../src/answering/aggregate/follow.ts';
import { readQuery } from '../../../src/question/query.ts';

const today = new Date('2025-03-15T00:00:00Z');
const read = (question: string) => readAggregate(readQuery(question, today));
const shape = (question: string) => {
  const ask = read(question);
  return ask && { form: ask.form, indicator: ask.indicator.id, kind: ask.kind, year: ask.year, order: ask.order, top: ask.top, comparison: ask.comparison, region: ask.region?.name, level: ask.level };
};

describe('reading a question across reports', () => {
  it('reads superlatives, comparisons with a number, lists and series, with their indicator', () => {
    expect(shape('哪个省2025年GDP增长目标最高？')).toMatchObject({ form: 'rank', indicator: 'gdp_growth', kind: 'target', year: 2025, order: 'highest' });
    expect(shape('2025年新增城镇就业目标最多的三个省')).toMatchObject({ form: 'rank', indicator: 'new_urban_jobs', order: 'highest', top: 3 });
    expect(shape('2025年GDP增长目标在5.5%及以上的有哪些省份？')).toMatchObject({ form: 'filter', comparison: { op: 'gte', value: 5.5 } });
    expect(shape('哪些省份2025年居民消费价格涨幅目标不是2%？')).toMatchObject({ form: 'filter', indicator: 'cpi', comparison: { op: 'ne', value: 2 } });
    expect(shape('Which provinces set a 2025 inflation target other than 2%?')).toMatchObject({ form: 'filter', indicator: 'cpi', kind: 'target', comparison: { op: 'ne', value: 2 } });
    expect(shape('列出各省2025年城镇调查失业率目标')).toMatchObject({ form: 'list', indicator: 'unemployment_rate' });
    expect(shape('贵阳历年地区生产总值增速')).toMatchObject({ form: 'series', indicator: 'gdp_growth', kind: 'result', region: '贵阳市' });
  });

  it('reads whether provinces or cities are compared, and the unit a number is asked in', () => {
    expect(shape('哪个城市2024年GDP增长最快')).toMatchObject({ form: 'rank', indicator: 'gdp_growth', level: 'city' });
    expect(shape('Which cities had GDP growth above 5% in 2024?')).toMatchObject({ form: 'filter', level: 'city' });
    expect(shape('哪个省2024年GDP增长最快')).toMatchObject({ form: 'rank', level: 'province' });
    expect(shape('2025年粮食产量目标超过1000万吨的有哪些省份？')).toMatchObject({ form: 'filter', indicator: 'grain_output', comparison: { op: 'gt', value: 1000, unit: '万吨' } });
    expect(shape('2025年哪些省份的地区生产总值增长目标是5%左右？')?.comparison).toEqual({ op: 'eq', value: 5, unit: '%', about: true });
    expect(shape('Which provinces set a 2025 GDP growth target of about 5%?')?.comparison).toEqual({ op: 'eq', value: 5, unit: '%', about: true });
    expect(shape('2025年哪些省份的地区生产总值增长目标是5%？')?.comparison).toEqual({ op: 'eq', value: 5, unit: '%' });
    expect(shape('Which provinces set a 2025 unemployment target below 5.5%?')).toMatchObject({ form: 'filter', indicator: 'unemployment_rate', kind: 'target', comparison: { op: 'lt', value: 5.5 } });
  });

  it('reads targets or results as the question says, else by whether the year is over', () => {
    expect(shape('2024年哪个省地区生产总值实际增长最快？')).toMatchObject({ kind: 'result', year: 2024 });
    expect(shape('2024年GDP增速最低的是哪个省？')).toMatchObject({ kind: 'result' });
    expect(shape('2025年哪个省GDP增速最高？')).toMatchObject({ kind: 'target' });
  });

  it('picks the indicator a longer name names, and a growth over an amount by its words', () => {
    expect(shape('2025年哪个省人均地区生产总值最高？')?.indicator).toBe('per_capita_gdp');
    expect(shape('2024年哪个省地区生产总值最多？')?.indicator).toBe('gdp_total');
  });

  it('leaves questions of one region, without an indicator or without a form to the usual way', () => {
    for (const question of ['2025年北京GDP增长目标是多少？', '北京和上海2024年GDP增长哪个更高？', '哪个省2025年的发展最好？', '2025年GDP增长目标是多少？', '2025年各省GDP增长目标和实际增长分别是多少？', '贵阳2024年GDP增长多少？']) {
      expect(read(question), question).toBeUndefined();
    }
  });

  it('carries the form over to a follow-up that changes the year or the indicator, not to one naming a region', () => {
    const earlier = [readQuery('哪个省2025年GDP增长目标最高？', today)];
    const follow = (question: string) => aggregateInConversation(readQuery(question, today), earlier)?.ask;
    expect(follow('那2024年实际增长呢？')).toMatchObject({ form: 'rank', kind: 'result', year: 2024 });
    expect(follow('那城镇调查失业率呢？')).toMatchObject({ form: 'rank', kind: 'target', year: 2025, indicator: { id: 'unemployment_rate' } });
    expect(follow('那北京呢？')).toBeUndefined();
    expect(follow('为什么？')).toBeUndefined();
  });
});
