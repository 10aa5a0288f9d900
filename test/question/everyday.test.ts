import { describe, expect, it } from 'vitest';
import { readEveryday } from '../../src/question/everyday.ts';
import { readQuery } from '../../src/question/query.ts';

const on = (date: string) => new Date(`${date}T00:00:00Z`);

describe('everyday phrasing', () => {
  it('reads relative years against the day the question is asked', () => {
    expect(readQuery('北京去年GDP增长了多少', on('2025-03-10')).years).toEqual([2024]);
    expect(readQuery('北京去年GDP增长了多少', on('2026-12-02')).years).toEqual([2025]);
    expect(readQuery('天津今年固投目标增长多少？', on('2025-02-20')).years).toEqual([2025]);
    expect(readQuery('安徽明年GDP增长目标定的多少？', on('2024-12-20')).years).toEqual([2025]);
    expect(readQuery('贵阳前年新增了多少常住人口？', on('2026-03-01')).years).toEqual([2024]);
    expect(readQuery("What was Henan's GDP growth last year?", on('2026-12-02')).years).toEqual([2025]);
  });

  it('keeps the intent that the relative year implied', () => {
    expect(readQuery('北京去年GDP增长了多少', on('2025-03-10')).intent).toBe('review');
    expect(readQuery('天津今年固投目标增长多少？', on('2025-02-20')).intent).toBe('plan');
  });

  it('leaves comparisons with the year before and counts of years alone', () => {
    expect(readQuery('2024年广东省地区生产总值比上年增长了多少', on('2026-01-01')).years).toEqual([2024]);
    expect(readEveryday('比去年增长多少', on('2026-01-01')).text).toBe('比去年增长多少');
    expect(readEveryday('湖体平均水质30年来首次达III类，连续25年居首', on('2026-01-01')).text).toBe('湖体平均水质30年来首次达III类，连续25年居首');
  });

  it('reads two-digit years', () => {
    expect(readQuery('河北24年外贸涨了几个点？', on('2026-01-01')).years).toEqual([2024]);
  });

  it('writes the abbreviations people use as the reports do, and says what it read', () => {
    const { text, readings } = readEveryday('四川去年社零增速是多少？GDP呢？', on('2025-05-01'));
    expect(text).toBe('四川2024年社会消费品零售总额增速是多少？地区生产总值呢？');
    expect(readings).toEqual(['去年 → 2024年', '社零 → 社会消费品零售总额', 'GDP → 地区生产总值']);
    expect(readEveryday('规上工业增加值和固投', on('2025-01-01')).text).toBe('规模以上工业增加值和固定资产投资');
  });

  it('leaves the abbreviations of an English question in English, for the multilingual model to read', () => {
    const { text, readings } = readEveryday("What was Henan's GDP growth last year?", on('2026-12-02'));
    expect(text).toBe("What was Henan's GDP growth in 2025?");
    expect(readings).toEqual(['last year → in 2025']);
  });

  it('names a five-year plan of an English question as the reports do', () => {
    const { text, readings } = readEveryday('How many new urban jobs did Guiyang create during the 14th Five-Year Plan period?', on('2026-12-02'));
    expect(text).toBe('How many new urban jobs did Guiyang create during “十四五” period?');
    expect(readings).toEqual(['the 14th Five-Year Plan → “十四五”']);
    expect(readEveryday('the 12th five-year plan', on('2026-12-02')).text).toBe('the 12th five-year plan');
  });
});
