import { beforeAll, describe, expect, it } from 'vitest';
import type { Assistant } from '../../src/answering/ask.ts';
import { fullAssistant } from '../corpus.ts';

let assistant: Assistant;
beforeAll(async () => {
  assistant = await fullAssistant();
});

const compact = (text: string) => text.replace(/\s+/g, '');

describe('answering questions over the full corpus', () => {
  it.each([
    ['2024年北京市地区生产总值增长多少？', '2025-beijing', '5.2%'],
    ['2023年贵阳市地区生产总值达到多少亿元？', '2024-guiyang', '5154.75'],
    ['贵州省2025年地区生产总值增长的预期目标是多少？', '2025-guizhou', '5.5%'],
    ['2024年贵阳市规模以上工业增加值增长了多少？', '2025-guiyang', '9.7%'],
    ['2017年贵阳市生产总值增长目标是多少？', '2017-guiyang', '11%'],
    ["What was Beijing's GDP growth in 2024?", '2025-beijing', '5.2%'],
    // The report writes 全省生产总值, and 全省海洋生产总值 beside it.
    ['2024年浙江省地区生产总值增长多少？', '2025-zhejiang', '全省生产总值增长5.5%'],
    ['贵阳市2024年产业到位资金原计划是多少？', '2024-guiyang', '960亿元'],
  ])('%s → cites %s and quotes %s', async (question, reportId, figure) => {
    const answer = await assistant.ask(question);
    expect(answer.refused).toBe(false);
    expect(compact(answer.answer)).toContain(figure);
    expect(answer.citations[0]?.reportId).toBe(reportId);
    expect(answer.answer).toMatch(/\[1\]/);
    expect(answer.citations[0]?.section).not.toBe('');
  });

  it('answers and cites each part of a question that asks two things', async () => {
    const answer = await assistant.ask('2024年河南省粮食产量是多少？居民人均可支配收入增长了多少？');
    expect(answer.subQuestions).toHaveLength(2);
    expect(compact(answer.answer)).toContain('1344亿斤');
    expect(compact(answer.answer)).toContain('5.4%');
    expect(answer.answer).toMatch(/\[1\].*\[2\]/);
    expect(new Set(answer.citations.map((c) => c.reportId))).toEqual(new Set(['2025-henan']));
  });

  it('reads 去年 against the day asked, and says how it read it', async () => {
    const answer = await assistant.ask('北京去年GDP增长了多少', { askedOn: '2025-03-10' });
    expect(compact(answer.answer)).toContain('5.2%');
    expect(answer.readings).toEqual(['去年 → 2024年', 'GDP → 地区生产总值']);
    await expect(assistant.ask('北京去年GDP增长了多少', { askedOn: '2025-3-10' })).rejects.toThrow();
  });

  it('answers a year past the corpus with the closest year it holds, saying so', async () => {
    const results = await assistant.ask('北京去年GDP增长了多少', { askedOn: '2026-12-02' });
    expect(results.closestYear).toEqual({ asked: 2025, askedFor: 'results', answered: 2024, kind: 'results', latestReport: 2025 });
    expect(results.answer).toMatch(/^语料中没有北京市2025年的实际数据.*最接近的是2024年/);
    expect(compact(results.answer)).toContain('5.2%');
    expect(results.citations[0]?.reportId).toBe('2025-beijing');
    const targets = await assistant.ask('湖南今年地区生产总值增长目标是多少？', { askedOn: '2026-12-02' });
    expect(targets.closestYear).toMatchObject({ asked: 2026, answered: 2025, kind: 'targets' });
    expect(compact(targets.answer)).toContain('5.5%');
    // Long-range targets are in the reports: no closest year stands in for them.
    expect((await assistant.ask('贵阳市到2035年的目标是什么？', { askedOn: '2026-12-02' })).closestYear).toBeUndefined();
  });

  it("answers with the year's own figure, not another year's named beside it in the same report", async () => {
    const answer = await assistant.ask('江苏去年的GDP是多少', { askedOn: '2026-12-02' });
    expect(answer.closestYear).toMatchObject({ asked: 2025, answered: 2024 });
    expect(compact(answer.answer)).toContain('13.7万亿元');
    expect(compact(answer.answer)).not.toContain('2023年达到');
  });

  it("answers results of the latest report's own year by its targets for that year when the year before does not answer", async () => {
    const question = '贵阳今年避暑地产项目完成了多少个？';
    const answer = await assistant.ask(question, { askedOn: '2026-12-02' });
    expect(answer.closestYear).toEqual({ asked: 2026, askedFor: 'results', answered: 2026, kind: 'targets', latestReport: 2026 });
    expect(answer.answer).toMatch(/^语料中没有贵阳市2026年的实际数据.*最接近的是2026年的目标：.*避暑地产项目5个以上/);
    expect(answer.citations[0]?.section).toMatch(/^三、2026年重点工作/);
    // Another year's figure stands in only for the same thing: not `高技术产业投资占…比重` for `民间投资占比`.
    const share = await assistant.ask('贵阳今年民间投资占比达到多少？', { askedOn: '2026-12-02' });
    expect(share.closestYear?.kind).toBe('targets');
    expect(compact(share.answer)).toContain('民间投资占比达45%');
  });

  it('answers the same however few passages are listed with it', async () => {
    const question = '到“十四五”末，贵阳市城市、农村自来水普及率分别达到多少？';
    const listed = await assistant.ask(question, { k: 10 });
    const cited = listed.passages.findIndex((p) => p.chunkId === listed.citations[0]?.chunkId);
    expect(cited).toBeGreaterThan(0);
    const few = await assistant.ask(question, { k: 1 });
    expect(few.passages).toHaveLength(1);
    expect(few.answer).toBe(listed.answer);
    expect(few.citations).toEqual(listed.citations);
  });

  it('quotes exclamations in a row as one utterance, and cuts a long run at its exclamations', async () => {
    const all = await assistant.ask('2025年陕西省政府工作报告向哪些人表示衷心感谢？');
    expect(compact(all.answer)).toMatch(/各位人大代表.*中央驻陕单位.*海内外朋友/);
    const short = await assistant.ask('陕西2025年报告感谢了谁？');
    // A clause alone (`表示衷心感谢！`) would lose whom the thanks are to.
    expect(short.answer.replace(/\[\d+\]$/, '')).toMatch(/^[^！]*向[^！]+表示衷心感谢！$/);
  });

  it('cites each region of a comparison, each from its own report', async () => {
    const answer = await assistant.ask('2024年北京市和上海市城镇调查失业率分别是多少？');
    expect(new Set(answer.citations.map((c) => c.region))).toEqual(new Set(['北京市', '上海市']));
    expect(answer.answer).toMatch(/^北京市（2025年政府工作报告）：.*；上海市（2025年政府工作报告）：/);
  });

  it('returns the top k passages in rank order', async () => {
    const answer = await assistant.ask('2024年北京市地区生产总值增长多少？', { k: 7 });
    expect(answer.passages).toHaveLength(7);
    const scores = answer.passages.map((p) => p.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it.each([
    ['台湾省2024年地区生产总值是多少？', 'no-report', '没有台湾省的政府工作报告'],
    ['2024年东京的地区生产总值增长了多少？', 'no-report', '没有东京的政府工作报告'],
    ['2021年贵阳市地区生产总值增长了多少？', 'period-missing', '2021'],
    ['北京市2024年政府工作报告提出的2024年地区生产总值增长预期目标是多少？', 'no-report', '没有2024年的北京市'],
    ['2024年浙江省设区市PM2.5平均浓度是多少微克/立方米？', 'value-kind-missing', '以微克/立方米计的数字'],
    ['2024年洛阳市地区生产总值增长多少？', 'region-level', '没有洛阳市自己的政府工作报告'],
    ['2024年黑龙江省城镇调查失业率的具体数值是多少？', 'low-confidence', '黑龙江省2024年城镇调查失业率'],
    ['What was the surveyed urban unemployment rate in Heilongjiang in 2024?', 'low-confidence', 'Heilongjiang, 2024'],
    ['？？？？！！！', 'no-topic', '没有可以查找的内容'],
    ['<script>alert(1)</script>', 'no-topic', '没有可以查找的内容'],
  ])('refuses %s (%s), saying in one line what is missing', async (question, code, missing) => {
    const answer = await assistant.ask(question);
    expect(answer.refused).toBe(true);
    expect(answer.decision).toMatchObject({ kind: 'refuse', code });
    expect(answer.answer).toContain(missing);
    expect(answer.answer).not.toContain('\n');
    expect(answer.citations).toEqual([]);
  });

  it('refuses a near miss, the total where what was added is asked, listing related passages apart from the answer', async () => {
    // Tianjin's report gives how many high-tech enterprises there are (突破1.2万家), not how many were added.
    const answer = await assistant.ask('2024年天津新增了多少家国家高新技术企业？');
    expect(answer.refused).toBe(true);
    expect(answer.citations).toEqual([]);
    if (answer.decision.kind !== 'refuse') throw new Error('a refusal carries its decision');
    expect(answer.decision.code).toBe('low-confidence');
    expect(answer.decision.best?.sentence).toContain('1.2万家');
    expect(answer.decision.related.length).toBeGreaterThanOrEqual(2);
    expect(answer.decision.related.length).toBeLessThanOrEqual(3);
    for (const passage of answer.decision.related) {
      expect(passage).toMatchObject({ reportId: '2025-tianjin', chunkId: expect.any(String), section: expect.any(String) });
      expect(passage.text.length).toBeGreaterThan(0);
    }
  });

  it('refuses a city its own report does not cover when the province report does not name it beside the figure', async () => {
    for (const question of ['2024年苏州地区生产总值增长了多少？', '2024年郑州机场旅客吞吐量是多少万人次？']) {
      const city = await assistant.ask(question);
      expect(city.decision, question).toMatchObject({ kind: 'refuse', code: 'region-level' });
    }
    const province = await assistant.ask('2024年江苏地区生产总值增长了多少？');
    expect(province.refused).toBe(false);
    expect(province.citations[0]?.reportId).toBe('2025-jiangsu');
    expect(compact(province.answer)).toContain('5.8%');
  });

  it('answers what its decision was, with the confidence and features behind it', async () => {
    const answer = await assistant.ask('2024年北京市地区生产总值增长多少？');
    if (answer.decision.kind !== 'answer') throw new Error('answered');
    expect(answer.decision.confidence).toBeGreaterThan(0);
    expect(answer.decision.confidence).toBeLessThanOrEqual(1);
    expect(answer.decision.chunkId).toBe(answer.citations[0]?.chunkId);
    expect(answer.decision.features).toMatchObject({ similarityZ: expect.any(Number), coverage: expect.any(Number), bestLogit: expect.any(Number) });
  });

  it('answers facts about a report from what it states of its delivery, and refuses those it does not state', async () => {
    const speaker = await assistant.ask('2025年湖北省政府工作报告是谁作的？他是什么职务？');
    expect(speaker.decision.kind).toBe('answer');
    expect(speaker.answer).toMatch(/湖北省人民政府代省长李殿勋/);
    expect(speaker.citations[0]).toMatchObject({ reportId: '2025-hubei', section: '' });
    const date = await assistant.ask('2025年上海市政府工作报告是哪天作的？');
    expect(date.answer).toContain('2025年1月15日');
    const meeting = await assistant.ask('When was Guizhou\'s 2025 government work report delivered, and at which meeting?');
    expect(meeting.answer).toMatch(/20 January 2025|19 January 2025/);
    expect(meeting.answer).toContain('贵州省第十四届人民代表大会第三次会议');
    const unstated = await assistant.ask('2024年贵阳市政府工作报告是谁作的？');
    expect(unstated.decision).toMatchObject({ kind: 'refuse', code: 'not-stated' });
  });

  it('lists the reports it holds when asked', async () => {
    const answer = await assistant.ask('你们有哪些报告？');
    expect(answer.decision.kind).toBe('answer');
    expect(answer.answer).toMatch(/^语料共有35份政府工作报告/);
    expect(answer.answer).toContain('贵阳市（2017、2024、2025、2026年）');
  });

  it('asks back which region a question means when several regions speak of its topic, offering them as choices', async () => {
    const answer = await assistant.ask('经济怎么样');
    expect(answer.refused).toBe(true);
    if (answer.decision.kind !== 'clarify') throw new Error('asked back');
    expect(answer.decision.choices.length).toBeGreaterThanOrEqual(2);
    for (const choice of answer.decision.choices) expect(choice.question).toBe(`${choice.label}经济怎么样`);
    // A topic only one region's report speaks of is answered from it.
    const specific = await assistant.ask('截至2024年，中老铁路累计发送旅客和货物各多少？');
    expect(specific.citations[0]?.reportId).toBe('2025-yunnan');
  });

  it('gives the numbered items of an enumeration a list question asks for, not the sentence announcing it', async () => {
    const answer = await assistant.ask('贵阳2026年十件民生实事有哪些？');
    expect(answer.answer.match(/（\d+）/g)).toEqual(['（1）', '（2）', '（3）', '（4）', '（5）', '（6）', '（7）', '（8）', '（9）', '（10）']);
    expect(answer.answer).toContain('（1）办好人民满意的教育');
    expect(answer.answer).not.toContain('今年将继续办好');
  });

  it('reads full-width digits and letters as a question typed with a Chinese input method', async () => {
    const answer = await assistant.ask('２０２４年北京ＧＤＰ增长多少？');
    expect(answer.citations[0]?.reportId).toBe('2025-beijing');
    expect(compact(answer.answer)).toContain('5.2%');
  });

  it('says whose figure a quote is and from which report, in the language asked', async () => {
    const chinese = await assistant.ask('2024年浙江省城镇新增就业多少人？');
    expect(chinese.answer).toMatch(/^浙江省（2025年政府工作报告）：.*118\.3万人.*\[1\]$/);
    const english = await assistant.ask("What was Beijing's GDP growth in 2024?");
    expect(english.answer).toMatch(/^Beijing \(2025 government work report\): “.*5\.2%.*” \[1\]$/);
  });

  it('answers each year of a question about two years from the report that reviews it', async () => {
    const answer = await assistant.ask('贵阳市城镇新增就业2023年和2024年分别是多少？');
    expect(answer.answer).toMatch(/^2023年（贵阳市2024年政府工作报告）：.*；2024年（贵阳市2025年政府工作报告）：/);
    expect(answer.citations.map((c) => c.reportId)).toEqual(['2024-guiyang', '2025-guiyang']);
  });

  it('answers from each report a question names', async () => {
    const answer = await assistant.ask('贵阳市2017年和2026年政府工作报告分别提出的地区生产总值增长目标是多少？');
    expect(answer.answer).toMatch(/^2017年报告（贵阳市2017年政府工作报告）：.*；2026年报告（贵阳市2026年政府工作报告）：/);
    expect(answer.citations.map((c) => c.reportId)).toEqual(['2017-guiyang', '2026-guiyang']);
  });

  it('sets the target of a year against its result', async () => {
    const answer = await assistant.ask('贵阳市2024年规模以上工业增加值增长目标是多少？实际增长了多少？');
    expect(answer.answer).toMatch(/^目标（贵阳市2024年政府工作报告）：.*；实际（贵阳市2025年政府工作报告）：.*9\.7%/);
    expect(answer.citations.map((c) => c.reportId)).toEqual(['2024-guiyang', '2025-guiyang']);
  });

  it('quotes the front matter for questions about the report and never for questions about its content', async () => {
    const speaker = await assistant.ask('2025年北京市政府工作报告是谁作的？');
    expect(speaker.answer).toContain('殷勇');
    expect(speaker.citations[0]).toMatchObject({ reportId: '2025-beijing', section: '' });
    const content = await assistant.ask("What did Chongqing's 2025 government work report say about ports?");
    expect(content.citations.every((c) => c.section !== '')).toBe(true);
  });

  it('quotes an enumeration whole, so that no item is paired with the figure of another', async () => {
    const answer = await assistant.ask('福建2024年农村居民人均可支配收入增长多少？');
    expect(compact(answer.answer)).toContain('城镇居民、农村居民人均可支配收入分别增长4.6%、6.7%');
  });

  it('quotes a ratio whole', async () => {
    const answer = await assistant.ask('2017年贵阳市政府工作报告称，过去五年贵阳三次产业结构调整为多少？');
    expect(answer.answer).toMatch(/\d+(?:\.\d+)?:\d+(?:\.\d+)?:\d+(?:\.\d+)?/);
  });

  it('explains a note marker in the quote with the note, cited to the notes section', async () => {
    const answer = await assistant.ask('海南2024年抗击台风后最短时间实现的“六通一排”指什么？');
    expect(answer.answer).toContain('六通一排（通路、通电、通水、通信、通气、通油和城乡排涝[2]）');
    expect(answer.citations.map((c) => [c.n, c.reportId, c.section.split(' > ')[0]])).toContainEqual([2, '2025-hainan', '注释']);
  });

  it('answers what a term stands for from the report glossary', async () => {
    for (const [question, reportId] of [
      ['海南的四大主导产业是哪四个？', '2025-hainan'],
      ['云南的“10种有色金属”是哪些？', '2025-yunnan'],
    ] as const) {
      const answer = await assistant.ask(question);
      expect(answer.citations[0]).toMatchObject({ reportId, section: expect.stringMatching(/注释|名词解释/) });
      // One citation mark, and no note marker of the source left beside it.
      expect(answer.answer.match(/\[\d+\]/g)).toEqual(['[1]']);
    }
  });

  it('keeps every item of a list the question asks for', async () => {
    const answer = await assistant.ask('宁夏提出的“六个严防”包括哪些？');
    const items = answer.answer.match(/严防发生/g) ?? [];
    expect(items).toHaveLength(6);
    expect(answer.answer.length).toBeLessThanOrEqual(300);
  });

  it('reads a five-year review in the report a question names', async () => {
    const answer = await assistant.ask('2017年贵阳市政府工作报告称，过去五年贵阳群众安全感上升到了多少？');
    expect(answer.refused).toBe(false);
    expect(answer.citations[0]).toMatchObject({ reportId: '2017-guiyang', section: expect.stringMatching(/^一、过去五年工作回顾/) });
  });

  it('refuses a question no passage covers', async () => {
    const answer = await assistant.ask('北京市的量子纠缠猫咪咖啡馆有几家？');
    expect(answer.refused).toBe(true);
  });
});
