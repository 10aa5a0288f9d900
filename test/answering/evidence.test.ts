import { describe, expect, it } from 'vitest';
import { coverage, queryTerms } from '../../src/answering/evidence.ts';
import { fullIndex } from '../corpus.ts';

describe('the terms of a question', () => {
  it('count a Chinese term given to an English question only where a text writes it whole, and as one term', async () => {
    const index = await fullIndex();
    const phrases = ['森林覆盖率', '地区生产总值 生产总值 GDP'];
    const terms = await queryTerms(`forest coverage rate and GDP ${phrases.join(' ')}`, [], index, phrases);
    // The English words are in no report: the two Chinese terms are all there is to cover.
    expect(terms.terms).toHaveLength(2);
    const [forest, gdp] = terms.terms;
    expect(coverage('乡镇区域养老服务中心覆盖率超60%', terms)).toBe(0);
    expect(coverage('森林覆盖率达66.8%', terms)).toBeCloseTo((forest?.weight ?? 0) / terms.total, 6);
    // Any of a term's forms will do.
    expect(coverage('全省生产总值增长5.5%', terms)).toBeCloseTo((gdp?.weight ?? 0) / terms.total, 6);
  });

  it('leave out Latin letters standing alone', async () => {
    const index = await fullIndex();
    const terms = await queryTerms("Hunan's R&D 研发", [], index, ['研发']);
    expect(terms.terms).toHaveLength(1);
    expect(coverage('研发投入强度提升至2.57%', terms)).toBe(1);
  });

  it('weigh a term of several forms as its commonest form, however rare another is', async () => {
    const index = await fullIndex();
    const weightOf = async (phrase: string) => (await queryTerms(phrase, [], index, [phrase])).terms[0]?.weight ?? NaN;
    const phrases = ['目标 预期目标', '地区生产总值 生产总值 GDP'];
    const [target, gdp] = (await queryTerms(`the target for GDP ${phrases.join(' ')}`, [], index, phrases)).terms;
    // The reports seldom write `GDP` or `期目`; that makes neither term rarer.
    expect(target?.weight).toBeCloseTo(await weightOf('目标'), 6);
    expect(gdp?.weight).toBeCloseTo(await weightOf('生产总值'), 6);
    expect(await weightOf('预期目标')).toBeGreaterThan(await weightOf('目标'));
  });
});
