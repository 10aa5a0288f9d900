/**
 * How cost grows with the corpus: the real reports copied 10 and 50 times over (`scale/corpus.ts`), built into the
 * file store and the Postgres store (`DATABASE_URL`; skipped when unset), with the ingest time, the bytes per report
 * on disk and in the server's memory, and warm query times (lexical search, dense search, whole answer) at each
 * size. Prints a Markdown table and the extrapolation to 50,000 reports; writes a log-log plot.
 * `npm run bench -- scale [--sizes 1,10,50] [--stores file,postgres] [--postgres-up-to 50] [--questions 60] [--plot FILE]
 * [--rows FILE] [--with FILE] [--reuse]`: `--rows` writes the rows measured as JSON, `--with` adds those of an earlier run (one
 * store measured at a time, then both printed and plotted together); `--reuse` measures the Postgres store's current
 * build when it has as many reports as the size asks, instead of ingesting again (its ingest time is then not given).
 * Each store at each size is measured in a process of its own, a Postgres build written by one process and measured
 * by another (`--here` and `--ingest-only` are how it calls itself).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createAssistant } from '../src/answering/ask.ts';
import { loadConfig, PROJECT_ROOT } from '../src/config.ts';
import { loadEmbedder, type Embedder } from '../src/embedding/embedder.ts';
import { readGold, sampleGold } from '../src/evaluation/gold.ts';
import { buildIndex, DEFAULT_DENSE, readInputs, type Inputs } from '../src/indexing/build.ts';
import type { CorpusIndex } from '../src/indexing/corpus-index.ts';
import { fileStore } from '../src/indexing/file-store.ts';
import { closeDatabases, databasePool, databaseStore } from '../src/indexing/postgres/database.ts';
import { PARTITIONED, partition } from '../src/indexing/postgres/write-build.ts';
import type { Store } from '../src/indexing/store-port.ts';
import { multiplied } from './scale/corpus.ts';
import { logLogPlot } from './scale/plot.ts';
import { stageTable, timedIndex, type Tally } from './scale/stages.ts';

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '1,10,50' }, questions: { type: 'string', default: '60' }, plot: { type: 'string', default: resolve(PROJECT_ROOT, 'bench/scale/scale.svg') }, 'postgres-up-to': { type: 'string', default: '50' }, stores: { type: 'string', default: 'file,postgres' }, rows: { type: 'string' }, with: { type: 'string' }, reuse: { type: 'boolean', default: false }, 'ingest-only': { type: 'boolean', default: false }, here: { type: 'boolean', default: false } } });
const stores = new Set(values.stores.split(','));
const postgresUpTo = Number(values['postgres-up-to']);
const sizes = values.sizes.split(',').map(Number);
const config = loadConfig();
const log = (line: string) => console.error(line);
const questions = sampleGold(readGold(resolve(PROJECT_ROOT, 'eval/gold.jsonl')).items, Number(values.questions)).filter((item) => !item.conversation);

/** What a process that measures needs: the model, the reports and the questions' vectors. */
interface Setting {
  embedder: Embedder;
  base: Inputs;
  vectors: number[][];
}

async function setUp(): Promise<Setting> {
  const embedder = await loadEmbedder({ model: config.embedModel, modelDir: config.modelDir, projectRoot: PROJECT_ROOT }, log);
  if (!embedder) throw new Error('the scale bench needs the embedding model');
  const base = await readInputs(config.corpusDir, config.indexDir);
  const vectors: number[][] = [];
  for (const item of questions) vectors.push(await embedder.embeddings.embedQuery(item.question));
  return { embedder, base, vectors };
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const rss = (): number => {
  gc();
  gc();
  return process.memoryUsage().rss;
};

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

async function timed(run: (i: number) => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < Math.min(10, questions.length); i++) await run(i);
  const times: number[] = [];
  for (let i = 0; i < questions.length; i++) {
    const started = performance.now();
    await run(i);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 0.5), p95: percentile(times, 0.95) };
}

interface Row {
  store: string;
  /** The answers' time split by the calls they made on the index. */
  stages: string;
  reports: number;
  chunks: number;
  ingestS: number;
  diskBytes: number;
  memoryBytes: number;
  lexical: { p50: number; p95: number };
  dense: { p50: number; p95: number };
  answer: { p50: number; p95: number };
}

async function diskBytes(store: Store, index: CorpusIndex, dir: string): Promise<number> {
  if (store.kind === 'file') return Number(execFileSync('du', ['-sb', join(dir, index.source.build)], { encoding: 'utf8' }).split('\t')[0]);
  const build = Number(index.source.build);
  const { rows } = await databasePool(config.databaseUrl ?? '').query<{ bytes: string }>(
    `SELECT sum(pg_total_relation_size(t::regclass)) AS bytes FROM unnest($1::text[]) AS t`,
    [PARTITIONED.map((table) => partition(table, build))],
  );
  return Number(rows[0]?.bytes ?? 0);
}

/** Builds and writes the corpus `times` over; what the build held is let go on return. */
async function ingest({ embedder, base }: Setting, store: Store, dir: string, times: number): Promise<{ ingestS: number; disk: number }> {
  if (values.reuse && store.kind === 'postgres') {
    const current = await store.open({ embedder: Promise.resolve(embedder), dense: DEFAULT_DENSE }).catch(() => undefined);
    if (current?.reports.size === base.parsed.reports.length * times) return { ingestS: Number.NaN, disk: await diskBytes(store, current, dir) };
  }
  const started = performance.now();
  const written = await store.write(await buildIndex(multiplied(base, times), { embedder }), { embedder, dense: DEFAULT_DENSE });
  const ingestS = (performance.now() - started) / 1000;
  return { ingestS, disk: await diskBytes(store, written, dir) };
}

async function measure(setting: Setting, name: string, store: Store, dir: string, times: number): Promise<Row> {
  const { embedder, vectors } = setting;
  const { ingestS, disk } = await ingest(setting, store, dir, times);
  // Measured from here: the index opened is what a server holds.
  const before = rss();
  const index = await store.open({ embedder: Promise.resolve(embedder), dense: DEFAULT_DENSE });
  const memoryBytes = rss() - before;
  const dense = index.dense;
  if (!dense) throw new Error('the index has no vectors');
  const tally: Tally = new Map();
  const tallies: Tally[] = [];
  const answers: number[] = [];
  const assistant = createAssistant(timedIndex(index, tally));
  const ask = (i: number) => assistant.ask(questions[i]?.question ?? '', questions[i]?.asked_on ? { askedOn: questions[i]?.asked_on } : {});
  const lexical = await timed((i) => index.lexical.search(questions[i]?.question ?? '', 20));
  const denseTimes = await timed((i) => dense.search(vectors[i] ?? [], 60));
  const answer = await timed(async (i) => {
    tally.clear();
    const started = performance.now();
    await ask(i);
    answers.push(performance.now() - started);
    tallies.push(new Map(tally));
  });
  // The warm-up's answers are left out.
  const warm = Math.min(10, questions.length);
  const row: Row = {
    store: name,
    stages: stageTable(tallies.slice(warm), answers.slice(warm)),
    reports: index.reports.size,
    chunks: index.chunkCount,
    ingestS,
    diskBytes: disk,
    memoryBytes,
    lexical,
    dense: denseTimes,
    answer,
  };
  console.error(JSON.stringify({ ...row, stages: undefined }));
  console.error(row.stages);
  return row;
}

/** The measurements asked for, each a store at a size. */
const runs = sizes.flatMap((times) => [
  ...(stores.has('file') ? [{ store: 'file', times }] : []),
  ...(stores.has('postgres') && config.databaseUrl && times <= postgresUpTo ? [{ store: 'postgres', times }] : []),
]);

/**
 * Each measurement in a process of its own, as a server holds one index: what an earlier one left in the heap (the
 * file store's index at 50 times the corpus) slows the answers of the next by half as much again.
 */
function measuredApart(): Row[] {
  const dir = mkdtempSync(join(tmpdir(), 'zbwd-scale-rows-'));
  try {
    const child = (store: string, times: number, more: readonly string[]): Row[] => {
      const file = join(dir, 'rows.json');
      const args = [...process.execArgv, fileURLToPath(import.meta.url), '--here', '--sizes', String(times), '--stores', store, '--questions', values.questions, '--rows', file, '--plot', join(dir, 'plot.svg'), ...more];
      execFileSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
      return JSON.parse(readFileSync(file, 'utf8')) as Row[];
    };
    return runs.flatMap(({ store, times }) => {
      if (store === 'file') return child(store, times, []);
      // A Postgres build is written by one process and served by another, as ingest and servers are.
      const written = values.reuse ? [] : child(store, times, ['--ingest-only']);
      return child(store, times, ['--reuse']).map((row) => ({ ...row, ingestS: written[0]?.ingestS ?? row.ingestS }));
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A Postgres build written and flushed to disk, for another process to measure as a server would open it. */
async function ingestedOnly(setting: Setting, times: number): Promise<Row> {
  const store = await databaseStore(config.databaseUrl ?? '');
  const { ingestS, disk } = await ingest(setting, store, '', times);
  // What the build wrote is flushed before it is measured, not while.
  await databasePool(config.databaseUrl ?? '').query('CHECKPOINT').catch(() => undefined);
  const none = { p50: Number.NaN, p95: Number.NaN };
  return { store: 'postgres', stages: '', reports: setting.base.parsed.reports.length * times, chunks: 0, ingestS, diskBytes: disk, memoryBytes: 0, lexical: none, dense: none, answer: none };
}

/** The runs measured in this process, one after the other. */
async function measuredHere(): Promise<Row[]> {
  const setting = await setUp();
  const rows: Row[] = [];
  try {
    for (const { store, times } of runs) {
      if (store === 'postgres') {
        rows.push(values['ingest-only'] ? await ingestedOnly(setting, times) : await measure(setting, 'postgres', await databaseStore(config.databaseUrl ?? ''), '', times));
      } else if (!values['ingest-only']) {
        const dir = mkdtempSync(join(tmpdir(), 'zbwd-scale-'));
        try {
          rows.push(await measure(setting, 'file', fileStore(dir), dir, times));
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }
    }
  } finally {
    await setting.embedder.release();
  }
  return rows;
}

const rows: Row[] = values.here ? await measuredHere() : measuredApart();
await closeDatabases();
if (values.rows) writeFileSync(values.rows, JSON.stringify(rows));
if (values.with) rows.unshift(...(JSON.parse(readFileSync(values.with, 'utf8')) as Row[]));
rows.sort((a, b) => a.reports - b.reports || a.store.localeCompare(b.store));

const ms = (t: { p50: number; p95: number }) => `${t.p50.toFixed(1)} / ${t.p95.toFixed(1)}`;
/** Memory below the RSS's noise (a collection, the allocator's pages) is printed as such. */
const kb = (bytes: number, reports: number) => (bytes < 16 * 1024 * 1024 ? '< noise' : (bytes / reports / 1024).toFixed(0));
console.log(`${questions.length} gold questions (no follow-ups), warm, after 10; times in ms, p50 / p95\n`);
console.log('| store | reports | chunks | ingest s | disk KB/report | memory KB/report | lexical ms | dense ms | answer ms |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of rows) console.log(`| ${r.store} | ${r.reports} | ${r.chunks} | ${Number.isFinite(r.ingestS) ? r.ingestS.toFixed(1) : '—'} | ${kb(r.diskBytes, r.reports)} | ${kb(r.memoryBytes, r.reports)} | ${ms(r.lexical)} | ${ms(r.dense)} | ${ms(r.answer)} |`);
for (const r of rows) console.log(`\n${r.store} store, ${r.reports} reports: where the answers' time goes\n\n${r.stages}`);

/** Least squares of y = a + b·x over the rows of one store. */
function linear(points: [number, number][]): { a: number; b: number } {
  const n = points.length;
  const mx = points.reduce((s, p) => s + p[0], 0) / n;
  const my = points.reduce((s, p) => s + p[1], 0) / n;
  const sxx = points.reduce((s, p) => s + (p[0] - mx) ** 2, 0);
  const b = sxx === 0 ? 0 : points.reduce((s, p) => s + (p[0] - mx) * (p[1] - my), 0) / sxx;
  return { a: my - b * mx, b };
}
const GB = 1024 ** 3;
for (const store of ['file', 'postgres']) {
  const of = rows.filter((r) => r.store === store);
  if (of.length < 2) continue;
  const memory = linear(of.map((r) => [r.reports, r.memoryBytes]));
  const disk = linear(of.map((r) => [r.reports, r.diskBytes]));
  const at = 50_000;
  const fits = memory.b > 0 ? Math.floor((24 * GB - memory.a) / memory.b) : Number.POSITIVE_INFINITY;
  console.log(`\n${store} store at ${at} reports (linear fit): ${((memory.a + memory.b * at) / GB).toFixed(1)} GB in the server's memory, ${((disk.a + disk.b * at) / GB).toFixed(1)} GB on disk; memory reaches 24 GB at about ${Number.isFinite(fits) ? fits : 'no'} reports`);
}

const colors = { file: '#c05621', postgres: '#2b6cb0' };
const lines = (['file', 'postgres'] as const).flatMap((store) => {
  const of = rows.filter((r) => r.store === store);
  if (of.length === 0) return [];
  return [
    { label: `${store}: answer p95`, color: colors[store], points: of.map((r) => [r.reports, r.answer.p95] as [number, number]) },
    { label: `${store}: lexical p95`, color: colors[store], dashed: true, points: of.map((r) => [r.reports, r.lexical.p95] as [number, number]) },
  ];
});
writeFileSync(values.plot, logLogPlot('Warm query time against corpus size (2 cores)', 'reports', 'ms (p95)', lines));
console.log(`\nplot: ${values.plot}`);
