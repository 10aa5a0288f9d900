import { describe, expect, it } from 'vitest';
import type { Answer, Citation } from '../../src/domain.ts';
import { answerMessage, MAX_BLOCKS, MAX_TEXT } from '../../src/serving/slack/blocks.ts';
import { escapeText, link, typedText } from '../../src/serving/slack/mrkdwn.ts';

function citation(n: number, fields: Partial<Citation> = {}): Citation {
  return {
    n,
    chunkId: `chunk-${n}`,
    reportId: '2025-beijing',
    report: '2025年北京市政府工作报告',
    region: '北京市',
    year: 2025,
    section: '一、2024年工作回顾',
    text: '全市地区生产总值增长5.2%左右。',
    score: 1,
    ...fields,
  };
}

function answer(text: string, citations: Citation[] = [citation(1)]): Answer {
  return {
    question: '问题',
    answer: text,
    refused: false,
    decision: { kind: 'answer', confidence: 0.9, sentence: text, chunkId: 'chunk-1', features: {} },
    citations,
    passages: [],
    retrievers: ['lexical'],
    timingsMs: { retrieve: 0, compose: 0, total: 0 },
  };
}

const sources = new Map([['2025-beijing', 'https://www.beijing.gov.cn/report?year=2025&part=1']]);

describe('an answer as a Slack message', () => {
  it('is a mrkdwn section and a context block per citation, the title linked to its source', () => {
    const message = answerMessage(answer('预计全市地区生产总值增长5.2%左右[1]'), sources);
    expect(message.blocks).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: '预计全市地区生产总值增长5.2%左右[1]' } },
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: '[1] <https://www.beijing.gov.cn/report?year=2025&amp;part=1|2025年北京市政府工作报告> — 一、2024年工作回顾' }],
      },
    ]);
    expect(message.text).toBe(
      '预计全市地区生产总值增长5.2%左右[1]\n\n[1] <https://www.beijing.gov.cn/report?year=2025&amp;part=1|2025年北京市政府工作报告> — 一、2024年工作回顾',
    );
  });

  it('names the report without a link when its source is unknown', () => {
    const message = answerMessage(answer('答[1]'), new Map([['2025-beijing', null]]));
    expect(message.blocks?.[1]).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: '[1] 2025年北京市政府工作报告 — 一、2024年工作回顾' }] });
  });

  it('gives the page of a passage read from a PDF', () => {
    const message = answerMessage(answer('答[1]', [citation(1, { page: 12 })]), new Map([['2025-beijing', null]]));
    expect(message.blocks?.[1]).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: '[1] 2025年北京市政府工作报告 — 一、2024年工作回顾（第12页）' }] });
    expect(message.text).toContain('一、2024年工作回顾（第12页）');
  });

  it('escapes what a report says, so that it pings no one', () => {
    const message = answerMessage(answer('通知<!channel>：A&B <@U123> 及 @here[1]', [citation(1, { section: '一、<!everyone> > 二' })]), sources);
    const texts = [message.text, ...(message.blocks ?? []).map((b) => JSON.stringify(b))].join('\n');
    expect(texts).not.toMatch(/<!|<@/);
    expect(message.blocks?.[0]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: '通知&lt;!channel&gt;：A&amp;B &lt;@U123&gt; 及 @\u200bhere[1]' } });
    expect(JSON.stringify(message.blocks?.[1])).toContain('一、&lt;!everyone&gt; &gt; 二');
  });

  it('splits a long answer into sections within 3,000 characters, at sentence ends, losing nothing', () => {
    const sentence = `${'经济运行稳中有进&'.repeat(20)}。`;
    const text = sentence.repeat(30);
    const message = answerMessage(answer(text), sources);
    const sections = (message.blocks ?? []).filter((b) => b.type === 'section').map((b) => (b.type === 'section' ? (b.text?.text ?? '') : ''));
    expect(sections.length).toBeGreaterThan(1);
    for (const section of sections) {
      expect(section.length).toBeLessThanOrEqual(MAX_TEXT);
      expect(section.endsWith('。')).toBe(true);
    }
    expect(sections.join('')).toBe(escapeText(text));
  });

  it('cuts a sentence longer than a section, and an answer too long for a message', () => {
    const message = answerMessage(answer('长'.repeat(50_000)), sources);
    const sections = (message.blocks ?? []).filter((b) => b.type === 'section');
    expect(sections.length).toBeLessThanOrEqual(20);
    for (const section of sections) expect(section.type === 'section' && (section.text?.text.length ?? 0)).toBeLessThanOrEqual(MAX_TEXT);
    expect(message.text.length).toBeLessThan(40_000);
  });

  it('keeps within 50 blocks, saying how many sources it left out', () => {
    const many = Array.from({ length: 60 }, (_, i) => citation(i + 1, { chunkId: `c${i}` }));
    const message = answerMessage(answer('答[1]', many), sources);
    expect(message.blocks).toHaveLength(MAX_BLOCKS);
    expect(message.blocks?.at(-1)).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: '另有12处出处未列出' }] });
    expect(message.text).toContain('[60] ');
  });
});

describe('Slack text', () => {
  it('reads a message as typed: the bot mention removed, other markup by its label, escapes undone', () => {
    expect(typedText('<@U0BOT> 2024年 A&amp;B &lt;GDP&gt; <https://x.gov.cn|政府网站> <#C123|general> <!here> <@U999>', 'U0BOT')).toBe(
      '2024年 A&B <GDP> 政府网站 general',
    );
    expect(typedText('<https://x.gov.cn/a?b=1&amp;c=2>')).toBe('https://x.gov.cn/a?b=1&c=2');
    expect(typedText('<@U0BOT>', 'U0BOT')).toBe('');
  });

  it('links only to http(s) sources, with the characters that would end a link encoded', () => {
    expect(link('javascript:alert(1)', '报告')).toBe('报告');
    expect(link('https://a.gov.cn/x|y>z', 'A<B')).toBe('<https://a.gov.cn/x%7Cy%3Ez|A&lt;B>');
  });

  it('shows the passages beside a refusal in a context block that says they are no answer', () => {
    const related = [citation(1, { text: '一般公共预算支出规模8397亿元。<!channel>' }), citation(2, { section: '' })];
    const refusal: Answer = {
      ...answer('报告中没有北京市2024年一般公共预算收入总额的数字。', []),
      refused: true,
      decision: { kind: 'refuse', code: 'low-confidence', detail: '报告中没有北京市2024年一般公共预算收入总额的数字。', related },
    };
    const message = answerMessage(refusal, sources);
    const context = message.blocks?.at(-1);
    expect(context?.type).toBe('context');
    const text = context?.type === 'context' ? (context.elements[0] as { text: string }).text : '';
    expect(text).toMatch(/^相关内容（仅供参考，不是答案）：\n• 2025年北京市政府工作报告 — 一、2024年工作回顾：一般公共预算支出规模8397亿元。&lt;!channel&gt;\n• 2025年北京市政府工作报告：/);
    expect(message.text).toContain('相关内容（仅供参考，不是答案）');
  });

  it('asks back with a button for each choice, whose value is the question as it would then be asked', () => {
    const choices = [
      { label: '北京市', question: '北京市经济怎么样' },
      { label: '上海市', question: '上海市经济怎么样' },
    ];
    const asked: Answer = { ...answer('您问的是哪个地区？北京市、上海市', []), refused: true, decision: { kind: 'clarify', question: '您问的是哪个地区？', choices } };
    const message = answerMessage(asked, sources);
    expect(message.blocks?.[1]).toEqual({
      type: 'actions',
      elements: [
        { type: 'button', action_id: 'choice-0', text: { type: 'plain_text', text: '北京市' }, value: '北京市经济怎么样' },
        { type: 'button', action_id: 'choice-1', text: { type: 'plain_text', text: '上海市' }, value: '上海市经济怎么样' },
      ],
    });
    expect(message.text).toBe('您问的是哪个地区？北京市、上海市');
  });
});
