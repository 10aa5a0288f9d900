/**
 * What the start screen says the assistant knows, from the reports the server holds: coverage in a line, regions by
 * level on demand, where a year's results are, and an example of each kind it answers well, each one answered; the
 * 报告 view lists every report with its metadata and opens its sections in the panel.
 */
import { describe, expect, test } from 'vitest';
import type { ListedReport } from '../../src/domain.ts';
import { pageSession, PHONE, screenshot, settledAnswer } from './harness.ts';

const session = pageSession();
const { pages } = session;

describe('what the assistant knows', () => {
  test('the start screen states the coverage computed from the reports, and the regions by level on demand', async () => {
    const { page, errors } = await pages.open();
    const line = page.locator('.coverage-line');
    await line.waitFor();
    expect(await line.innerText()).toBe('覆盖范围31个省级地区的2025年政府工作报告，贵阳市2017、2024—2026年报告');
    expect(await page.locator('.coverage-results').innerText()).toBe('2024年的实际数据在2025年的报告里');

    const regions = page.locator('.coverage-regions');
    expect(await regions.locator('.coverage-level').first().isVisible()).toBe(false);
    await regions.locator('summary').click();
    const levels = regions.locator('.coverage-level');
    expect(await levels.locator('h4').allInnerTexts()).toEqual(['省级 (31)', '地市级 (1)']);
    expect(await levels.nth(0).locator('li').count()).toBe(31);
    expect(await levels.nth(1).innerText()).toContain('贵阳市 2017、2024—2026');
    await screenshot(page, 'coverage-start-screen');

    await page.locator('#language-toggle').click();
    expect(await line.innerText()).toBe("Coverage2025 government work reports of 31 provincial-level regions; Guiyang's reports of 2017 and 2024–2026");
    expect(await page.locator('.coverage-results').innerText()).toBe('Results for 2024 are in the 2025 reports');
    expect(await levels.nth(1).innerText()).toContain('Guiyang 2017 and 2024–2026');
    expect(errors).toEqual([]);
  });

  test('offers an example of each kind, and each is answered', async () => {
    const { page, socket } = await pages.open();
    const examples = page.locator('.example');
    expect(await page.locator('.example-kind').allInnerTexts()).toEqual(['数字', '清单', '比较', '跨报告排名', '追问', '英文提问']);
    expect(await examples.nth(5).locator('.example-question').getAttribute('lang')).toBe('en');
    const kinds = await page.locator('.example-kind').count();
    let answers = 0;
    for (let i = 0; i < kinds; i++) {
      await page.locator('#new-conversation').click();
      await page.locator('.example').nth(i).click();
      const asked = (await page.locator('.example').nth(i).locator('.example-question').count()) || 1;
      for (let k = 0; k < asked; k++) {
        const answer = await settledAnswer(page, k);
        expect(await answer.getAttribute('data-state'), `example ${i}, question ${k}`).toBe('answered');
      }
      answers += asked;
    }
    expect(socket.results).toHaveLength(answers);
    // The follow-up example asks its second question with the first as its conversation.
    const followUp = socket.results.find((r) => r.question === '那北京呢？');
    expect(followUp?.followUp?.carriedOver.years).toEqual([2024]);
    expect(socket.results.find((r) => r.question === '哪个省2025年GDP增长目标最高？')?.aggregate?.form).toBe('rank');
  }, 120_000);

  test('the 报告 view lists every report with its metadata and opens its section tree in the panel', async () => {
    const { page, errors } = await pages.open();
    const listed = (await (await fetch(new URL('/api/reports', session.server().url))).json()) as ListedReport[];
    const button = page.locator('#reports-button');
    await page.locator('#reports-button:not([disabled])').waitFor();
    await button.click();
    const items = page.locator('.report-item');
    expect(await items.count()).toBe(listed.length);
    expect(await page.locator('#panel-title').innerText()).toBe('全部报告');
    const beijing = listed.find((r) => r.id === '2025-beijing');
    const item = items.filter({ hasText: '2025年北京市政府工作报告' });
    expect(await item.locator('.report-item-meta').innerText()).toBe(`${beijing?.date} · ${beijing?.speaker} · ${beijing?.chunkCount}段`);

    await item.click();
    const sections = page.locator('.outline-section');
    await sections.first().waitFor();
    expect(await page.locator('#panel-title').innerText()).toBe('2025年北京市政府工作报告');
    const outline = (await (await fetch(new URL('/api/reports/2025-beijing', session.server().url))).json()) as { sections: { title: string; paragraphs: unknown[] }[] };
    expect(await sections.count()).toBe(outline.sections.length);
    const review = sections.filter({ hasText: '一、2024年工作回顾' }).first();
    await review.locator('summary').click();
    expect(await review.locator('.paragraph').first().isVisible()).toBe(true);
    await screenshot(page, 'reports-view-sections');

    await page.locator('.back-to-reports').click();
    expect(await items.count()).toBe(listed.length);
    await button.click();
    expect(await page.locator('#source-panel').isHidden()).toBe(true);
    expect(errors).toEqual([]);
  });

  test('at phone width the start screen fits and the reports cover the page', async () => {
    const { page } = await pages.open({ viewport: PHONE });
    await page.locator('.coverage-line').waitFor();
    const overflow = await page.locator('html').evaluate((html) => html.scrollWidth - html.clientWidth);
    expect(overflow).toBe(0);
    await screenshot(page, 'phone-coverage');
    await page.locator('#reports-button:not([disabled])').click();
    expect(await page.locator('#source-panel').boundingBox()).toEqual({ x: 0, y: 0, width: PHONE.width, height: PHONE.height });
  });
});
