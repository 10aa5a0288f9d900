import { beforeAll, describe, expect, it } from 'vitest';
import type { Assistant } from '../../src/answering/ask.ts';
import type { GoldItem } from '../../src/evaluation/gold.ts';
import { sectionMatches } from '../../src/evaluation/match.ts';
import { scoreItem } from '../../src/evaluation/score.ts';
import { fullAssistant } from '../corpus.ts';

let assistant: Assistant;
beforeAll(async () => {
  assistant = await fullAssistant();
});

const beijingGrowth: GoldItem = {
  id: 't-1',
  question: '2024年北京市地区生产总值增长多少？',
  answer: '增长5.2%左右',
  must_contain: ['5.2%'],
  kind: 'number',
  file: '003_c4f11fcceae754a7.txt',
  evidence: '预计全市地区生产总值增长 5.2%左右',
  report: '2025年北京市政府工作报告',
  region: '北京市',
  year: 2025,
  section: '一、2024 年工作回顾',
};

describe('matching sections', () => {
  it('accepts the gold section, a deeper one inside it, and headings the parser joined', () => {
    expect(sectionMatches('一、2024年工作回顾', '一、2024 年工作回顾')).toBe(true);
    expect(sectionMatches('一、2024年工作回顾 > （一）抓战略担使命增势能', '一、2024年工作回顾')).toBe(true);
    expect(sectionMatches('附件 2025年10件惠民实事 > 一、就业', '附件 > 2025 年 10 件惠民实事 > 一、就业')).toBe(true);
    expect(sectionMatches('(八)在统筹发展和安全上善作善为', '（八）在统筹发展和安全上善作善为')).toBe(true);
  });

  it('rejects another section, a shallower one and headings out of order', () => {
    expect(sectionMatches('二、2025年主要任务', '一、2024年工作回顾')).toBe(false);
    expect(sectionMatches('二、2025年主要任务', '二、2025年主要任务 > （六）聚力打造美丽中国建设先行区')).toBe(false);
    expect(sectionMatches('（一）甲 > 一、乙', '一、乙 > （一）甲')).toBe(false);
  });
});

describe('scoring a real answer', () => {
  it('passes a right answer that cites the gold report and section, with the evidence ranked first', async () => {
    const answer = await assistant.ask(beijingGrowth.question, { k: 10 });
    const score = scoreItem(beijingGrowth, answer, 10, 1);
    expect(score).toMatchObject({ pass: true, correct: true, concise: true, citesReports: true, citesSections: true });
    expect(score.evidenceRanks).toEqual([1]);
    expect(score.recall).toEqual({ at1: 1, at5: 1, at10: 1 });
    expect(score.reciprocalRank).toBe(1);
  });

  it('fails an answer that lacks a required string and says which', async () => {
    const item = { ...beijingGrowth, must_contain: ['5.2%', '9.9%'] };
    const score = scoreItem(item, await assistant.ask(item.question, { k: 10 }), 10, 1);
    expect(score).toMatchObject({ pass: false, correct: false, cause: 'wrong-extract-retrieved', missing: ['9.9%'] });
    expect(score.reason).toContain('"9.9%"');
  });

  it('scores each piece of evidence of a comparison and needs every gold report cited', async () => {
    const item: GoldItem = {
      ...beijingGrowth,
      kind: 'comparison',
      question: '2024年北京市和上海市的地区生产总值分别增长多少？',
      must_contain: ['5.2%', '增长5%'],
      extra_evidence: [
        {
          file: '003_c4f11fcceae754a7.txt',
          evidence: '全市生产总值增长5%，城市经济规模进入了5万亿元以上的新阶段',
          report: '2025年上海市政府工作报告',
          section: '一、2024年工作回顾',
        },
      ],
    };
    const answer = await assistant.ask(item.question, { k: 10 });
    const score = scoreItem(item, answer, 10, 1);
    expect(score.evidenceRanks).toHaveLength(2);
    expect(score.evidenceRanks.every((rank) => rank !== null)).toBe(true);
    const cited = new Set(answer.citations.map((c) => c.report));
    expect(score.citesReports).toBe(cited.has('2025年北京市政府工作报告') && cited.has('2025年上海市政府工作报告'));
  });

  it('counts recall only as deep as k passages go', async () => {
    const score = scoreItem(beijingGrowth, await assistant.ask(beijingGrowth.question, { k: 5 }), 5, 1);
    expect(score.recall.at5).toBe(1);
    expect(score.recall.at10).toBeNull();
  });

  it('passes a refused question about a region without a report, and fails an answered one', async () => {
    const unanswerable: GoldItem = {
      ...beijingGrowth,
      kind: 'unanswerable',
      question: '2024年台湾地区生产总值增长多少？',
      answer: 'NOT_IN_CORPUS',
      must_contain: [],
      evidence: '',
      report: '',
      section: '',
      file: '',
    };
    const refused = await assistant.ask(unanswerable.question, { k: 10 });
    expect(refused.refused).toBe(true);
    expect(scoreItem(unanswerable, refused, 10, 1)).toMatchObject({ pass: true, answerable: false });
    const answered = await assistant.ask(beijingGrowth.question, { k: 10 });
    expect(scoreItem(unanswerable, answered, 10, 1)).toMatchObject({ pass: false, cause: 'answered-unanswerable' });
  });
});
