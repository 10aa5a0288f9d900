import { beforeAll, describe, expect, it } from 'vitest';
import type { Assistant } from '../../src/answering/ask.ts';
import { sectionPeriod } from '../../src/retrieval/period.ts';
import { corpus, fullAssistant } from '../corpus.ts';

const topHeadings = (id: string) => {
  const report = corpus().reports.find((r) => r.id === id);
  if (!report) throw new Error(`no report ${id}`);
  return report.sections.filter((s) => s.level === 1).map((s) => s.title);
};

describe('the period a section speaks of', () => {
  it('reads results of the year before and targets of the report year in every provincial report that dates its parts', () => {
    const provincial = corpus().reports.filter((r) => r.year === 2025 && r.region !== '贵阳市' && r.region !== '福建省');
    expect(provincial).toHaveLength(30);
    for (const report of provincial) {
      const periods = report.sections.filter((s) => s.level === 1).map((s) => sectionPeriod(s.title, report.year));
      expect(periods[0], report.id).toEqual({ from: 2024, to: 2024, kind: 'results' });
      expect(periods[1], report.id).toEqual({ from: 2025, to: 2025, kind: 'targets' });
    }
  });

  it('reads five-year reviews and plans', () => {
    expect(topHeadings('2017-guiyang').map((h) => sectionPeriod(h, 2017))).toEqual([
      { from: 2012, to: 2016, kind: 'results' },
      { from: 2017, to: 2021, kind: 'targets' },
      { from: 2017, to: 2017, kind: 'targets' },
      undefined,
    ]);
    expect(topHeadings('2026-guiyang').map((h) => sectionPeriod(h, 2026))).toEqual([
      { from: 2025, to: 2025, kind: 'results' },
      { from: 2026, to: 2030, kind: 'targets' },
      { from: 2026, to: 2026, kind: 'targets' },
    ]);
  });
});

describe('questions about a year', () => {
  let assistant: Assistant;
  beforeAll(async () => {
    assistant = await fullAssistant();
  });

  it('take targets from the plan part and results from the review part of the same report', async () => {
    const target = await assistant.ask('重庆市2025年空气质量优良天数的目标是多少天？');
    expect(target.citations[0]?.section).toMatch(/^二、2025年主要任务/);
    expect(target.answer).toContain('338天');
    const result = await assistant.ask('重庆市2024年空气质量优良天数达到多少天？');
    expect(result.citations[0]?.section).toMatch(/^一、2024年工作回顾/);
    expect(result.answer).toContain('329天');
  });

  it('about a five-year plan are weighed by what the reports say of the plan, not of one year', async () => {
    const answer = await assistant.ask('How many people found new urban jobs in Guiyang during the 14th Five-Year Plan period?');
    // Answered or not, the sentence the decision weighed best is the plan's.
    const weighed = answer.decision.kind === 'answer' ? answer.decision : answer.decision.kind === 'refuse' ? answer.decision.best : undefined;
    expect(weighed?.sentence).toMatch(/城镇新增就业\d+万人/);
    expect(answer.passages.find((p) => p.chunkId === weighed?.chunkId)?.section).toMatch(/“十四五”/);
  });

  it('are not answered with the target set for the year when they ask what was achieved', async () => {
    const target = await assistant.ask('2024年贵阳市社会消费品零售总额增长的目标是多少？');
    expect(target.refused).toBe(false);
    expect(target.citations[0]?.section).toMatch(/^二、2024年工作目标/);
    const result = await assistant.ask('2024年贵阳市社会消费品零售总额增长了多少？');
    expect(result.refused).toBe(true);
    expect(result.answer).toContain('贵阳市2024年社会消费品零售总额');
  });
});
