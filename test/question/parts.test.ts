import { describe, expect, it } from 'vitest';
import { normalizeQuestion } from '../../src/question/normalize.ts';
import { partsOf } from '../../src/question/parts.ts';

const today = new Date('2026-12-02T00:00:00Z');
const subQuestions = (question: string, on: Date) => partsOf(question, on).map((part) => part.text);

describe('questions that ask several things', () => {
  it('splits them into parts that carry the region and year of the part before', () => {
    expect(subQuestions('2024年河南省粮食产量是多少？居民人均可支配收入增长了多少？', today)).toEqual([
      '2024年河南省粮食产量是多少',
      '河南省2024年居民人均可支配收入增长了多少',
    ]);
    expect(subQuestions('上海2024年居民人均可支配收入是多少？2025年GDP增长目标是多少？', today)).toEqual([
      '上海2024年居民人均可支配收入是多少',
      '上海市2025年GDP增长目标是多少',
    ]);
    const english = partsOf("What was Guizhou's GDP growth in 2024, and how long is its expressway network now?", today);
    expect(english).toHaveLength(2);
    // An English part keeps its own words; the region and year it takes are in its fields.
    expect(english[1]).toMatchObject({ text: 'how long is its expressway network now', years: [2024] });
    expect(english[1]?.regions.map((r) => r.name)).toEqual(['贵州省']);
  });

  it('splits questions joined by a comma, each ending in what it asks', () => {
    expect(subQuestions('天津2024年燃气管网改造了多少公里，新设外资企业又有多少家？', today)).toEqual([
      '天津2024年燃气管网改造了多少公里',
      '天津市2024年新设外资企业又有多少家',
    ]);
    expect(subQuestions('2024年北京市，GDP增长多少？', today)).toEqual([normalizeQuestion('2024年北京市，GDP增长多少？')]);
  });

  it('keeps a part that points back at the one before inside one question', () => {
    for (const question of [
      '贵阳市2024年产业到位资金原计划是多少，最后实际新增了多少？',
      '去年GDP增长多少，比全国高多少？',
      '2024年北京和上海的GDP分别是多少，哪个更高？',
      '贵阳2026年的GDP增长目标是多少？2025年实际增长了多少？',
      '2023年贵阳市城乡居民人均可支配收入比是多少？2024年的目标是降到多少？',
      '2025年陕西和宁夏对PM2.5浓度的控制目标分别是多少？哪个更严格？',
      '2024年北京市地区生产总值增长多少？',
    ]) {
      expect(subQuestions(question, today)).toEqual([normalizeQuestion(question)]);
    }
  });
});
