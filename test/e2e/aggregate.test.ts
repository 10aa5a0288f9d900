/**
 * Answers across reports on the chat page, in a real browser against the real server and the full index: the bar
 * chart and the sortable table under the sentence, each bar and row opening its citation, the CSV download, and
 * both at phone width. Launched as test/e2e/chat.test.ts launches the page; read through Playwright's locators.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.ts';
import type { Answer } from '../../src/domain.ts';
import { startServer, type RunningServer } from '../../src/serving/server.ts';
import { fullAssistant } from '../corpus.ts';

const SCREENSHOTS = resolve(PROJECT_ROOT, 'test-output/e2e');
const DESKTOP = { width: 1280, height: 820 };
const PHONE = { width: 375, height: 740 };

const RANK = '哪个省2025年GDP增长目标最高？';
const UNEMPLOYMENT = '列出各省2025年城镇调查失业率目标';
const GUIYANG = '贵阳历年地区生产总值增速';
const INFLATION = 'Which provinces set a 2025 inflation target other than 2%?';

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

interface Asked {
  page: Page;
  answer: Locator;
  result: Answer;
  table: NonNullable<Answer['table']>;
  errors: string[];
}

/** A fresh page (Chinese) that asks the question and waits for the answer, with the result the server sent. */
async function asked(question: string, viewport = DESKTOP): Promise<Asked> {
  const context = await browser.newContext({ viewport });
  contexts.push(context);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  const results: Answer[] = [];
  page.on('websocket', (ws) =>
    ws.on('framereceived', (frame) => {
      const message = JSON.parse(String(frame.payload)) as { type: string; result?: Answer };
      if (message.type === 'done' && message.result) results.push(message.result);
    }),
  );
  await page.goto(server.url);
  await page.locator('#connection[data-state="open"]').waitFor({ state: 'attached' });
  await page.locator('#question').fill(question);
  await page.locator('#question').press('Enter');
  const answer = page.locator('.message-answer[data-state="answered"]').first();
  await answer.locator('.aggregate').waitFor();
  const [result] = results;
  if (!result?.table) throw new Error(`${question} was not answered from the indicator table`);
  return { page, answer, result, table: result.table, errors };
}

/** The text of each body row's cell in a column of the table (1-based, as CSS counts). */
function column(answer: Locator, index: number): Promise<string[]> {
  return answer.locator(`.aggregate-table tbody tr > :nth-child(${index})`).allInnerTexts();
}

async function pageOverflowX(page: Page): Promise<number> {
  return page.locator('html').evaluate((html) => html.scrollWidth - html.clientWidth);
}

async function screenshot(target: Page | Locator, name: string): Promise<void> {
  await target.screenshot({ path: resolve(SCREENSHOTS, `${name}.png`) });
}

/** The whole conversation at once, in a window as tall as it: a screenshot of an element past the window is cut. */
async function wholeAnswer(page: Page, name: string): Promise<void> {
  const viewport = page.viewportSize() ?? DESKTOP;
  const height = await page.locator('#chat').evaluate((chat) => chat.scrollHeight);
  await page.setViewportSize({ width: viewport.width, height: height + 240 });
  await screenshot(page, name);
  await page.setViewportSize(viewport);
}

describe('an answer across reports on the chat page', () => {
  test('shows the sentence, then a bar for each figure and a row for each region, each opening its citation', async () => {
    const { page, answer, result, table, errors } = await asked(RANK);
    if (result.decision.kind !== 'answer') throw new Error('answered');
    // The sentence alone: the rows' quotes are in the table.
    expect(await answer.locator('.answer-text').innerText()).toBe(result.decision.sentence);

    const bars = answer.locator('.bar-row');
    expect(await bars.count()).toBe(table.rows.length);
    expect(await bars.first().locator('.bar-name').innerText()).toBe('西藏自治区');
    expect(await bars.first().locator('.bar-text').innerText()).toBe('7%以上（力争达到8%）');
    expect(await bars.first().locator('.bar-stretch').count()).toBe(1);
    // Fujian's target is a range: drawn as a span from its low to its high end, not as a bar from zero.
    const fujian = bars.filter({ hasText: '福建省' });
    expect(await fujian.locator('.bar-range').count()).toBe(1);
    expect(await fujian.locator('.bar-fill').count()).toBe(0);
    expect(await fujian.locator('.bar-text').innerText()).toBe('5%—5.5%');
    const [span, tibetBar] = await Promise.all([fujian.locator('.bar-range').boundingBox(), bars.first().locator('.bar-fill').boundingBox()]);
    const track = await bars.first().locator('.bar-track').boundingBox();
    if (!span || !tibetBar || !track) throw new Error('drawn');
    expect(span.x).toBeGreaterThan(track.x + track.width * 0.4); // begins at 5%, not at 0
    expect(tibetBar.x).toBeCloseTo(track.x, 0);
    expect(await answer.locator('.bar-legend').innerText()).toContain('区间');

    expect(await answer.locator('.aggregate-table tbody tr').count()).toBe(table.rows.length);
    expect(await column(answer, 2)).toEqual(table.rows.map((row) => row.region));
    expect(await column(answer, 5)).toEqual(table.rows.map((row) => row.quote));
    // The sources, which the rows open one by one, are folded away under their count.
    const sources = answer.locator('details.sources-folded');
    expect(await sources.getAttribute('open')).toBeNull();
    expect(await sources.locator('summary').innerText()).toMatch(/^全部出处\s*31$/);
    expect(await sources.locator('.source-link').first().isVisible()).toBe(false);
    await answer.locator('.answer-text').scrollIntoViewIfNeeded();
    await screenshot(page, 'desktop-aggregate');
    await answer.locator('.table-scroll').evaluate((element) => element.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'desktop-aggregate-table');
    await wholeAnswer(page, 'desktop-aggregate-whole');
    await sources.locator('summary').click();
    expect(await sources.locator('.source-link').count()).toBe(table.rows.length);

    // A bar opens its citation in the panel, the row's clause marked in its paragraph.
    const qinghai = table.rows.find((row) => row.region === '青海省');
    await bars.filter({ hasText: '青海省' }).click();
    await page.locator('.paragraph-cited').waitFor();
    expect(await page.locator('#panel-number').innerText()).toBe(String(qinghai?.n));
    expect(await page.locator('#panel-title').innerText()).toBe('2025年青海省政府工作报告');
    expect(await page.locator('.paragraph-cited mark').allInnerTexts()).toContain(qinghai?.quote);
    await screenshot(page, 'desktop-aggregate-bar-citation');
    await page.keyboard.press('Escape');

    // So does a row's citation number, from the keyboard.
    const chip = answer.locator('.aggregate-table tbody tr').nth(1).locator('.table-chip');
    await chip.focus();
    await page.keyboard.press('Enter');
    await page.locator('.paragraph-cited').waitFor();
    expect(await page.locator('#panel-title').innerText()).toBe('2025年内蒙古自治区政府工作报告');
    await page.keyboard.press('Escape');
    expect(errors).toEqual([]);
  });

  test('sorts the table by the header clicked, again to reverse, from the mouse or the keyboard', async () => {
    const { answer, table, page } = await asked(RANK);
    const header = (name: string) => answer.locator('.aggregate-table thead th').filter({ hasText: name });
    expect(await header('出处').getAttribute('aria-sort')).toBe('ascending');

    await header('地区').locator('button').click();
    expect(await header('地区').getAttribute('aria-sort')).toBe('ascending');
    expect(await header('出处').getAttribute('aria-sort')).toBeNull();
    const byRegion = table.rows.map((row) => row.region).sort(new Intl.Collator('zh-CN').compare);
    expect(await column(answer, 2)).toEqual(byRegion);
    expect(byRegion.slice(0, 2)).toEqual(['安徽省', '北京市']); // by pinyin, as a Chinese reader looks for them

    await header('数值').locator('button').click();
    expect(await header('数值').getAttribute('aria-sort')).toBe('descending');
    expect((await column(answer, 2))[0]).toBe('西藏自治区');
    await header('数值').locator('button').focus();
    await page.keyboard.press('Enter');
    expect(await header('数值').getAttribute('aria-sort')).toBe('ascending');
    const ascending = await column(answer, 2);
    expect(ascending[0]).toBe('青海省');
    expect(ascending.at(-1)).toBe('西藏自治区');

    await header('出处').locator('button').click();
    expect(await column(answer, 1)).toEqual(table.rows.map((row) => String(row.n)));
  });

  test('lists the regions that give no number under the chart, undrawn, and says so in the table', async () => {
    const { answer, table, page } = await asked(INFLATION);
    const none = table.rows.filter((row) => row.value === null && row.low === undefined);
    expect(none.map((row) => row.region).sort()).toEqual(['山东省', '湖南省']);
    expect(await answer.locator('.bar-row').count()).toBe(table.rows.length - none.length);
    const links = await answer.locator('.bar-none-link').allInnerTexts();
    expect(links).toEqual(none.map((row) => expect.stringContaining(row.region)));
    expect(await answer.locator('.table-none').count()).toBe(none.length);
    await answer.locator('.bar-none-link').first().click();
    await page.locator('.paragraph-cited').waitFor();
    expect(await page.locator('.paragraph-cited').innerText()).toContain(none[0]?.quote);
  });

  test("charts one region's years by year, and downloads the rows it rests on as CSV", async () => {
    const { answer, table, page } = await asked(GUIYANG);
    const names = await answer.locator('.bar-row .bar-name').allInnerTexts();
    expect(names).toEqual(table.rows.map((row) => row.period).sort());
    expect(names[0]).toBe('2016');
    const link = answer.locator('a.csv-link');
    expect(await link.innerText()).toBe('下载 CSV');
    expect(await link.getAttribute('href')).toBe(`/api/indicators/gdp_growth?region=${encodeURIComponent('贵阳市')}&kind=result&format=csv`);
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe('gdp_growth.csv');
    const csv = (await (await fetch(new URL(`/api/indicators/gdp_growth?region=${encodeURIComponent('贵阳市')}&kind=result&format=csv`, server.url))).text()).split('\r\n');
    for (const row of table.rows) expect(csv.some((line) => line.startsWith(`贵阳市,${row.reportId},${row.period},result,`))).toBe(true);
  });

  test('links a year’s figures to the CSV of that year and kind, and switches its words with the language', async () => {
    const { answer, page } = await asked(RANK);
    expect(await answer.locator('a.csv-link').getAttribute('href')).toBe('/api/indicators/gdp_growth?year=2025&kind=target&format=csv');
    const response = await fetch(new URL('/api/indicators/gdp_growth?year=2025&kind=target&format=csv', server.url));
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    await page.locator('#language-toggle').click();
    expect(await answer.locator('.aggregate-table thead th').allInnerTexts()).toEqual([expect.stringContaining('Source'), expect.stringContaining('Region'), expect.stringContaining('Year'), expect.stringContaining('Figure'), 'Quote']);
    expect(await answer.locator('a.csv-link').innerText()).toBe('Download CSV');
  });

  test('at phone width the table scrolls sideways within the answer, the chart fits, and the page does not scroll', async () => {
    const { page, answer, table, errors } = await asked(UNEMPLOYMENT, PHONE);
    expect(await answer.locator('.bar-row').count()).toBe(table.rows.length);
    expect(await pageOverflowX(page)).toBe(0);
    const card = await answer.locator('.answer-card').boundingBox();
    const chart = await answer.locator('.bar-chart').boundingBox();
    if (!card || !chart) throw new Error('shown');
    expect(chart.x + chart.width).toBeLessThanOrEqual(card.x + card.width);
    for (const box of await answer.locator('.bar-track').evaluateAll((tracks) => tracks.map((t) => t.getBoundingClientRect().width))) expect(box).toBeGreaterThan(40);
    const scroller = answer.locator('.table-scroll');
    const widths = await scroller.evaluate((element) => ({ scroll: element.scrollWidth, client: element.clientWidth }));
    expect(widths.scroll).toBeGreaterThan(widths.client);
    await answer.locator('.bar-chart').scrollIntoViewIfNeeded();
    await screenshot(page, 'phone-aggregate-chart');
    // The keyboard scrolls the table too.
    await scroller.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => scroller.evaluate((element) => element.scrollLeft)).toBeGreaterThan(0);
    await screenshot(page, 'phone-aggregate-table');
    expect(await pageOverflowX(page)).toBe(0);
    await wholeAnswer(page, 'phone-aggregate-whole');
    expect(errors).toEqual([]);
  });
});
