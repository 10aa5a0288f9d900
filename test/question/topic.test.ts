import { describe, expect, it } from 'vitest';
import { aspectsOf } from '../../src/answering/aspects.ts';
import { inReportTerms } from '../../src/question/everyday.ts';
import { readQuery } from '../../src/question/query.ts';
import { topicResidue } from '../../src/question/topic.ts';

const today = new Date('2026-12-07T00:00:00Z');

describe('the topic of a question', () => {
  it('keeps 规模以上 whole and drops the words of a comparison and of the region as a whole', () => {
    const query = readQuery('2024年贵阳市规模以上工业增加值增速与贵州全省相比如何？', today);
    const topic = topicResidue(query.searchText, query.regions);
    expect(topic).toContain('规模以上工业增加值');
    expect(topic).not.toMatch(/相比|全省/);
  });

  it('drops 原计划 whole', () => {
    const query = readQuery('贵阳市2024年产业到位资金原计划是多少？', today);
    expect(topicResidue(query.searchText, query.regions).replace(/\s+/g, '')).toBe('产业到位资金');
  });

  it('writes out the abbreviations the reports use as the question reads them', () => {
    expect(inReportTerms('力争规上工业增加值增长6%以上')).toBe('力争规模以上工业增加值增长6%以上');
  });
});

describe('the target and the result of one figure', () => {
  it('asks the target without the clause asking for the result', () => {
    const [target, result] = aspectsOf(readQuery('贵阳市2024年产业到位资金的目标是多少？实际新增了多少？', today));
    expect(target?.label).toBe('目标');
    expect(target?.query.read).not.toMatch(/实际|新增/);
    expect(result?.query.read).toMatch(/产业到位资金.*实际新增/);
  });

  it('keeps the clause when the topic is named only there', () => {
    const [target] = aspectsOf(readQuery('2024年目标是多少？实际完成地区生产总值增长多少？', today));
    expect(target?.query.read).toMatch(/地区生产总值/);
  });
});
