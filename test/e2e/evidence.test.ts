/**
 * All the evidence: every passage retrieved under the answer (report, section, similarity), each opening in the
 * panel; the filter an answer was given under; a way out of a filter that refused it; the cited phrase, not the
 * whole paragraph, highlighted in the panel, with the previous and next citation a click away.
 */
import { describe, expect, test } from 'vitest';
import { ask, pageSession, screenshot, settledAnswer } from './harness.ts';

const session = pageSession();
const { pages } = session;

describe('seeing all the evidence', () => {
  test('every passage retrieved is listed, folded, with its report, section and similarity, and opens in the panel', async () => {
    const { page, socket } = await pages.open();
    await ask(page, '2024年北京GDP增长多少？');
    const answer = await settledAnswer(page, 0);
    const passages = socket.results[0]?.passages ?? [];
    expect(passages.length).toBe(5);
    const retrieved = answer.locator('.retrieved');
    expect(await retrieved.getAttribute('open')).toBeNull();
    expect(await retrieved.locator('summary').innerText()).toBe(`检索到的段落\n${passages.length}`);
    await retrieved.locator('summary').click();
    const links = retrieved.locator('.retrieved-link');
    expect(await links.count()).toBe(passages.length);
    for (const [i, passage] of passages.entries()) {
      const link = links.nth(i);
      expect(await link.locator('.source-report').innerText()).toBe(`${passage.report}相似度 ${passage.similarity?.toFixed(2)}`);
      expect(await link.locator('.source-section').innerText()).toBe(passage.section);
    }
    await screenshot(page, 'retrieved-passages');
    // A passage the answer does not cite opens in place like a citation.
    const uncited = passages.findIndex((p) => !socket.results[0]?.citations.some((c) => c.chunkId === p.chunkId));
    expect(uncited).toBeGreaterThanOrEqual(0);
    await links.nth(uncited).click();
    const cited = page.locator('.paragraph-cited');
    await cited.waitFor();
    expect(await cited.textContent()).toContain(passages[uncited]?.text.slice(0, 30));
    expect(await page.locator('#panel-title').innerText()).toBe(passages[uncited]?.report);
  });

  test('the filter is shown on the answer, and a filter that refused the question can be cleared and the question asked again', async () => {
    const { page, socket } = await pages.open();
    await page.locator('#region-filter option').nth(1).waitFor({ state: 'attached' });
    await page.locator('#region-filter').selectOption('北京市');
    await page.locator('#year-filter').selectOption('2025');
    await ask(page, '地区生产总值增长多少？');
    const filtered = await settledAnswer(page, 0);
    expect(await filtered.locator('.answer-filter').innerText()).toBe('筛选北京市 · 2025');

    await page.locator('#region-filter').selectOption('河南省');
    await ask(page, '2024年北京GDP增长多少？');
    const refused = await settledAnswer(page, 1);
    const decision = socket.results[1]?.decision;
    expect(decision?.kind === 'refuse' && decision.code).toBe('filtered-out');
    expect(await refused.locator('.answer-reason').innerText()).toBe('当前筛选条件下没有相关报告');
    expect(await refused.locator('.answer-filter').innerText()).toBe('筛选河南省 · 2025');
    await screenshot(page, 'filter-refusal');
    await refused.getByRole('button', { name: '清除筛选并重试' }).click();
    await settledAnswer(page, 1);
    expect(await refused.getAttribute('data-state')).toBe('answered');
    expect(await refused.locator('.answer-text').innerText()).toContain('5.2%');
    expect(await refused.locator('.answer-filter').count()).toBe(0);
    expect(socket.sent.at(-1)).toEqual(expect.objectContaining({ question: '2024年北京GDP增长多少？' }));
    expect(socket.sent.at(-1)?.region).toBeUndefined();
    expect(await page.locator('#region-filter').inputValue()).toBe('');
    expect(await page.locator('#year-filter').inputValue()).toBe('');
  });

  test('the cited phrase of each part of a comparison is highlighted, and the panel steps between the citations', async () => {
    const { page, socket } = await pages.open();
    await ask(page, '2024年北京和上海GDP增长哪个更快？');
    const answer = await settledAnswer(page, 0);
    const citations = socket.results[0]?.citations ?? [];
    expect(citations.length).toBe(2);
    await answer.locator('.answer-text .chip').first().click();
    const mark = page.locator('.paragraph-cited mark');
    await mark.first().waitFor();
    const paragraph = await page.locator('.paragraph-cited').innerText();
    expect(await mark.first().innerText()).toContain('5.2%');
    expect((await mark.allInnerTexts()).join('').length).toBeLessThan(paragraph.length / 2);
    const previous = page.locator('#panel-previous');
    const next = page.locator('#panel-next');
    expect(await previous.isDisabled()).toBe(true);
    expect(await next.isEnabled()).toBe(true);
    await screenshot(page, 'comparison-citation-1');

    await next.click();
    await expect.poll(() => page.locator('#panel-number').innerText()).toBe('2');
    await page.locator('#panel-title').filter({ hasText: citations[1]?.report ?? '' }).waitFor();
    await mark.first().waitFor();
    expect(await mark.first().innerText()).toContain('5%');
    expect(await next.isDisabled()).toBe(true);
    await previous.click();
    await expect.poll(() => page.locator('#panel-number').innerText()).toBe('1');
  });

  test('a row of an answer across reports has its clause highlighted in the panel', async () => {
    const { page, socket } = await pages.open();
    await ask(page, '哪个省2025年GDP增长目标最高？');
    const answer = await settledAnswer(page, 0);
    const first = socket.results[0]?.citations[0];
    if (!first) throw new Error('the ranking cites its rows');
    // The row of citation 1 in the table: its clause is the citation's text.
    await answer.locator('.table-chip', { hasText: /^1$/ }).click();
    const mark = page.locator('.paragraph-cited mark');
    await mark.first().waitFor();
    expect(await mark.first().innerText()).toBe(first.text);
    expect(first.text.length).toBeLessThan((await page.locator('.paragraph-cited').innerText()).length);
    expect(await page.locator('#panel-next').isEnabled()).toBe(true);
  });
});
