/**
 * Conversations that last: kept in the browser across a reload, listed in the sidebar (new, rename, delete),
 * shared by a link that opens read-only in another browser, exported as Markdown and JSON, an answer regenerated
 * and a question edited and asked anew.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { ask, pageSession, PHONE, screenshot, settledAnswer } from './harness.ts';

const BEIJING_GDP = '2024年北京GDP增长多少？';
const SHANGHAI = '那上海呢？';

const session = pageSession();
const { pages } = session;

/** Asks the two questions of a short conversation and waits for both answers. */
async function twoTurns(page: Page): Promise<void> {
  await ask(page, BEIJING_GDP);
  await settledAnswer(page, 0);
  await ask(page, SHANGHAI);
  await settledAnswer(page, 1);
}

describe('conversations that last', () => {
  test('a reload restores the last conversation, and a follow-up after it is asked with it', async () => {
    const { page, context } = await pages.open();
    await twoTurns(page);
    const before = await page.locator('.answer-text').allInnerTexts();

    const again = await pages.open({ context });
    expect(await again.page.locator('.message-question .bubble').allInnerTexts()).toEqual([BEIJING_GDP, SHANGHAI]);
    expect(await again.page.locator('.answer-text').allInnerTexts()).toEqual(before);
    expect(await again.page.locator('#welcome').isHidden()).toBe(true);
    // The citations of a restored answer open as before.
    await again.page.locator('.answer-text .chip').first().click();
    await again.page.locator('.paragraph-cited mark').first().waitFor();
    await again.page.keyboard.press('Escape');

    await ask(again.page, '2025年的目标呢？');
    await settledAnswer(again.page, 2);
    expect(again.socket.sent[0]?.conversation?.map((turn) => turn.question)).toEqual([BEIJING_GDP, SHANGHAI]);
  });

  test('the sidebar lists the conversations: a new one, renamed, opened and deleted', async () => {
    const { page, context } = await pages.open();
    const sidebar = page.locator('#sidebar');
    expect(await sidebar.isVisible()).toBe(true); // open at desktop width
    await ask(page, BEIJING_GDP);
    await settledAnswer(page, 0);
    await page.locator('#new-conversation').click();
    expect(await page.locator('#messages > *').count()).toBe(0);
    await ask(page, '2024年河南省粮食产量是多少？');
    await settledAnswer(page, 0);

    const titles = () => sidebar.locator('.conversation-open').allInnerTexts();
    expect(await titles()).toEqual(['2024年河南省粮食产量是多少？', BEIJING_GDP]);
    expect(await sidebar.locator('.conversation-open[aria-current="true"]').innerText()).toBe('2024年河南省粮食产量是多少？');

    await sidebar.locator('.conversation-rename').first().click();
    const field = sidebar.locator('.conversation-title-input');
    await field.fill('河南粮食');
    await field.press('Enter');
    expect(await titles()).toEqual(['河南粮食', BEIJING_GDP]);
    await screenshot(page, 'sidebar-conversations');

    await sidebar.locator('.conversation-open', { hasText: BEIJING_GDP }).click();
    expect(await page.locator('.message-question .bubble').allInnerTexts()).toEqual([BEIJING_GDP]);
    const reloaded = await pages.open({ context });
    expect(await reloaded.page.locator('#sidebar .conversation-open').allInnerTexts()).toEqual(['河南粮食', BEIJING_GDP]);
    expect(await reloaded.page.locator('.message-question .bubble').allInnerTexts()).toEqual([BEIJING_GDP]);

    await reloaded.page.locator('#sidebar .conversation-delete').nth(1).click();
    expect(await reloaded.page.locator('#sidebar .conversation-open').allInnerTexts()).toEqual(['河南粮食']);
    expect(await reloaded.page.locator('#welcome').isVisible()).toBe(true); // the open one was deleted
  });

  test('at phone width the sidebar covers the page and closes once a conversation is chosen', async () => {
    const { page } = await pages.open({ viewport: PHONE });
    expect(await page.locator('#sidebar').isHidden()).toBe(true);
    await ask(page, BEIJING_GDP);
    await settledAnswer(page, 0);
    await page.locator('#sidebar-toggle').click();
    expect(await page.locator('#sidebar').isVisible()).toBe(true);
    await screenshot(page, 'phone-sidebar');
    await page.locator('#sidebar .conversation-open').first().click();
    expect(await page.locator('#sidebar').isHidden()).toBe(true);
  });

  test('a share link opens the conversation read-only in another browser', async () => {
    const { page } = await pages.open({ contextOptions: { permissions: ['clipboard-read', 'clipboard-write'] } });
    await twoTurns(page);
    await page.locator('#share-button').click();
    const link = page.locator('#share-status a');
    await link.waitFor();
    const url = await link.innerText();
    expect(url).toMatch(new RegExp(`^${session.server().url}s/[A-Za-z0-9_-]{22}$`));
    expect(await page.locator('#share-status').innerText()).toContain('分享链接已复制');
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(url);

    const other = await pages.open({ path: new URL(url).pathname });
    const shared = other.page;
    await shared.locator('.message-answer').nth(1).waitFor();
    expect(await shared.locator('#shared-banner').isVisible()).toBe(true);
    expect(await shared.locator('#composer').isHidden()).toBe(true);
    expect(await shared.locator('.message-question .bubble').allInnerTexts()).toEqual([BEIJING_GDP, SHANGHAI]);
    expect(await shared.locator('.answer-text').allInnerTexts()).toEqual(await page.locator('.answer-text').allInnerTexts());
    // Read-only: nothing to edit, regenerate or judge; the citations still open.
    expect(await shared.locator('.edit-question, .regenerate-button, .feedback-button').count()).toBe(0);
    await shared.locator('.answer-text .chip').first().click();
    await shared.locator('.paragraph-cited mark').first().waitFor();
    await screenshot(shared, 'shared-read-only');
    // The reader's own conversations are untouched by reading someone else's.
    expect(await shared.locator('#sidebar .conversation-open').count()).toBe(0);

    const missing = await pages.open({ path: '/s/AAAAAAAAAAAAAAAAAAAAAA' });
    await missing.page.locator('#shared-missing').waitFor();
  });

  test('exports the conversation as Markdown with footnotes and as JSON', async () => {
    const { page, socket } = await pages.open();
    await twoTurns(page);
    const exported = async (button: string): Promise<string> => {
      await page.locator('#more-button').click();
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator(button).click()]);
      return readFileSync(await download.path(), 'utf8');
    };
    const markdown = await exported('#export-markdown');
    const [first, second] = socket.results;
    const citation = first?.citations[0];
    if (!first || !second || !citation) throw new Error('both questions are answered with citations');
    expect(markdown).toContain(`# ${BEIJING_GDP}`);
    expect(markdown).toContain(`**问 / Q：** ${BEIJING_GDP}`);
    expect(markdown).toContain(`**答 / A：** ${first.answer.replace(/\[(\d+)\]/g, '[^1-$1]')}`);
    expect(markdown).toContain(`[^1-1]: ${citation.report}，${citation.section}：“`);
    expect(markdown).toContain('[^2-1]: ');

    const json = JSON.parse(await exported('#export-json')) as { title: string; turns: { question: string; answer: string; citations: { reportId: string }[] }[] };
    expect(json.title).toBe(BEIJING_GDP);
    expect(json.turns.map((t) => [t.question, t.answer])).toEqual([
      [BEIJING_GDP, first.answer],
      [SHANGHAI, second.answer],
    ]);
    expect(json.turns[0]?.citations[0]?.reportId).toBe(citation.reportId);
  });

  test('an answer is regenerated in place, and an edited question is asked anew without the turns after it', async () => {
    const { page, socket, context } = await pages.open();
    await twoTurns(page);
    await page.locator('.message-answer').nth(0).locator('.regenerate-button').click();
    await page.locator('.message-answer').nth(0).locator('.answer-text').waitFor();
    await expect.poll(() => socket.results.length).toBe(3);
    expect(socket.sent[2]).toEqual(expect.objectContaining({ question: BEIJING_GDP }));
    expect(socket.sent[2]?.conversation).toBeUndefined();
    expect(await page.locator('.message-answer').count()).toBe(2);

    await page.locator('.message-question').nth(0).locator('.edit-question').click();
    const field = page.locator('.edit-field');
    expect(await field.inputValue()).toBe(BEIJING_GDP);
    await field.fill('2024年天津GDP增长多少？');
    await page.locator('.edit-form button[type="submit"]').click();
    const answer = await settledAnswer(page, 0);
    expect(await page.locator('.message-question .bubble').allInnerTexts()).toEqual(['2024年天津GDP增长多少？']);
    expect(await answer.getAttribute('data-state')).toBe('answered');
    expect(socket.sent.at(-1)).toEqual(expect.objectContaining({ question: '2024年天津GDP增长多少？' }));
    expect(socket.sent.at(-1)?.conversation).toBeUndefined();
    expect(socket.results.at(-1)?.citations[0]?.region).toBe('天津市');

    const reloaded = await pages.open({ context });
    expect(await reloaded.page.locator('.message-question .bubble').allInnerTexts()).toEqual(['2024年天津GDP增长多少？']);
  });
});
