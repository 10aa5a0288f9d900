/**
 * Feedback that feeds the evaluation: 👍 and 👎 under each answer, 👎 with a reason and a comment, stored by the
 * server beside the index with the answer, its citations and its conversation, and remembered with the turn.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { FEEDBACK_FILE } from '../../src/serving/feedback.ts';
import { ask, pageSession, Pages, screenshot, settledAnswer, startPageServer } from './harness.ts';

const session = pageSession();
const { pages } = session;

function stored(): Record<string, unknown>[] {
  const file = join(session.server().dataDir, FEEDBACK_FILE);
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>) : [];
}

describe('feedback on answers', () => {
  test('👍 is stored with the answer and its citations, and shown as given after a reload', async () => {
    const { page, socket, context } = await pages.open();
    await ask(page, '2024年北京GDP增长多少？');
    const answer = await settledAnswer(page, 0);
    const before = stored().length;
    const up = answer.locator('.feedback-button[data-rating="up"]');
    expect(await up.getAttribute('aria-label')).toBe('有用');
    await up.click();
    await answer.locator('.feedback-button[data-rating="up"][aria-pressed="true"]').waitFor();
    expect(await answer.locator('.feedback-status').innerText()).toBe('感谢反馈');
    const line = stored()[before];
    const result = socket.results[0];
    expect(line).toMatchObject({ rating: 'up', surface: 'web', question: '2024年北京GDP增长多少？', answer: result?.answer, build: expect.stringMatching(/^[0-9a-f]{12}$/) });
    expect(line?.citations).toEqual(result?.citations.map(({ n, reportId, chunkId, section }) => ({ n, reportId, chunkId, section })));

    const reloaded = await pages.open({ context });
    await reloaded.page.locator('.feedback-button[data-rating="up"][aria-pressed="true"]').waitFor();
  });

  test('👎 asks what was wrong, and stores the reason, the comment and the conversation before it', async () => {
    const { page, socket } = await pages.open();
    await ask(page, '2024年上海GDP增长多少？');
    await settledAnswer(page, 0);
    await ask(page, '那北京呢？');
    const answer = await settledAnswer(page, 1);
    await answer.locator('.feedback-button[data-rating="down"]').click();
    const form = answer.locator('.feedback-form');
    expect(await form.locator('legend').innerText()).toBe('哪里不对？');
    expect(await form.locator('.feedback-reason').allInnerTexts()).toEqual(['答非所问', '数字不对', '引用不对', '应该能回答', '其他']);
    await form.getByLabel('数字不对').check();
    await form.locator('.feedback-comment').fill('应为5.2%左右');
    await screenshot(page, 'feedback-reason');
    const before = stored().length;
    await form.locator('button[type="submit"]').click();
    await answer.locator('.feedback-button[data-rating="down"][aria-pressed="true"]').waitFor();
    expect(await form.isHidden()).toBe(true);
    expect(stored()[before]).toMatchObject({
      rating: 'down',
      reason: 'wrong-number',
      comment: '应为5.2%左右',
      question: '那北京呢？',
      answer: socket.results[1]?.answer,
      conversation: [{ question: '2024年上海GDP增长多少？', answer: socket.results[0]?.answer }],
    });
  });

  test('the reasons are offered in the page’s language, and stored by their codes', async () => {
    const { page } = await pages.open();
    await page.locator('#language-toggle').click();
    await ask(page, "What was Shanghai's GDP growth in 2024?");
    const answer = await settledAnswer(page, 0);
    await answer.locator('.feedback-button[data-rating="down"]').click();
    const form = answer.locator('.feedback-form');
    expect(await form.locator('.feedback-reason').allInnerTexts()).toEqual(['Off topic', 'Wrong number', 'Wrong citation', 'Should have answered', 'Other']);
    await form.getByLabel('Should have answered').check();
    const before = stored().length;
    await form.locator('button[type="submit"]').click();
    await answer.locator('.feedback-button[data-rating="down"][aria-pressed="true"]').waitFor();
    expect(stored()[before]).toMatchObject({ rating: 'down', reason: 'should-answer' });
    expect(stored()[before]?.comment).toBeUndefined();
  });

  test('a server with no room left for them says so, in the page’s language, for 👍 and for Share', async () => {
    const full = await startPageServer({ keptMaxBytes: 1 });
    const onFull = new Pages(session.browser, () => full);
    try {
      const { page } = await onFull.open();
      await page.locator('#language-toggle').click();
      await ask(page, "What was Shanghai's GDP growth in 2024?");
      const answer = await settledAnswer(page, 0);
      await answer.locator('.feedback-button[data-rating="up"]').click();
      const noRoom = 'The server has no room left to keep shares and feedback for now.';
      await answer.locator('.feedback-status', { hasText: noRoom }).waitFor();
      expect(await answer.locator('.feedback-button[data-rating="up"]').getAttribute('aria-pressed')).toBe('false');
      await page.locator('#share-button').click();
      await page.locator('#share-status', { hasText: noRoom }).waitFor();
      expect(await page.locator('#share-status').getAttribute('lang')).not.toBe('zh-CN');
      await screenshot(page, 'feedback-storage-full');
    } finally {
      await onFull.closeAll();
      await full.close();
    }
  });
});
