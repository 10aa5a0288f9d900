/**
 * Start-up of the server over an already built index: `npm run serve` (compiled, plain Node) against `npm start`
 * (TypeScript under tsx). Each is started on a free port, timed from its spawn until `/readyz` answers 200, its
 * CPU time and memory read once ready (the server process and the model's child), then stopped with SIGTERM. Prints the median
 * and range over the runs: `npm run build`, then `node --import tsx bench/start.ts [runs]` (5 by default).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PROJECT_ROOT } from '../src/config.ts';
import { percentile } from './stats.ts';

const COMMANDS = ['serve', 'start'] as const;
type Command = (typeof COMMANDS)[number];

const RUNS = Number(process.argv[2] ?? 5);
const READY_TIMEOUT_MS = 120_000;
/** A start over a stale index embeds the corpus before it is fully ready. */
const FIRST_BUILD_TIMEOUT_MS = 30 * 60_000;
const POLL_MS = 25;
/** Clock ticks a second, the unit of a process's CPU times in /proc. */
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));

interface Run {
  readyMs: number;
  /** CPU time the server and its model spent until ready, which other work on the machine does not stretch. */
  cpuMs: number;
  serverRss: number;
  modelRss: number;
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

/** The ids of a process's children, read from each process's parent id in /proc. */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc').flatMap((name) => {
    if (!/^\d+$/.test(name)) return [];
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // The fields after the command name, whose parentheses may hold anything: state, then the parent's id.
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      return parent === pid ? [Number(name)] : [];
    } catch {
      // Ended while the list was read.
      return [];
    }
  });
}

function commandLine(pid: number): string {
  return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
}

/** User and system time, in milliseconds. */
function cpuOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // utime and stime are the 14th and 15th fields, the 12th and 13th after the command name.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS) * 1000;
}

/** Resident memory in bytes. */
function rssOf(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) * 1024;
}

/** npm's child is the server itself (`exec` replaces the shell), and the model runs in the server's child `embed-child`. */
function serverProcesses(npmPid: number): { server: number; model: number } {
  const server = childrenOf(npmPid).find((pid) => commandLine(pid).includes('cli.'));
  if (server === undefined) throw new Error('no server process under npm');
  const model = childrenOf(server).find((pid) => commandLine(pid).includes('embed-child'));
  if (model === undefined) throw new Error('no model process under the server');
  return { server, model };
}

/** The status `/readyz` gives at its first 200: `ready`, or `degraded` while vectors are built or the model is down. */
async function untilAnswering(url: string, child: ChildProcess, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode} before it was ready`);
    const response = await fetch(url).catch(() => undefined);
    if (response?.status === 200) return ((await response.json()) as { status: string }).status;
    await sleep(POLL_MS);
  }
  throw new Error(`not ready after ${timeoutMs / 1000} s`);
}

function running(pid: number): boolean {
  return existsSync(`/proc/${pid}`) && !/State:\s+Z/.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
}

function descendantsOf(pid: number): number[] {
  return childrenOf(pid).flatMap((child) => [child, ...descendantsOf(child)]);
}

/** SIGTERM to npm, as a supervisor would send it; every process under it must be gone afterwards. */
async function stop(child: ChildProcess): Promise<void> {
  const pids = child.pid === undefined ? [] : descendantsOf(child.pid);
  const exited = new Promise((resolveExit) => child.once('exit', resolveExit));
  if (child.exitCode === null) {
    child.kill('SIGTERM');
    await exited;
  }
  for (let waited = 0; pids.some(running); waited += POLL_MS) {
    if (waited > 15_000) throw new Error(`still running after SIGTERM: ${pids.filter(running).join(', ')}`);
    await sleep(POLL_MS);
  }
}

/** Runs `npm run <command>` on a free port until `use` is done with it, and stops it whatever happens. */
async function withServer<T>(command: Command, use: (child: ChildProcess, readyz: string, started: number) => Promise<T>): Promise<T> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn('npm', ['run', '--silent', command], { cwd: PROJECT_ROOT, env: { ...process.env, PORT: String(port), LOG_LEVEL: 'warn' }, stdio: 'ignore' });
  try {
    return await use(child, `http://127.0.0.1:${port}/readyz`, started);
  } finally {
    await stop(child);
  }
}

/** Untimed: a stale index is brought up to date (the vectors embedded, minutes), and the files read into the page cache. */
function warmUp(command: Command): Promise<void> {
  return withServer(command, async (child, readyz) => {
    while ((await untilAnswering(readyz, child, FIRST_BUILD_TIMEOUT_MS)) !== 'ready') await sleep(1000);
  });
}

function measure(command: Command): Promise<Run> {
  return withServer(command, async (child, readyz, started) => {
    const status = await untilAnswering(readyz, child, READY_TIMEOUT_MS);
    const readyMs = performance.now() - started;
    // Over a built index the model answers from the first; a degraded start would measure something else.
    if (status !== 'ready') throw new Error(`npm run ${command} was ${status} at its first 200`);
    if (child.pid === undefined) throw new Error(`npm run ${command} did not start`);
    const { server, model } = serverProcesses(child.pid);
    return { readyMs, cpuMs: cpuOf(server) + cpuOf(model), serverRss: rssOf(server), modelRss: rssOf(model) };
  });
}

const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MB`;
const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const median = (values: readonly number[]): number => percentile(values, 0.5);

function row(command: Command, runs: readonly Run[]): string {
  const ready = runs.map((r) => r.readyMs);
  const server = median(runs.map((r) => r.serverRss));
  const model = median(runs.map((r) => r.modelRss));
  const total = median(runs.map((r) => r.serverRss + r.modelRss));
  const range = `${seconds(Math.min(...ready))}–${seconds(Math.max(...ready))}`;
  const cpu = median(runs.map((r) => r.cpuMs));
  return `| npm run ${command} | ${seconds(median(ready))} | ${range} | ${seconds(cpu)} | ${mb(server)} | ${mb(model)} | ${mb(total)} |`;
}

if (!existsSync(resolve(PROJECT_ROOT, 'dist/cli.js'))) throw new Error('no dist/cli.js: run `npm run build` first');

for (const command of COMMANDS) await warmUp(command);
const runs = new Map<Command, Run[]>(COMMANDS.map((command) => [command, []]));
// Taking turns spreads whatever else the machine does over both commands alike.
for (let i = 0; i < RUNS; i++) {
  for (const command of COMMANDS) {
    const run = await measure(command);
    runs.get(command)?.push(run);
    process.stderr.write(`${command} ${i + 1}/${RUNS}: ready in ${seconds(run.readyMs)} (CPU ${seconds(run.cpuMs)}), RSS ${mb(run.serverRss)} + ${mb(run.modelRss)}\n`);
  }
}
console.log(`Start to ready (median of ${RUNS}, range) and RSS once ready (medians)\n`);
console.log(`Load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')} on ${availableParallelism()} cores\n`);
console.log('| command | ready | range | CPU to ready | server RSS | model RSS | total RSS |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const command of COMMANDS) console.log(row(command, runs.get(command) ?? []));
