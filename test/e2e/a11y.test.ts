/**
 * The page checked by axe-core, run inside the browser on the page as a reader meets it: the start screen, an
 * answered conversation with its panel, passages and feedback form open, the reports view, English, dark, and
 * a phone with the sidebar open. No serious or critical violation anywhere.
 */
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { ask, pageSession, PHONE, seriousViolations, settledAnswer } from './harness.ts';

const session = pageSession();
const { pages } = session;

/** The violations, said so that a failure shows what and where. */
async function violations(page: Page): Promise<string[]> {
  return (await seriousViolations(page)).map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** An answered conversation with everything an answer can unfold, unfolded. */
async function answered(page: Page): Promise<void> {
  await ask(page, '2024年北京GDP增长多少？');
  const answer = await settledAnswer(page, 0);
  await ask(page, '哪个省2025年GDP增长目标最高？');
  await settledAnswer(page, 1);
  await answer.locator('.retrieved summary').click();
  await answer.locator('.feedback-button[data-rating="down"]').click();
  await answer.locator('.answer-text .chip').first().click();
  await page.locator('.paragraph-cited').waitFor();
}

describe('accessibility (axe-core)', () => {
  test('the start screen, with the regions unfolded', async () => {
    const { page } = await pages.open();
    await page.locator('.coverage-regions summary').click();
    expect(await violations(page)).toEqual([]);
  });

  test('an answered conversation with its passages, feedback form and panel open, in light and dark', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const { page } = await pages.open({ contextOptions: { colorScheme } });
      await answered(page);
      expect(await violations(page), colorScheme).toEqual([]);
    }
  });

  test('the reports view with a report open, and the menu open, in English', async () => {
    const { page } = await pages.open();
    await page.locator('#language-toggle').click();
    await page.locator('#reports-button:not([disabled])').click();
    await page.locator('.report-item').first().click();
    await page.locator('.outline-section').first().waitFor();
    await page.locator('.outline-section summary').nth(1).click();
    await page.locator('#more-button').click();
    expect(await violations(page)).toEqual([]);
  });

  test('a phone with the sidebar open, and a shared conversation', async () => {
    const { page } = await pages.open({ viewport: PHONE });
    await ask(page, '2024年北京GDP增长多少？');
    await settledAnswer(page, 0);
    await page.locator('#sidebar-toggle').click();
    expect(await violations(page)).toEqual([]);

    const response = await fetch(new URL('/api/share', session.server().url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ conversation: [{ question: '2024年北京GDP增长多少？', answer: '预计全市地区生产总值增长5.2%左右' }] }),
    });
    const { id } = (await response.json()) as { id: string };
    const shared = await pages.open({ path: `/s/${id}` });
    await shared.page.locator('.message-answer').waitFor();
    expect(await violations(shared.page)).toEqual([]);
  });
});
