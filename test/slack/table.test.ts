/** Answers across reports as Slack messages: real answers from the full index, their rows as a compact table. */
import stringWidth from 'string-width';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Assistant } from '../../src/answering/ask.ts';
import type { Answer } from '../../src/domain.ts';
import { answerMessage, MAX_BLOCKS, MAX_TEXT, TABLE_ROWS, type SlackMessage } from '../../src/serving/slack/blocks.ts';
import { fullAssistant } from '../corpus.ts';

let assistant: Assistant;
beforeAll(async () => {
  assistant = await fullAssistant();
});

const NO_SOURCES = new Map<string, string | null>();

const texts = (message: SlackMessage, type: 'section' | 'context') =>
  (message.blocks ?? []).flatMap((b) => (b.type === 'section' && type === 'section' ? [b.text?.text ?? ''] : b.type === 'context' && type === 'context' ? b.elements.map((e) => ('text' in e ? e.text : '')) : []));

/** The lines of the message's code block. */
function tableLines(message: SlackMessage): string[] {
  const block = texts(message, 'section').find((text) => text.startsWith('```'));
  if (!block) throw new Error('no code block');
  return block.replace(/^```\n|\n```$/g, '').split('\n');
}

async function answered(question: string): Promise<Answer & Required<Pick<Answer, 'table'>>> {
  const answer = await assistant.ask(question, { k: 5 });
  if (!answer.table || answer.decision.kind !== 'answer') throw new Error(`${question} was not answered from the indicator table`);
  return { ...answer, table: answer.table };
}

describe('an answer across reports in Slack', () => {
  it('gives the sentence, the first ten rows in a code block with a count of the rest, and the sources of those rows', async () => {
    const answer = await answered('哪个省2025年GDP增长目标最高？');
    expect(answer.table.rows).toHaveLength(31);
    const message = answerMessage(answer, new Map([['2025-tibet', 'https://www.xizang.gov.cn/zwgk/xxfb/zfgzbg/202502/t20250201_446887.html']]));
    const [sentence] = texts(message, 'section');
    expect(sentence).toBe(answer.decision.kind === 'answer' ? answer.decision.sentence : '');
    expect(sentence).toContain('西藏自治区最高');

    const lines = tableLines(message);
    expect(lines).toHaveLength(TABLE_ROWS + 1);
    expect(lines[0]).toMatch(/^\[1\] +西藏自治区 +7%以上（力争达到8%）$/);
    expect(lines[1]).toMatch(/^\[2\] +内蒙古自治区 +6%左右$/);
    expect(lines.at(-1)).toBe('…及其余21个');
    // The figures stand in one column whatever the width of the names before them (a Chinese character is two).
    const figureColumn = (line: string) => stringWidth(/^\[\d+\] +\S+ +/.exec(line)?.[0] ?? '');
    expect(new Set(lines.slice(0, TABLE_ROWS).map(figureColumn))).toEqual(new Set([figureColumn(lines[0] ?? '')]));
    expect(figureColumn(lines[0] ?? '')).toBeGreaterThan(0);

    const sources = texts(message, 'context');
    expect(sources).toHaveLength(TABLE_ROWS + 1);
    expect(sources[0]).toBe('[1] <https://www.xizang.gov.cn/zwgk/xxfb/zfgzbg/202502/t20250201_446887.html|2025年西藏自治区政府工作报告> — 2025年工作安排');
    expect(sources.at(-1)).toBe('另有21处出处未列出');
    expect(message.blocks?.length).toBeLessThanOrEqual(MAX_BLOCKS);
    for (const text of [...texts(message, 'section'), ...sources]) expect(text.length).toBeLessThanOrEqual(MAX_TEXT);
    expect(message.text).toContain('…及其余21个');
    expect(message.text).not.toContain('青海省（2025年政府工作报告）');
  });

  it('counts nothing more when every row fits, and words an English answer in English', async () => {
    const answer = await answered('Which provinces set a 2025 inflation target other than 2%?');
    const message = answerMessage(answer, NO_SOURCES);
    expect(tableLines(message)).toEqual([expect.stringMatching(/^\[1\] +Tibet +within 3%$/), expect.stringMatching(/^\[2\] +Shandong +no number$/), expect.stringMatching(/^\[3\] +Hunan +no number$/)]);
    expect(texts(message, 'context')).toHaveLength(3);
  });

  it("lists one region's years by year", async () => {
    const answer = await answered('贵阳历年地区生产总值增速');
    const lines = tableLines(answerMessage(answer, NO_SOURCES));
    expect(lines).toHaveLength(answer.table.rows.length);
    expect(lines[0]).toMatch(/^\[1\] +2016 +11\.7%$/);
    const periods = lines.map((line) => /^\[\d+\] +(\d{4}) /.exec(line)?.[1]);
    expect(periods).toEqual(answer.table.rows.map((row) => row.period));
    expect(periods).toEqual([...periods].sort());
  });

  it('keeps an answer from one report as it was: its quote and every source', async () => {
    const answer = await assistant.ask('2024年北京市地区生产总值增长多少？', { k: 5 });
    const message = answerMessage(answer, NO_SOURCES);
    expect(answer.table).toBeUndefined();
    expect(texts(message, 'section').some((text) => text.startsWith('```'))).toBe(false);
    expect(texts(message, 'context')).toHaveLength(answer.citations.length);
  });
});
