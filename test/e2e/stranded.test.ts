/**
 * Never stranded: a question times out with a message and a retry; while the server is down it waits visibly and
 * is sent once, when `/readyz` says ready again; the server's errors and refusals are said in the page's language;
 * Back on a phone closes the panel; touch targets are at least 24 px; messages carry their language; dark mode
 * follows the system and can be switched.
 */
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import type { Assistant } from '../../src/answering/ask.ts';
import { fullAssistant } from '../corpus.ts';
import { ask, Pages, pageSession, PHONE, screenshot, settledAnswer, startPageServer } from './harness.ts';

const BEIJING_GDP = '2024年北京GDP增长多少？';
const MARS_BASES = '2024年北京市的火星基地建了多少个？';

const session = pageSession();
const { pages } = session;

describe('never stranded', () => {
  test('a question with no word from the server times out with a message, and retry answers it', async () => {
    // The operator's setting (ASK_TIMEOUT_MS), written into the page by the server.
    const impatient = await startPageServer({ askTimeoutMs: 1500 });
    const onIt = new Pages(session.browser, () => impatient);
    let swallowed = false;
    try {
      const { page } = await onIt.open({
        beforeLoad: async (opened) => {
          await opened.routeWebSocket(/\/ws$/, (ws) => {
            const upstream = ws.connectToServer();
            // The first question is lost on its way, as if the server hung on it; the rest go through.
            ws.onMessage((message) => {
              if (!swallowed && String(message).includes('"ask"')) {
                swallowed = true;
                return;
              }
              upstream.send(message);
            });
          });
        },
      });
      await ask(page, BEIJING_GDP);
      const answer = await settledAnswer(page, 0);
      expect(await answer.getAttribute('data-state')).toBe('failed');
      expect(await answer.locator('.answer-detail').innerText()).toBe('服务器长时间没有回应，回答没有完成。');
      await screenshot(page, 'timed-out');
      await answer.getByRole('button', { name: '重试' }).click();
      await settledAnswer(page, 0);
      expect(await answer.getAttribute('data-state')).toBe('answered');
    } finally {
      await onIt.closeAll();
      await impatient.close();
    }
  });

  test('while the server is down a question waits visibly, and is sent once, after the restarted server is ready', async () => {
    let restartable = await startPageServer();
    const port = Number(new URL(restartable.url).port);
    const onIt = new Pages(session.browser, () => restartable);
    try {
      const { page, socket } = await onIt.open();
      await restartable.close();
      await page.locator('#connection[data-state="reconnecting"]').waitFor({ state: 'attached' });

      await ask(page, BEIJING_GDP);
      const answer = page.locator('.message-answer').first();
      await answer.locator('.answer-waiting').waitFor();
      expect(await answer.getAttribute('data-state')).toBe('waiting');
      expect(await answer.locator('.answer-status').innerText()).toBe('服务暂不可用，恢复后自动发送');
      await screenshot(page, 'waiting-for-server');

      // Back, but loading its index: the socket opens, /readyz says not ready, and the question still waits.
      let loaded: (() => void) | undefined;
      const loading = new Promise<void>((resolve) => {
        loaded = resolve;
      });
      const restarting = startPageServer({ port }, { dataDir: restartable.dataDir, loadAssistant: async (): Promise<Assistant> => {
        await loading;
        return fullAssistant();
      } });
      await page.locator('#connection[data-state="loading"]').waitFor({ state: 'attached', timeout: 30_000 });
      expect(await answer.getAttribute('data-state')).toBe('waiting');
      expect(socket.sent.filter((m) => m.question === BEIJING_GDP)).toHaveLength(0);

      loaded?.();
      restartable = await restarting;
      await settledAnswer(page, 0);
      expect(await answer.getAttribute('data-state')).toBe('answered');
      expect(await answer.locator('.answer-text').innerText()).toContain('5.2%');
      expect(socket.sent.filter((m) => m.question === BEIJING_GDP)).toHaveLength(1);
      expect(socket.results).toHaveLength(1);
    } finally {
      await onIt.closeAll();
      await restartable.close();
    }
  }, 120_000);

  test("the server's errors and refusals are said in the page's language", async () => {
    const limited = await startPageServer({ rateLimitPerMinute: 1 });
    const onIt = new Pages(session.browser, () => limited);
    try {
      const { page } = await onIt.open();
      await page.locator('#language-toggle').click();
      await ask(page, MARS_BASES);
      const refused = await settledAnswer(page, 0);
      expect(await refused.locator('.answer-heading').innerText()).toBe('The reports do not answer this');
      expect(await refused.locator('.answer-reason').getAttribute('data-code')).toBeTruthy();
      expect(await refused.locator('.answer-reason').innerText()).toMatch(/^[\x20-\x7e’]+$/);

      await ask(page, BEIJING_GDP);
      const failed = await settledAnswer(page, 1);
      expect(await failed.getAttribute('data-state')).toBe('failed');
      const detail = failed.locator('.answer-detail');
      expect(await detail.getAttribute('data-code')).toBe('rate-limited');
      expect(await detail.innerText()).toBe('Too many questions; please wait a moment.');
      await screenshot(page, 'english-rate-limited');
      await page.locator('#language-toggle').click();
      expect(await detail.innerText()).toBe('提问太频繁了，请稍后再试。');
    } finally {
      await onIt.closeAll();
      await limited.close();
    }
  });

  test('Back on a phone closes the source panel and keeps the conversation', async () => {
    const { page } = await pages.open({ viewport: PHONE });
    await ask(page, BEIJING_GDP);
    const answer = await settledAnswer(page, 0);
    await answer.locator('.answer-text .chip').first().click();
    await page.locator('.paragraph-cited').waitFor();
    await page.goBack();
    await page.locator('#source-panel').waitFor({ state: 'hidden' });
    expect(page.url()).toBe(session.server().url);
    expect(await page.locator('.message-answer').count()).toBe(1);
    expect(await page.locator('#chat-column').getAttribute('inert')).toBeNull();

    // Closed by its own button, the panel takes its history entry with it: Back then leaves nothing open behind.
    await answer.locator('.answer-text .chip').first().click();
    await page.locator('.paragraph-cited').waitFor();
    await page.locator('#panel-close').click();
    await expect.poll(() => page.evaluate('history.state && history.state.zbwdPanel')).toBeFalsy();
    await answer.locator('.answer-text .chip').first().click();
    await page.locator('.paragraph-cited').waitFor();
    await page.goBack();
    await page.locator('#source-panel').waitFor({ state: 'hidden' });
    expect(page.url()).toBe(session.server().url);
  });

  test('every control is at least 24 by 24 px, at desktop and phone width', async () => {
    for (const viewport of [undefined, PHONE]) {
      const { page } = await pages.open(viewport ? { viewport } : {});
      await ask(page, BEIJING_GDP);
      const answer = await settledAnswer(page, 0);
      await answer.locator('.retrieved summary').click();
      await answer.locator('.feedback-button[data-rating="down"]').click();
      await answer.locator('.answer-text .chip').first().click();
      await page.locator('.paragraph-cited').waitFor();
      if (viewport) await page.keyboard.press('Escape');
      const small: string[] = [];
      for (const control of await page.locator('button:visible, select:visible, summary:visible, a:visible:not(.skip-link)').all()) {
        const box = await control.boundingBox();
        if (box && (box.width < 24 || box.height < 24)) small.push(`${await control.evaluate((e) => e.outerHTML.slice(0, 80))} ${box.width}×${box.height}`);
      }
      expect(small).toEqual([]);
      const chip = await answer.locator('.answer-text .chip').first().boundingBox();
      expect(chip && chip.width >= 24 && chip.height >= 24).toBe(true);
    }
  });

  test('each message carries the language it is written in', async () => {
    const { page } = await pages.open();
    await page.locator('#language-toggle').click();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await ask(page, BEIJING_GDP);
    await settledAnswer(page, 0);
    await ask(page, "What was Shanghai's GDP growth in 2024?");
    await settledAnswer(page, 1);
    expect(await page.locator('.message-question .bubble').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('lang')))).toEqual(['zh-CN', 'en']);
    expect(await page.locator('.answer-text').first().getAttribute('lang')).toBe('zh-CN');
    // The English answer quotes the report in Chinese: it is marked by its first words, which are English.
    expect(await page.locator('.answer-text').nth(1).getAttribute('lang')).toBe('en');
    expect(await page.locator('.retrieved-link .source-section').first().getAttribute('lang')).toBe('zh-CN');
  });

  test('dark mode follows the system and can be switched, and the choice is remembered', async () => {
    const background = (page: Page) => page.evaluate('getComputedStyle(document.body).backgroundColor');
    const { page, context } = await pages.open({ contextOptions: { colorScheme: 'dark' } });
    expect(await background(page)).toBe('rgb(21, 23, 27)');
    await ask(page, BEIJING_GDP);
    const answer = await settledAnswer(page, 0);
    await answer.locator('.answer-text .chip').first().click();
    await page.locator('.paragraph-cited').waitFor();
    await screenshot(page, 'dark-mode');
    await page.locator('#more-button').click();
    expect(await page.locator('#theme-toggle').getAttribute('aria-pressed')).toBe('true');
    await page.locator('#theme-toggle').click();
    expect(await background(page)).toBe('rgb(246, 245, 241)');
    const reloaded = await pages.open({ context });
    expect(await background(reloaded.page)).toBe('rgb(246, 245, 241)');

    const light = await pages.open({ contextOptions: { colorScheme: 'light' } });
    expect(await background(light.page)).toBe('rgb(246, 245, 241)');
    await light.page.locator('#more-button').click();
    await light.page.locator('#theme-toggle').click();
    expect(await background(light.page)).toBe('rgb(21, 23, 27)');
  });
});
