/**
 * Time to add one report to a running server, and the memory it takes: `npm start`'s server (a process of its own,
 * with ADMIN_TOKEN) over a copy of the corpus and of the built index (`RAG_INDEX_DIR`, copied so that the add leaves
 * it as it was), a PDF of about 30 pages printed by Chromium from the 2024 贵阳 report renamed 遵义, set as official
 * documents are, sent as the page
 * sends it (`POST /api/uploads`, then confirmed), and its progress followed on the WebSocket until the build holding
 * it answers. RSS of the server's process and of the model's (its child, which a build ends and starts again) is
 * sampled every 100 ms from the upload to the answer. Numbers, not assertions.
 * Run: node --import tsx bench/add-report.ts
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { loadConfig, PROJECT_ROOT } from '../src/config.ts';
import { parseCorpus } from '../src/parsing/corpus.ts';
import { readReportFile } from '../src/parsing/report-file.ts';
import { PAGE_BREAK } from '../src/parsing/text.ts';
import { closeBrowser, printablePage, printPdf } from '../test/parsing/fixtures.ts';

const TOKEN = 'a-bench-admin-token-of-some-length';
const SAMPLE_MS = 100;

const config = loadConfig();
if (!existsSync(join(config.indexDir, 'CURRENT'))) throw new Error(`no built index in ${config.indexDir}: run npm run ingest first`);

/** The 2024 贵阳 report as 遵义's: a report the corpus does not hold, of a region it does not cover. */
async function reportPdf(): Promise<{ pdf: Buffer; pages: number }> {
  const text = readFileSync(join(config.corpusDir, '001_3f56b829cd352b44.txt'), 'utf8').replaceAll('贵阳', '遵义').replace('5.5%左右', '6.5%左右');
  const [report] = parseCorpus([{ name: 'zunyi.txt', text }]).reports;
  if (!report) throw new Error('the 遵义 copy does not parse');
  // Set as official documents are (GB/T 9704: 三号 16 pt type, about 22 lines a page): the report's 30 pages or so.
  const page = printablePage(report).replace('font-size: 14pt; line-height: 1.6', 'font-size: 16pt; line-height: 1.8');
  const pdf = await printPdf(page, report.title);
  await closeBrowser();
  const read = await readReportFile(pdf, 'zunyi-2024.pdf');
  return { pdf, pages: read.text.split(PAGE_BREAK).length };
}

/** The ids of a process's children, from each process's parent id in /proc. */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc').flatMap((name) => {
    if (!/^\d+$/.test(name)) return [];
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid ? [Number(name)] : [];
    } catch {
      return [];
    }
  });
}

/** Resident memory in MB; 0 once the process is gone. */
function rssOf(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

function descendantsOf(pid: number): number[] {
  return childrenOf(pid).flatMap((child) => [child, ...descendantsOf(child)]);
}

/** The server's peak RSS and its descendants' (the model's process) while sampling. */
function sampleMemory(server: number): { stop: () => { server: number; model: number } } {
  const peak = { server: 0, model: 0 };
  const timer = setInterval(() => {
    peak.server = Math.max(peak.server, rssOf(server));
    peak.model = Math.max(peak.model, descendantsOf(server).reduce((sum, pid) => sum + rssOf(pid), 0));
  }, SAMPLE_MS);
  return {
    stop: () => {
      clearInterval(timer);
      return peak;
    },
  };
}

async function startServer(corpusDir: string, indexDir: string): Promise<{ child: ChildProcess; url: string }> {
  const env = { ...process.env, RAG_CORPUS_DIR: corpusDir, RAG_INDEX_DIR: indexDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ADMIN_TOKEN: TOKEN };
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'start'], { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (piece: string) => (output += piece));
  child.stderr?.setEncoding('utf8').on('data', (piece: string) => (output += piece));
  for (;;) {
    const url = /is at (http:\/\/\S+\/)/.exec(output)?.[1];
    const ready = url ? await fetch(`${url}readyz`).then((r) => r.json() as Promise<{ status?: string }>, () => undefined) : undefined;
    if (url && ready?.status === 'ready') return { child, url };
    if (child.exitCode !== null) throw new Error(`the server ended:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

interface Progress {
  upload: string;
  stage: string;
}

const { pdf, pages } = await reportPdf();
const corpusDir = mkdtempSync(join(tmpdir(), 'zbwd-bench-add-corpus-'));
const indexDir = mkdtempSync(join(tmpdir(), 'zbwd-bench-add-index-'));
cpSync(config.corpusDir, corpusDir, { recursive: true });
cpSync(config.indexDir, indexDir, { recursive: true });
const { child, url } = await startServer(corpusDir, indexDir);
try {
  const socket = new WebSocket(`${url.replace(/^http/, 'ws')}ws`);
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  const seen = new Map<string, number>();
  let upload = '';
  const done = new Promise<string>((resolve) =>
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as Progress & { type: string };
      if (message.type !== 'upload-progress' || message.upload !== upload) return;
      if (!seen.has(message.stage)) seen.set(message.stage, performance.now());
      if (message.stage === 'done' || message.stage === 'failed') resolve(message.stage);
    }),
  );
  const headers = { authorization: `Bearer ${TOKEN}` };
  const memory = sampleMemory(child.pid ?? 0);
  const started = performance.now();
  const form = new FormData();
  form.append('file', new Blob([pdf]), 'zunyi-2024.pdf');
  const held = (await (await fetch(`${url}api/uploads`, { method: 'POST', headers, body: form })).json()) as { uploads: { upload: string; reports: { title: string; region: string; year: number; kind: string }[] }[] };
  const first = held.uploads[0];
  if (!first?.reports[0]) throw new Error(`not read: ${JSON.stringify(held)}`);
  upload = first.upload;
  const parsed = performance.now();
  const { title, region, year, kind } = first.reports[0];
  const confirmed = await fetch(`${url}api/uploads/${upload}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ title, region, year, kind }) });
  if (confirmed.status !== 202) throw new Error(`not added: ${confirmed.status} ${await confirmed.text()}`);
  const outcome = await done;
  const ended = performance.now();
  const peak = memory.stop();
  socket.close();
  const at = (stage: string) => ((seen.get(stage) ?? ended) - started) / 1000;
  const seconds = (ended - started) / 1000;
  console.log(
    `add a ${pages}-page PDF (${(pdf.length / 1024).toFixed(0)} KiB) to a running server: ${outcome} in ${seconds.toFixed(1)} s ` +
      `(read and checked ${((parsed - started) / 1000).toFixed(1)} s, embedding from ${at('embed').toFixed(1)} s, indexing from ${at('index').toFixed(1)} s); ` +
      `peak RSS during the add: server ${peak.server.toFixed(0)} MB, model's process ${peak.model.toFixed(0)} MB`,
  );
} finally {
  child.kill('SIGTERM');
  await new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(undefined)));
  rmSync(corpusDir, { recursive: true, force: true });
  rmSync(indexDir, { recursive: true, force: true });
}
