/**
 * Starts and ends the embedding model's process over and over, as ingests and server starts do, and counts its
 * crashes. `cycles`: 50 times, the model is started, embeds a question and is released. `builds`: 30 index builds
 * in a row of a two-report corpus into one folder, rebuilt each time; a line is added to a report before each
 * build, so that the model is started to embed the few texts new to it (the embedding cache is kept between
 * builds; the first build embeds everything) and released before the build is written, as in an ingest.
 *
 * `node --import tsx bench/stress-model.ts` runs each phase in a node process of its own, so that a crash of the
 * product's process is seen too, and prints a table: model processes that ended with a signal or a nonzero code,
 * or without being asked to; the phase's exit; RSS of the product's process and of the model's.
 * `node --import tsx bench/stress-model.ts cycles|builds` runs one phase and prints its result as JSON.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, PROJECT_ROOT } from '../src/config.ts';
import { ChildEmbeddings, type ModelExit } from '../src/embedding/child-embeddings.ts';
import { loadEmbedder } from '../src/embedding/embedder.ts';
import { locateModel } from '../src/embedding/locate.ts';
import { EMBEDDING_MODELS } from '../src/embedding/models.ts';
import { openIndex } from '../src/indexing/open.ts';

const CYCLES = 50;
const BUILDS = 30;
const REPORTS = ['000_d46cfec73a0d31cf.txt', '001_3f56b829cd352b44.txt'];
const PHASES = ['cycles', 'builds'] as const;
type Phase = (typeof PHASES)[number];

interface PhaseResult {
  phase: Phase;
  rounds: number;
  /** Rounds that threw: a model that would not start, a request that failed. */
  failures: string[];
  modelExits: number;
  /** Model processes that ended with a signal or a nonzero code, or without being asked to. */
  crashes: ModelExit[];
  /** MB. */
  parentRss: number;
  parentPeakRss: number;
  modelRss: number;
  modelPeakRss: number;
  seconds: number;
  /** Texts the model embedded per build, for `builds`. */
  embedded?: number[];
}

/** VmRSS and VmHWM of a process in MB, or zeros once it is gone. */
function memoryOf(pid: number | undefined): { rss: number; peak: number } {
  if (pid === undefined) return { rss: 0, peak: 0 };
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) / 1024;
    return { rss: field('VmRSS'), peak: field('VmHWM') };
  } catch {
    return { rss: 0, peak: 0 };
  }
}

/** What one phase saw of the model's processes, the largest memory of any of them, and the product's own. */
class Watch {
  readonly failures: string[] = [];
  readonly crashes: ModelExit[] = [];
  modelExits = 0;
  private modelRss = 0;
  private modelPeakRss = 0;
  private readonly started = performance.now();

  follow(embeddings: ChildEmbeddings): void {
    embeddings.onExit((exit) => {
      this.modelExits++;
      if (!exit.asked || exit.signal || exit.code !== 0) this.crashes.push(exit);
    });
  }

  sampleModel(pid: number | undefined): void {
    const { rss, peak } = memoryOf(pid);
    this.modelRss = Math.max(this.modelRss, rss);
    this.modelPeakRss = Math.max(this.modelPeakRss, peak);
  }

  result(phase: Phase, rounds: number, extra: Partial<PhaseResult> = {}): PhaseResult {
    const { failures, crashes, modelExits, modelRss, modelPeakRss } = this;
    return {
      phase,
      rounds,
      failures,
      modelExits,
      crashes,
      parentRss: process.memoryUsage().rss / 2 ** 20,
      parentPeakRss: process.resourceUsage().maxRSS / 1024,
      modelRss,
      modelPeakRss,
      seconds: (performance.now() - this.started) / 1000,
      ...extra,
    };
  }
}

const config = loadConfig();
const spec = EMBEDDING_MODELS[config.embedModel];

async function cycles(): Promise<PhaseResult> {
  const watch = new Watch();
  const source = locateModel(spec.name, PROJECT_ROOT, config.modelDir);
  for (let round = 0; round < CYCLES; round++) {
    try {
      const embeddings = await ChildEmbeddings.start(spec, source);
      watch.follow(embeddings);
      await embeddings.embedQuery(`${2000 + round}年地区生产总值增长多少？`);
      watch.sampleModel(embeddings.pid);
      await embeddings.release();
    } catch (error) {
      watch.failures.push(`round ${round + 1}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return watch.result('cycles', CYCLES);
}

async function builds(): Promise<PhaseResult> {
  const watch = new Watch();
  const embedder = await loadEmbedder({ model: config.embedModel, modelDir: config.modelDir, projectRoot: PROJECT_ROOT }, (line) => console.error(line));
  if (!(embedder?.embeddings instanceof ChildEmbeddings)) throw new Error('no embedding model in a child process: nothing to stress');
  const embeddings = embedder.embeddings;
  watch.follow(embeddings);
  const corpusDir = mkdtempSync(join(tmpdir(), 'zbwd-stress-corpus-'));
  const indexDir = mkdtempSync(join(tmpdir(), 'zbwd-stress-index-'));
  for (const name of REPORTS) copyFileSync(join(config.corpusDir, name), join(corpusDir, name));
  // The model's process lives only while a build embeds: its memory is read as it goes.
  const sampler = setInterval(() => watch.sampleModel(embeddings.pid), 25);
  const embedded: number[] = [];
  try {
    for (let round = 0; round < BUILDS; round++) {
      appendFileSync(join(corpusDir, REPORTS[0] ?? ''), `\n第${round + 1}轮新增城市书房${round + 1}座，建成口袋公园${round + 3}个。\n`);
      try {
        const index = await openIndex({ corpusDir, indexDir, log: () => {}, embedder, rebuild: true });
        embedded.push(index.built?.embedded ?? 0);
      } catch (error) {
        watch.failures.push(`build ${round + 1}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  } finally {
    clearInterval(sampler);
    await embedder.release();
    rmSync(corpusDir, { recursive: true, force: true });
    rmSync(indexDir, { recursive: true, force: true });
  }
  return watch.result('builds', BUILDS, { embedded });
}

interface PhaseRun {
  result: PhaseResult | undefined;
  code: number | null;
  signal: NodeJS.Signals | null;
}

function runPhase(phase: Phase): Promise<PhaseRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), phase], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (piece: string) => (stdout += piece));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const last = stdout.trim().split('\n').at(-1);
      resolve({ result: last ? (JSON.parse(last) as PhaseResult) : undefined, code, signal });
    });
  });
}

const mb = (value: number | undefined) => (value === undefined ? '-' : value.toFixed(0));

function table(runs: readonly PhaseRun[]): string {
  const header = ['phase', 'rounds', 'failed', 'model exits', 'crashes', 'phase exit', 'parent RSS end/peak MB', 'model VmRSS/VmHWM max MB', 'seconds'];
  const rows = runs.map(({ result: r, code, signal }) => [
    r?.phase ?? '?',
    String(r?.rounds ?? '-'),
    String(r?.failures.length ?? '-'),
    String(r?.modelExits ?? '-'),
    String(r?.crashes.length ?? '-'),
    signal ?? String(code),
    `${mb(r?.parentRss)}/${mb(r?.parentPeakRss)}`,
    `${mb(r?.modelRss)}/${mb(r?.modelPeakRss)}`,
    r ? r.seconds.toFixed(0) : '-',
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]?.length ?? 0)));
  return [header, ...rows].map((row) => row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ')).join('\n');
}

const phase = process.argv[2];
if (phase === 'cycles' || phase === 'builds') {
  console.log(JSON.stringify(phase === 'cycles' ? await cycles() : await builds()));
} else if (phase === undefined) {
  const runs: PhaseRun[] = [];
  for (const each of PHASES) runs.push(await runPhase(each));
  console.log(table(runs));
  for (const { result } of runs) {
    for (const failure of result?.failures ?? []) console.log(`${result?.phase} failed: ${failure}`);
    for (const crash of result?.crashes ?? []) console.log(`${result?.phase} model process ${crash.pid}: ${crash.reason}${crash.asked ? ' (asked to end)' : ''}`);
    if (result?.embedded) console.log(`${result.phase}: texts embedded per build ${result.embedded.join(' ')}`);
  }
} else {
  throw new Error('usage: stress-model.ts [cycles|builds]');
}
