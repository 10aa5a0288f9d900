/**
 * The chat page in a real browser against the real server and the full index: asking, streaming, citations and
 * their panel, follow-ups, IME input, markup in questions, refusals, failures, filters, language, phone width.
 *
 * The test project is typed for Node, without the DOM library, so the page is read through Playwright's locators
 * rather than through functions that use `document` or `window`.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page, type WebSocketRoute } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.ts';
import type { Answer } from '../../src/domain.ts';
import { startServer, type RunningServer } from '../../src/serving/server.ts';
import { fullAssistant } from '../corpus.ts';

const SCREENSHOTS = resolve(PROJECT_ROOT, 'test-output/e2e');
const DESKTOP = { width: 1280, height: 820 };
const PHONE = { width: 375, height: 740 };

const BEIJING_GDP = '2024年北京GDP增长多少？';
const SHANGHAI_GDP = '2024年上海GDP增长多少？';
const MARS_BASES = '2024年北京市的火星基地建了多少个？';

/** What the page sent over its WebSocket, and the answers it received. */
interface SocketLog {
  sent: { question: string; conversation?: { question: string; answer?: string }[]; region?: string; year?: number }[];
  results: Answer[];
}

interface OpenedPage {
  page: Page;
  socket: SocketLog;
  /** Script errors and console errors (a style or script the CSP blocks shows up here). */
  errors: string[];
}

let server: RunningServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startServer({
    config: { port: 0, host: '127.0.0.1', rateLimitPerMinute: 10_000, logLevel: 'silent', apiKeys: [], allowedOrigins: [] },
    webDir: resolve(PROJECT_ROOT, 'web'),
    topK: 5,
    loadAssistant: fullAssistant,
  });
  await server.ready;
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  mkdirSync(SCREENSHOTS, { recursive: true });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
});

/** A fresh browser profile (nothing stored, so Chinese) with the page loaded and its socket open. */
async function openPage(
  options: { viewport?: { width: number; height: number }; beforeLoad?: (page: Page, context: BrowserContext) => Promise<void>; state?: string } = {},
): Promise<OpenedPage> {
  const context = await browser.newContext({ viewport: options.viewport ?? DESKTOP });
  contexts.push(context);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  const socket: SocketLog = { sent: [], results: [] };
  page.on('websocket', (ws) => {
    ws.on('framesent', (frame) => socket.sent.push(JSON.parse(String(frame.payload))));
    ws.on('framereceived', (frame) => {
      const message = JSON.parse(String(frame.payload)) as { type: string; result?: Answer };
      if (message.type === 'done' && message.result) socket.results.push(message.result);
    });
  });
  await options.beforeLoad?.(page, context);
  await page.goto(server.url);
  await page.locator(`#connection[data-state="${options.state ?? 'open'}"]`).waitFor({ state: 'attached' });
  return { page, socket, errors };
}

async function ask(page: Page, question: string): Promise<void> {
  await page.locator('#question').fill(question);
  await page.locator('#question').press('Enter');
}

/** The index-th answer, once it is no longer pending or streaming. */
async function settledAnswer(page: Page, index: number): Promise<Locator> {
  const answer = page.locator('.message-answer').nth(index);
  await answer.and(page.locator(':not([data-state="pending"]):not([data-state="streaming"])')).waitFor();
  return answer;
}

async function hasFocus(locator: Locator): Promise<boolean> {
  return locator.evaluate((element) => element === element.ownerDocument.activeElement);
}

/** How far the page scrolls sideways and down beyond the window. */
async function pageOverflow(page: Page): Promise<{ x: number; y: number }> {
  return page.locator('html').evaluate((html) => ({ x: html.scrollWidth - html.clientWidth, y: html.scrollHeight - html.clientHeight }));
}

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: resolve(SCREENSHOTS, `${name}.png`) });
}

describe('the chat page', () => {
  test('shows the answer while it streams in, then turns its citation marks into buttons', async () => {
    // The end of the answer is held back, so that the page can be seen between the first pieces and the whole.
    const deltas: string[] = [];
    let release: (() => void) | undefined;
    const { page, errors } = await openPage({
      beforeLoad: (page) =>
        page.routeWebSocket(/\/ws$/, (ws) => {
          ws.connectToServer().onMessage((message) => {
            const event = JSON.parse(String(message)) as { type: string; text?: string };
            if (event.type === 'done') release = () => ws.send(message);
            else ws.send(message);
            if (event.type === 'delta') deltas.push(event.text ?? '');
          });
        }),
    });
    await ask(page, BEIJING_GDP);
    await expect.poll(() => release !== undefined).toBe(true);

    const answer = page.locator('.message-answer').first();
    const streamed = deltas.join('');
    expect(deltas.length).toBeGreaterThan(1);
    await answer.locator('.answer-text').filter({ hasText: streamed.replace(/\[(\d+)\]/g, '$1') }).waitFor();
    expect(await answer.getAttribute('data-state')).toBe('streaming');
    expect(await answer.getAttribute('aria-busy')).toBe('true');
    const streamingChip = answer.locator('.answer-text .chip').first();
    expect(await streamingChip.isDisabled()).toBe(true); // what it cites is not known before the whole answer

    release?.();
    await settledAnswer(page, 0);
    expect(await answer.getAttribute('data-state')).toBe('answered');
    expect(await answer.getAttribute('aria-busy')).toBe('false');
    expect(await answer.locator('.answer-text').innerText()).toContain('5.2%');
    const chip = answer.locator('.answer-text button.chip').first();
    expect(await chip.isEnabled()).toBe(true);
    expect(await chip.innerText()).toBe('1');
    expect(await chip.getAttribute('aria-label')).toBe('出处 1');
    expect(await chip.getAttribute('aria-controls')).toBe('source-panel');
    expect(await answer.locator('.sources').innerText()).toContain('2025年北京市政府工作报告');
    expect(errors).toEqual([]);
  });

  test('a citation opens the panel on its paragraph, highlighted in its section; Escape and the close button return focus', async () => {
    const { page, socket, errors } = await openPage();
    await ask(page, BEIJING_GDP);
    const answer = await settledAnswer(page, 0);
    const citation = socket.results[0]?.citations[0];
    if (!citation) throw new Error('the answer cites nothing');
    const chip = answer.locator('.answer-text .chip').first();
    await chip.click();

    const panel = page.locator('#source-panel');
    const cited = page.locator('.paragraph-cited');
    await cited.waitFor();
    expect(await panel.getAttribute('role')).toBe('dialog');
    expect(await chip.getAttribute('aria-expanded')).toBe('true');
    expect(await hasFocus(page.locator('#panel-title'))).toBe(true);
    expect(await page.locator('#panel-title').innerText()).toBe(citation.report);
    expect(await cited.count()).toBe(1);
    expect(await cited.textContent()).toContain(citation.text);
    expect(await cited.locator('mark').first().innerText()).toContain('5.2%');
    expect(await page.locator('.section-path').innerText()).toContain(citation.section.split(' > ')[0]);
    // The cited paragraph sits among the other paragraphs of its section, and is scrolled into view.
    expect(await page.locator('.report-section .paragraph').count()).toBeGreaterThan(1);
    const body = await page.locator('#panel-body').boundingBox();
    const paragraph = await cited.boundingBox();
    expect(body && paragraph && paragraph.y >= body.y && paragraph.y < body.y + body.height).toBe(true);
    // Only the panel scrolled to it: the page itself still fits the window, and the conversation narrowed to
    // leave the panel its place rather than running under it.
    expect(await pageOverflow(page)).toEqual({ x: 0, y: 0 });
    const panelBox = await panel.boundingBox();
    for (const selector of ['.topbar-actions', '.composer-box']) {
      const box = await page.locator(selector).boundingBox();
      expect(box && panelBox && box.x + box.width <= panelBox.x).toBe(true);
    }

    const report = (await (await fetch(`${server.url}api/reports/${citation.reportId}`)).json()) as { sourceUrl: string; date: string; speaker: string };
    const link = panel.locator('a.source-url:not(.original-file)');
    expect(await link.getAttribute('href')).toBe(report.sourceUrl);
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    const facts = await page.locator('.report-facts').innerText();
    expect(facts).toContain(report.date);
    expect(facts).toContain(report.speaker);
    await screenshot(page, 'desktop-citation-panel');

    await page.keyboard.press('Escape');
    expect(await panel.isHidden()).toBe(true);
    expect(await chip.getAttribute('aria-expanded')).toBe('false');
    expect(await hasFocus(chip)).toBe(true);

    await page.keyboard.press('Enter'); // the focused chip opens the panel again, from the keyboard
    await cited.waitFor();
    await page.locator('#panel-close').click();
    expect(await panel.isHidden()).toBe(true);
    expect(await hasFocus(chip)).toBe(true);
    expect(errors).toEqual([]);
  });

  test('a follow-up is asked with the conversation before it and says what it was understood as', async () => {
    const { page, socket, errors } = await openPage();
    await ask(page, SHANGHAI_GDP);
    await settledAnswer(page, 0);
    await ask(page, '那北京呢？');
    const followUp = await settledAnswer(page, 1);

    expect(socket.sent[1]?.conversation?.map((turn) => turn.question)).toEqual([SHANGHAI_GDP]);
    expect(socket.sent[1]?.conversation?.[0]?.answer).toBe(socket.results[0]?.answer);
    expect(await followUp.getAttribute('data-state')).toBe('answered');
    expect(await followUp.locator('.answer-text').innerText()).toContain('5.2%');
    const standalone = socket.results[1]?.followUp?.standalone;
    expect(standalone).toBeTruthy();
    expect(await followUp.locator('.answer-note').first().innerText()).toContain(standalone);
    await screenshot(page, 'desktop-answered');
    expect(errors).toEqual([]);
  });

  test('Enter during an IME composition does not send; Shift+Enter is a new line; Enter after the composition sends', async () => {
    const { page } = await openPage();
    const input = page.locator('#question');
    await input.fill('北京');
    await input.dispatchEvent('compositionstart', { data: '' });
    await input.dispatchEvent('keydown', { key: 'Enter', code: 'Enter', isComposing: true });
    await input.dispatchEvent('compositionend', { data: '北京' });
    // Safari sends the Enter that confirms a candidate after compositionend, marked only by its key code.
    await input.dispatchEvent('keydown', { key: 'Enter', code: 'Enter', keyCode: 229 });
    await page.waitForTimeout(300);
    expect(await page.locator('.message-question').count()).toBe(0);
    expect(await input.inputValue()).toBe('北京');

    await input.press('End');
    await input.press('Shift+Enter');
    expect(await input.inputValue()).toBe('北京\n');
    expect(await page.locator('.message-question').count()).toBe(0);

    await input.fill(BEIJING_GDP);
    await input.press('Enter');
    await page.locator('.message-question').waitFor();
    expect(await page.locator('.message-question .bubble').innerText()).toBe(BEIJING_GDP);
    expect(await input.inputValue()).toBe('');
  });

  test('markup in a question is shown as text and never runs', async () => {
    const { page } = await openPage();
    const payload = '<img src=x onerror="window.__xss=1">';
    await ask(page, payload);
    await settledAnswer(page, 0);
    expect(await page.locator('.message-question .bubble').textContent()).toBe(payload);
    expect(await page.locator('#messages img').count()).toBe(0);
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => (globalThis as { __xss?: unknown }).__xss)).toBeUndefined();
  });

  test('a question the reports do not answer is shown as a refusal', async () => {
    const { page, socket } = await openPage();
    await ask(page, MARS_BASES);
    const answer = await settledAnswer(page, 0);
    expect(socket.results[0]?.refused).toBe(true);
    expect(await answer.getAttribute('data-state')).toBe('refused');
    expect(await answer.locator('.answer-heading').innerText()).toBe('报告中没有找到答案');
    expect(await answer.locator('.answer-text').innerText()).toBe(socket.results[0]?.answer);
    expect(await answer.locator('.chip').count()).toBe(0);
  });

  test('a refusal lists the closest passages apart from any answer, each opening in the panel', async () => {
    const { page, socket } = await openPage();
    await ask(page, '2024年天津新增了多少家国家高新技术企业？');
    const answer = await settledAnswer(page, 0);
    expect(await answer.getAttribute('data-state')).toBe('refused');
    const decision = socket.results[0]?.decision;
    if (decision?.kind !== 'refuse') throw new Error('refused');
    const related = answer.locator('.sources.related');
    expect(await related.locator('.sources-title').innerText()).toBe('相关内容（仅供参考，不是答案）');
    expect(await related.locator('.source-link').count()).toBe(decision.related.length);
    expect(await answer.locator('.chip').count()).toBe(0);
    await screenshot(page, 'desktop-refusal-related');
    await related.locator('.source-link').first().click();
    await page.locator('#source-panel').waitFor();
    expect(await page.locator('.paragraph-cited').textContent()).toContain(decision.related[0]?.text.slice(0, 20));
  });

  test('a question asked back offers its choices as buttons, and a choice is asked as it would then be put', async () => {
    const { page, socket } = await openPage();
    await ask(page, '经济怎么样');
    const answer = await settledAnswer(page, 0);
    expect(await answer.getAttribute('data-state')).toBe('clarify');
    const decision = socket.results[0]?.decision;
    if (decision?.kind !== 'clarify') throw new Error('asked back');
    const buttons = answer.locator('.choice');
    expect(await buttons.allInnerTexts()).toEqual(decision.choices.map((c) => c.label));
    await screenshot(page, 'desktop-asked-back');
    await buttons.first().click();
    const chosen = await settledAnswer(page, 1);
    expect(socket.sent.at(-1)?.question).toBe(decision.choices[0]?.question);
    expect(await chosen.getAttribute('data-state')).not.toBe('clarify');
  });

  test('an answer cut off by a dropped connection shows as failed, the page reconnects, and retry answers it', async () => {
    let firstSocket: WebSocketRoute | undefined;
    const { page } = await openPage({
      beforeLoad: (page) =>
        page.routeWebSocket(/\/ws$/, (ws) => {
          ws.connectToServer();
          if (firstSocket) return;
          firstSocket = ws;
          ws.onMessage(() => {}); // the first connection swallows the question, as if the server died on it
        }),
    });
    await ask(page, BEIJING_GDP);
    await page.locator('.message-answer[data-state="pending"]').waitFor();
    await firstSocket?.close();

    const answer = await settledAnswer(page, 0);
    expect(await answer.getAttribute('data-state')).toBe('failed');
    expect(await answer.locator('.answer-detail').innerText()).toBe('连接中断，回答没有完成。');
    await page.locator('#connection[data-state="open"]').waitFor({ state: 'attached' });

    await answer.getByRole('button', { name: '重试' }).click();
    await settledAnswer(page, 0);
    expect(await answer.getAttribute('data-state')).toBe('answered');
    expect(await answer.locator('.answer-text').innerText()).toContain('5.2%');
  });

  test('the filters list the regions and years of the reports and are sent with the question', async () => {
    const { page, socket } = await openPage();
    const reports = (await (await fetch(`${server.url}api/reports`)).json()) as { region: string; year: number }[];
    const values = (select: string) => page.locator(`${select} option`).evaluateAll((options) => options.map((option) => option.value as string));
    await page.locator('#region-filter option').nth(1).waitFor({ state: 'attached' });
    const regions = await values('#region-filter');
    expect(regions).toEqual(['', ...new Set(reports.map((r) => r.region))]);
    expect(regions).toEqual(expect.arrayContaining(['北京市', '上海市', '河南省']));

    await page.locator('#region-filter').selectOption('贵阳市');
    const guiyang = reports.filter((r) => r.region === '贵阳市').map((r) => String(r.year));
    expect((await values('#year-filter')).slice(1).sort()).toEqual([...guiyang].sort());

    await page.locator('#region-filter').selectOption('北京市');
    await page.locator('#year-filter').selectOption('2025');
    await ask(page, '地区生产总值增长多少？');
    await settledAnswer(page, 0);
    expect(socket.sent[0]).toMatchObject({ region: '北京市', year: 2025 });
    expect(socket.results[0]?.citations.length).toBeGreaterThan(0);
    expect(socket.results[0]?.citations.every((c) => c.region === '北京市')).toBe(true);
  });

  test('an example question asks itself; copy confirms; a new conversation starts afresh', async () => {
    const { page, socket } = await openPage({
      beforeLoad: (_page, context) => context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(server.url).origin }),
    });
    await page.getByRole('button', { name: BEIJING_GDP }).click();
    const answer = await settledAnswer(page, 0);
    expect(await page.locator('#welcome').isHidden()).toBe(true);

    await answer.locator('.copy-button').click();
    // The text is copied, then the button says so.
    await answer.locator('.copy-button[data-copied="true"]').waitFor();
    expect(await answer.locator('.copy-button').innerText()).toBe('已复制');
    expect(await answer.locator('[role="status"]').textContent()).toBe('已复制');
    // What was copied, read back by pasting it into the question box.
    await page.locator('#question').focus();
    await page.keyboard.press('ControlOrMeta+V');
    const copied = await page.locator('#question').inputValue();
    expect(copied).toContain(socket.results[0]?.answer);
    expect(copied).toContain(socket.results[0]?.citations[0]?.report);

    await page.getByRole('button', { name: '新对话' }).click();
    expect(await page.locator('#messages > *').count()).toBe(0);
    expect(await page.locator('#welcome').isVisible()).toBe(true);
    expect(await page.locator('#question').inputValue()).toBe('');
    await ask(page, '那上海呢？');
    await settledAnswer(page, 0);
    expect(socket.sent[1]?.conversation).toBeUndefined();
  });

  test('while the meaning index is built the header says answers come on words and how many texts are embedded, then that it is connected', async () => {
    const building = { ready: true, status: 'degraded', stage: 'building-vectors', vectors: { done: 13548, total: 24570, unit: 'texts' }, reports: 35, model: null, retrievers: ['lexical'] };
    const { page, errors } = await openPage({
      state: 'building',
      beforeLoad: async (opened) => {
        await opened.route('**/readyz', (route) => route.fulfill({ json: building }));
      },
    });
    const status = page.locator('#connection');
    expect(await status.innerText()).toBe('按字词作答，语义索引构建中，已嵌入文本 · 13,548/24,570');
    await page.locator('#language-toggle').click();
    expect(await status.innerText()).toBe('Answering on word matches while the meaning index is built; texts embedded · 13,548/24,570');
    await screenshot(page, 'building-vectors');
    // The server's own answer once the build is over: the page looks again and says it is connected.
    await page.unroute('**/readyz');
    await page.locator('#connection[data-state="open"]').waitFor({ state: 'attached' });
    expect(await status.innerText()).toBe('Connected');
    expect(errors).toEqual([]);
  });

  test('the interface switches to English and remembers the choice', async () => {
    const { page } = await openPage();
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    expect(await page.locator('#send').innerText()).toBe('发送');
    await page.locator('#language-toggle').click();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('#send').innerText()).toBe('Send');
    expect(await page.locator('#question').getAttribute('placeholder')).toBe('Ask about the reports…');
    expect(await page.locator('#messages').getAttribute('aria-label')).toBe('Conversation');
    await page.reload();
    expect(await page.locator('#new-conversation').innerText()).toBe('New chat');
    expect(await page.locator('#language-toggle').innerText()).toBe('中文');
    await ask(page, MARS_BASES);
    expect(await (await settledAnswer(page, 0)).locator('.answer-heading').innerText()).toBe('The reports do not answer this');
  });

  test('at phone width nothing scrolls sideways and the panel covers the page', async () => {
    const { page, errors } = await openPage({ viewport: PHONE });
    await ask(page, SHANGHAI_GDP);
    await settledAnswer(page, 0);
    await ask(page, '那北京呢？');
    const answer = await settledAnswer(page, 1);
    expect(await pageOverflow(page)).toEqual({ x: 0, y: 0 });
    await screenshot(page, 'phone-answered');

    await answer.locator('.answer-text .chip').first().click();
    await page.locator('.paragraph-cited').waitFor();
    expect(await page.locator('#source-panel').boundingBox()).toEqual({ x: 0, y: 0, width: PHONE.width, height: PHONE.height });
    expect(await pageOverflow(page)).toEqual({ x: 0, y: 0 });
    expect(await page.locator('#source-panel').getAttribute('aria-modal')).toBe('true');
    // What the panel covers can be neither seen nor reached.
    expect(await page.locator('#chat-column').getAttribute('inert')).not.toBeNull();
    await screenshot(page, 'phone-citation-panel');

    await page.keyboard.press('Escape');
    expect(await page.locator('#chat-column').getAttribute('inert')).toBeNull();
    expect(errors).toEqual([]);
  });
});
