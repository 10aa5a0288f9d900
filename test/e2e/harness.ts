/**
 * What the browser tests of the page's conversations, coverage, feedback and evidence share: the real server over
 * the full index with a folder for shares and feedback, Chromium through playwright-core, and a page opened in a
 * fresh profile with its socket traffic recorded. The tests are typed for Node, without the DOM library: the page is
 * read through locators and `evaluate` with plain values.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Locator, type Page } from 'playwright-core';
import { PROJECT_ROOT, type ServerConfig } from '../../src/config.ts';
import type { Answer } from '../../src/domain.ts';
import { startServer, type RunningServer, type ServerOptions } from '../../src/serving/server.ts';
import { fullAssistant, tempDir } from '../corpus.ts';

export const SCREENSHOTS = resolve(PROJECT_ROOT, 'test-output/e2e');
export const DESKTOP = { width: 1280, height: 820 };
export const PHONE = { width: 375, height: 740 };

export interface PageServer extends RunningServer {
  dataDir: string;
  config: ServerConfig;
}

export async function startPageServer(overrides: Partial<ServerConfig> = {}, options: Partial<Pick<ServerOptions, 'loadAssistant' | 'dataDir'>> = {}): Promise<PageServer> {
  const config: ServerConfig = { port: 0, host: '127.0.0.1', rateLimitPerMinute: 10_000, logLevel: 'silent', apiKeys: [], allowedOrigins: [], ...overrides };
  const dataDir = options.dataDir ?? tempDir('zbwd-kept-');
  const server = await startServer({ config, webDir: resolve(PROJECT_ROOT, 'web'), dataDir, topK: 5, loadAssistant: options.loadAssistant ?? fullAssistant });
  await server.ready;
  return { ...server, dataDir, config };
}

export function launchBrowser(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

/** What the page sent over its WebSocket, and the answers it received. */
export interface SocketLog {
  sent: { question: string; conversation?: { question: string; answer?: string }[]; region?: string; year?: number }[];
  results: Answer[];
}

export interface OpenedPage {
  page: Page;
  context: BrowserContext;
  socket: SocketLog;
  /** Script errors and console errors (a style or script the CSP blocks shows up here). */
  errors: string[];
}

export interface OpenOptions {
  viewport?: { width: number; height: number };
  context?: BrowserContext;
  contextOptions?: BrowserContextOptions;
  beforeLoad?: (page: Page, context: BrowserContext) => Promise<void>;
  /** The connection state to wait for; none to wait for nothing. */
  state?: string | null;
  path?: string;
}

export class Pages {
  private readonly contexts: BrowserContext[] = [];

  constructor(
    private readonly browser: () => Browser,
    private readonly server: () => { url: string },
  ) {}

  async newContext(options: BrowserContextOptions = {}): Promise<BrowserContext> {
    const context = await this.browser().newContext({ viewport: DESKTOP, ...options });
    this.contexts.push(context);
    return context;
  }

  /** A page in a fresh profile (nothing stored, so Chinese), or in `context`, loaded with its socket open. */
  async open(options: OpenOptions = {}): Promise<OpenedPage> {
    const context = options.context ?? (await this.newContext({ viewport: options.viewport ?? DESKTOP, ...options.contextOptions }));
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
    await page.goto(new URL(options.path ?? '/', this.server().url).href);
    const state = options.state === undefined ? 'open' : options.state;
    if (state !== null) await page.locator(`#connection[data-state="${state}"]`).waitFor({ state: 'attached' });
    return { page, context, socket, errors };
  }

  async closeAll(): Promise<void> {
    for (const context of this.contexts.splice(0)) await context.close();
  }
}

export async function ask(page: Page, question: string): Promise<void> {
  await page.locator('#question').fill(question);
  await page.locator('#question').press('Enter');
}

/** The index-th answer, once it is no longer pending, waiting or streaming. */
export async function settledAnswer(page: Page, index: number): Promise<Locator> {
  const answer = page.locator('.message-answer').nth(index);
  await answer.and(page.locator(':not([data-state="pending"]):not([data-state="streaming"]):not([data-state="waiting"])')).waitFor();
  return answer;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: resolve(SCREENSHOTS, `${name}.png`) });
}

/** axe-core's own source, injected into the page under test (the page loads nothing from elsewhere). */
export function axeSource(): string {
  return readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; html: string }[];
}

/** The serious and critical violations axe finds in the page as it now is. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  const loaded = await page.evaluate('typeof axe !== "undefined"');
  if (!loaded) await page.evaluate(axeSource());
  const violations = (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, html: n.html })) })))`)) as AxeViolation[];
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export interface PageSession {
  pages: Pages;
  server: () => PageServer;
  browser: () => Browser;
}

/** One test file's page server and browser: started before its tests, its pages closed after each, both after all. */
export function pageSession(): PageSession {
  let server: PageServer | undefined;
  let browser: Browser | undefined;
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the ${what} is not started: use it inside a test`);
    return value;
  };
  const session: PageSession = {
    server: () => started(server, 'page server'),
    browser: () => started(browser, 'browser'),
    pages: new Pages(() => session.browser(), () => session.server()),
  };
  beforeAll(async () => {
    server = await startPageServer();
    browser = await launchBrowser();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  afterEach(() => session.pages.closeAll());
  return session;
}
