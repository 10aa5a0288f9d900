/**
 * The 添加报告 panel end to end: a server with ADMIN_TOKEN over its own copy of 贵阳's reports and of the test index's
 * embedding cache, uploads kept in a folder of their own (RAG_UPLOAD_DIR), the real model, and the page in Chromium. A PDF printed from a corpus report renamed to 遵义 is dropped on the panel with
 * a broken file beside it; its metadata is read, corrected and confirmed; its bar goes through parse, embed and index
 * as the server tells over the WebSocket; a question only it answers is then answered from it, citing its page and
 * offering the original; once it is removed from the panel the question is refused again.
 */
import { cpSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { defaultAnswerMode } from '../../src/answering/modes.ts';
import { serving, type Serving } from '../../src/cli/serve.ts';
import { loadConfig, PROJECT_ROOT } from '../../src/config.ts';
import { readInputs } from '../../src/indexing/build.ts';
import { parseCorpus } from '../../src/parsing/corpus.ts';
import { startServer, type RunningServer } from '../../src/serving/server.ts';
import { CORPUS_DIR, tempDir, TEST_INDEX_DIR } from '../corpus.ts';
import { closeBrowser, printablePage, printPdf } from '../parsing/fixtures.ts';
import { ask, launchBrowser, Pages, PHONE, screenshot, seriousViolations, settledAnswer } from './harness.ts';

const TOKEN = 'an-e2e-admin-token-of-some-length';
const ZUNYI = '遵义2024年地区生产总值增长目标是多少？';
const CORRECTED_TITLE = '遵义市2024年政府工作报告';

const GUIYANG_FILES = ['000_d46cfec73a0d31cf.txt', '001_3f56b829cd352b44.txt', '002_c7cf16f2bd42e313.txt', '004_0e8a080e10ab87bc.txt'];

const corpusDir = tempDir('zbwd-e2e-upload-corpus-');
const indexDir = tempDir('zbwd-e2e-upload-index-');
// Not there yet: the first upload makes it.
const uploadDir = join(tempDir('zbwd-e2e-upload-'), 'uploads');

let server: RunningServer;
let answering: Serving;
let browser: Browser;
let pdf: Buffer;
const pages = new Pages(() => browser, () => server);

/** Chromium's print of the 2024 贵阳 report with 遵义 for 贵阳 everywhere and its growth target changed. */
async function zunyiPdf(): Promise<Buffer> {
  const text = readFileSync(join(CORPUS_DIR, '001_3f56b829cd352b44.txt'), 'utf8').replaceAll('贵阳', '遵义').replace('5.5%左右', '6.5%左右');
  const [report] = parseCorpus([{ name: 'zunyi.txt', text }]).reports;
  if (!report) throw new Error('the 遵义 copy does not parse');
  try {
    return await printPdf(printablePage(report), report.title);
  } finally {
    await closeBrowser();
  }
}

async function violations(page: Page): Promise<string[]> {
  return (await seriousViolations(page)).map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Drops files on the panel's drop zone as a file manager does: a drop event carrying them. */
async function drop(page: Page, files: { name: string; bytes: Buffer; type: string }[]): Promise<void> {
  const payload = JSON.stringify(files.map(({ name, bytes, type }) => ({ name, type, data: bytes.toString('base64') })));
  await page.evaluate(`(() => {
    const transfer = new DataTransfer();
    for (const { name, type, data } of ${payload}) transfer.items.add(new File([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], name, { type }));
    const zone = document.querySelector('.drop-zone');
    zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  })()`);
}

/** Records each stage an upload's item shows, in order, as the page changes it. */
async function recordStages(page: Page): Promise<void> {
  await page.evaluate(`(() => {
    window.uploadStages = [];
    new MutationObserver((records) => {
      for (const record of records) {
        const stage = record.target.dataset && record.target.dataset.stage;
        if (stage && window.uploadStages.at(-1) !== stage) window.uploadStages.push(stage);
      }
    }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-stage'] });
  })()`);
}

function adminFetch(path: string, init: RequestInit = {}, token: string | null = TOKEN): Promise<Response> {
  return fetch(new URL(path, server.url), { ...init, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(init.headers as Record<string, string>) } });
}

describe('the 添加报告 panel', () => {
  beforeAll(async () => {
    // 贵阳's reports without the provinces' collection: each rebuild reads a quarter of the corpus. The test index's
    // cache holds their texts, so the first load embeds nothing and an upload embeds only its own texts.
    for (const file of GUIYANG_FILES) cpSync(join(CORPUS_DIR, file), join(corpusDir, file));
    cpSync(join(TEST_INDEX_DIR, 'embedding-cache'), join(indexDir, 'embedding-cache'), { recursive: true });
    const config = loadConfig({ ...process.env, RAG_CORPUS_DIR: corpusDir, RAG_INDEX_DIR: indexDir, RAG_UPLOAD_DIR: uploadDir, ADMIN_TOKEN: TOKEN });
    answering = serving(config, corpusDir, () => {}, defaultAnswerMode(config), true);
    [server, browser, pdf] = await Promise.all([
      startServer({
        config: { ...config.server, port: 0, host: '127.0.0.1', rateLimitPerMinute: 10_000, logLevel: 'silent' },
        webDir: resolve(PROJECT_ROOT, 'web'),
        dataDir: tempDir('zbwd-e2e-upload-kept-'),
        topK: 5,
        corpus: { dir: corpusDir, uploadDir, fileLimits: config.fileLimits },
        loadAssistant: (stages) => answering.load(stages),
        logger: pino({ level: 'silent' }),
      }),
      launchBrowser(),
      zunyiPdf(),
    ]);
    await server.loaded;
  }, 180_000);

  afterEach(() => pages.closeAll());

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await answering?.stop();
  }, 30_000);

  test('holds an upload for confirmation without writing it, and takes only the admin token and metadata of its shape', async () => {
    const before = readdirSync(corpusDir).sort();
    expect((await adminFetch('/api/uploads', {}, null)).status).toBe(401);
    expect((await adminFetch('/api/uploads', {}, `${TOKEN}x`)).status).toBe(401);
    const form = new FormData();
    form.append('file', new Blob([pdf]), 'zunyi-2024.pdf');
    const held = await adminFetch('/api/uploads', { method: 'POST', body: form });
    expect(held.status).toBe(200);
    const body = (await held.json()) as { uploads: { upload: string; reports: unknown[] }[] };
    expect(body.uploads[0]?.reports).toEqual([expect.objectContaining({ id: '2024-zunyi', title: '2024年遵义市政府工作报告', region: '遵义市', level: 'city', year: 2024, kind: 'report' })]);
    const upload = body.uploads[0]?.upload ?? '';
    const json = { 'content-type': 'application/json' };
    const badYear = await adminFetch(`/api/uploads/${upload}`, { method: 'POST', headers: json, body: JSON.stringify({ title: '遵义', year: 'last year' }) });
    expect([badYear.status, ((await badYear.json()) as { error: { code: string } }).error.code]).toEqual([400, 'invalid-metadata']);
    expect((await adminFetch(`/api/uploads/${upload}`, { method: 'DELETE' })).status).toBe(204);
    expect((await adminFetch(`/api/uploads/${upload}`, { method: 'POST', headers: json, body: '{}' })).status).toBe(404);
    expect(readdirSync(corpusDir).sort()).toEqual(before);
    expect(existsSync(uploadDir)).toBe(false);
  });

  test('adds a dropped PDF with its corrected metadata, answers from it citing its page, then removes it', async () => {
    const { page, socket, errors } = await pages.open();
    await page.locator('#add-reports-button').click();
    await page.locator('#admin-token').fill('not-the-token-but-long-enough');
    await page.locator('.admin-sign-in button[type="submit"]').click();
    await expect.poll(() => page.locator('.admin-sign-in [role="alert"]').textContent()).toBe('令牌不对。');
    await page.locator('#admin-token').fill(TOKEN);
    await page.locator('.admin-sign-in button[type="submit"]').click();
    await page.locator('.drop-zone').waitFor();
    expect(await page.evaluate('sessionStorage.getItem("zbwd.adminToken")')).toBe(TOKEN);
    expect(await violations(page)).toEqual([]);

    await recordStages(page);
    await drop(page, [
      { name: 'zunyi-2024.pdf', bytes: pdf, type: 'application/pdf' },
      { name: 'broken.pdf', bytes: Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(2048, 7)]), type: 'application/pdf' },
    ]);
    const item = page.locator('.upload').filter({ hasText: 'zunyi-2024.pdf' });
    const broken = page.locator('.upload').filter({ hasText: 'broken.pdf' });
    await item.and(page.locator('[data-stage="confirm"]')).waitFor();
    await broken.and(page.locator('[data-stage="failed"]')).waitFor();
    expect(await broken.locator('.upload-status').textContent()).toBe('没能加入: 文件损坏或无法读取');

    // What was read from the PDF, shown to be confirmed: the title is corrected, the rest confirmed as read.
    const field = (name: string) => item.locator(`[name="${name}"]`);
    expect([await field('title').inputValue(), await field('region').inputValue(), await field('year').inputValue(), await field('kind').inputValue()]).toEqual(['2024年遵义市政府工作报告', '遵义市', '2024', 'report']);
    expect(await item.locator('.upload-level-value').textContent()).toBe('地市级');
    expect(existsSync(join(uploadDir, 'zunyi-2024.pdf'))).toBe(false);
    await field('title').fill(CORRECTED_TITLE);
    await screenshot(page, 'add-reports-confirm');
    expect(await violations(page)).toEqual([]);

    await item.locator('button[type="submit"]').click();
    await item.and(page.locator('[data-stage="embed"]')).waitFor({ timeout: 60_000 });
    await screenshot(page, 'add-reports-embedding');
    await item.and(page.locator('[data-stage="done"]')).waitFor({ timeout: 120_000 });
    await screenshot(page, 'add-reports-done');
    const stages = (await page.evaluate('window.uploadStages')) as string[];
    expect(stages.filter((stage) => ['confirm', 'queued', 'embed', 'index', 'done'].includes(stage))).toEqual(['confirm', 'queued', 'embed', 'index', 'done']);
    expect(await item.locator('.upload-bar').getAttribute('value')).toBe('3');
    expect(await item.locator('.upload-steps [data-state="done"]').count()).toBe(3);
    // Kept in the upload folder with its metadata, the corpus folder untouched: a build from both reads it as served.
    expect(readdirSync(uploadDir).sort()).toEqual(['zunyi-2024.pdf', 'zunyi-2024.pdf.meta.json']);
    expect(readdirSync(corpusDir).sort()).toEqual([...GUIYANG_FILES].sort());
    expect(JSON.parse(readFileSync(join(uploadDir, 'zunyi-2024.pdf.meta.json'), 'utf8'))).toEqual({ title: CORRECTED_TITLE, region: '遵义市', year: 2024, kind: 'report' });
    const rebuilt = (await readInputs(corpusDir, indexDir, undefined, uploadDir)).parsed.reports.find((r) => r.id === '2024-zunyi');
    expect([rebuilt?.title, rebuilt?.file]).toEqual([CORRECTED_TITLE, 'zunyi-2024.pdf']);
    await page.locator('.admin-report-title', { hasText: CORRECTED_TITLE }).waitFor();

    await page.locator('#panel-close').click();
    await ask(page, ZUNYI);
    const answer = await settledAnswer(page, 0);
    expect(await answer.getAttribute('data-state')).toBe('answered');
    expect(await answer.locator('.answer-text').textContent()).toContain('6.5%左右');
    const cited = socket.results[0]?.citations ?? [];
    expect(cited.map((c) => c.reportId)).toContain('2024-zunyi');
    const zunyiCitation = cited.find((c) => c.reportId === '2024-zunyi');
    expect(zunyiCitation?.page).toBeGreaterThan(0);
    const source = answer.locator('.source-link').filter({ hasText: CORRECTED_TITLE }).first();
    expect(await source.locator('.page-number').textContent()).toBe(`第${zunyiCitation?.page}页`);
    await source.click();
    await page.locator('.paragraph-cited').waitFor();
    expect(await page.locator('#panel-context .page-number').textContent()).toBe(`第${zunyiCitation?.page}页`);
    const original = page.locator('#panel-context .original-file');
    const href = await original.getAttribute('href');
    const file = await fetch(new URL(href ?? '', server.url));
    expect([file.status, file.headers.get('content-type'), file.headers.get('content-disposition')]).toEqual([200, 'application/pdf', 'attachment; filename=zunyi-2024.pdf']);
    expect(Buffer.from(await file.arrayBuffer()).equals(pdf)).toBe(true);
    await screenshot(page, 'add-reports-answered');

    await page.locator('#add-reports-button').click();
    page.once('dialog', (dialog) => void dialog.accept());
    await page.locator('.admin-report').filter({ hasText: CORRECTED_TITLE }).getByRole('button').click();
    await page.locator('.admin-report-title', { hasText: CORRECTED_TITLE }).waitFor({ state: 'detached', timeout: 120_000 });
    expect(readdirSync(uploadDir)).toEqual([]);
    await page.locator('#panel-close').click();
    await ask(page, ZUNYI);
    const refused = await settledAnswer(page, 1);
    expect(await refused.getAttribute('data-state')).toBe('refused');
    expect(socket.results[1]?.citations.map((c) => c.reportId) ?? []).not.toContain('2024-zunyi');
    await screenshot(page, 'add-reports-removed');
    // The wrong token's 401 and the broken file's 422 are the browser's to log; nothing else may fail.
    expect(errors.filter((error) => !/status of (401|422)\b/.test(error))).toEqual([]);
  }, 300_000);

  test('reads the same in English, in dark mode and on a phone, accessibly', async () => {
    const { page } = await pages.open({ contextOptions: { colorScheme: 'dark' } });
    await page.locator('#language-toggle').click();
    await page.locator('#add-reports-button').click();
    expect(await page.locator('.admin-sign-in label').textContent()).toBe('Admin token');
    await page.locator('#admin-token').fill(TOKEN);
    await page.locator('.admin-sign-in button[type="submit"]').click();
    await page.locator('.drop-zone').waitFor();
    expect(await page.locator('.admin-list-title').textContent()).toBe('Reports indexed');
    await screenshot(page, 'add-reports-dark-en');
    expect(await violations(page)).toEqual([]);

    // A phone's tab that holds the token opens the panel at once, over the page, the rest made inert.
    const phone = await pages.open({ viewport: PHONE, beforeLoad: async (opened) => {
        await opened.addInitScript(`sessionStorage.setItem('zbwd.adminToken', ${JSON.stringify(TOKEN)})`);
      },
    });
    await phone.page.locator('#add-reports-button').click();
    await phone.page.locator('.drop-zone').waitFor();
    expect(await phone.page.locator('#chat-column').getAttribute('inert')).toBe('');
    await screenshot(phone.page, 'add-reports-phone');
    expect(await violations(phone.page)).toEqual([]);
  });
});
