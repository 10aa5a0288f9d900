import { describe, expect, it } from 'vitest';
import { givesOnlyRatioOf } from '../../src/answering/ratio.ts';
import { fullAssistant } from '../corpus.ts';

describe('a quantity given only as a ratio of the one asked for', () => {
  it('is told from the quantity itself', () => {
    const asked = '重庆2024年地区生产总值是多少';
    expect(givesOnlyRatioOf(asked, '人均地区生产总值突破10万元')).toBe(true);
    expect(givesOnlyRatioOf(asked, '单位地区生产总值能耗下降2.5%')).toBe(true);
    expect(givesOnlyRatioOf(asked, '绿色经济占全市地区生产总值比重提升至50%以上')).toBe(true);
    expect(givesOnlyRatioOf(asked, '全年地区生产总值达到32193.15亿元、增长5.7%，人均地区生产总值突破10万元')).toBe(false);
    expect(givesOnlyRatioOf(asked, '全年地区生产总值达到32193.15亿元')).toBe(false);
    expect(givesOnlyRatioOf('重庆2024年人均地区生产总值是多少', '人均地区生产总值突破10万元')).toBe(false);
  });

  it('gives way to the total in the answer', async () => {
    const assistant = await fullAssistant();
    const answer = await assistant.ask('重庆去年的经济总量是多少？', { askedOn: '2025-03-01' });
    expect(answer.citations[0]?.region).toBe('重庆市');
    expect(answer.answer).toMatch(/地区生产总值(?:达到)?\d+(?:\.\d+)?亿元/);
    expect(answer.answer).not.toMatch(/^人均/);
  });

  it('answers a question asking for a share with a share, not with a change', async () => {
    const assistant = await fullAssistant();
    const answer = await assistant.ask('Guangdong R&D intensity 2024', { askedOn: '2025-06-01' });
    expect(answer.citations[0]?.region).toBe('广东省');
    expect(answer.answer).toMatch(/研发投入强度\s*3\.6%/);
  });
});
