/**
 * A soak test: the real server, started as `npm start` starts it (with the Slack bot on, talking to a local
 * stand-in for Slack's Web API), driven for N minutes by a few clients with mixed traffic — answers over every
 * surface, clients hanging up mid-answer, bad requests whose 4xx is the right answer. Prints a row a minute
 * (requests, unexpected errors, latency of good requests, RSS of the server and of its child processes) and a
 * summary; exits nonzero when anything unexpected happened (a client saw it or the server logged it as an error).
 *
 *   npm run soak -- --minutes 30 [--clients 6]
 */
import { spawn, spawnSync, type ChildProcessByStdio } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { PROJECT_ROOT } from '../src/config.ts';
import { readGold } from '../src/evaluation/gold.ts';
import { BOT_TOKEN, SIGNING_SECRET } from '../test/slack/requests.ts';
import { SoakSlack } from './soak-slack.ts';
import { ACTIONS, failureOf, pickAction, WsClient, type Asked, type Outcome, type Target } from './soak-traffic.ts';
import { percentile } from './stats.ts';

const MINUTE_MS = 60_000;
/** A first start builds the index and embeds the corpus (about six minutes on 2 cores). */
const READY_TIMEOUT_MS = 30 * MINUTE_MS;
/** The server drains its answers for up to 10 s on SIGTERM; past this it did not stop. */
const STOP_TIMEOUT_MS = 20_000;
const RSS_GROWTH_TARGET_MB = 30;

const options = z.object({
  minutes: z.coerce.number().int().min(1),
  clients: z.coerce.number().int().min(1).max(32),
});

function readOptions(): z.infer<typeof options> {
  const { values } = parseArgs({ options: { minutes: { type: 'string', default: '30' }, clients: { type: 'string', default: '6' } } });
  return options.parse(values);
}

function goldQuestions(): Asked[] {
  return readGold(resolve(PROJECT_ROOT, 'eval/gold.jsonl')).items.map(({ question, conversation }) => ({ question, ...(conversation ? { conversation } : {}) }));
}

// ——— the server process ———

type ServerProcess = ChildProcessByStdio<null, Readable, Readable>;

interface Server {
  process: ServerProcess;
  pid: number;
  url: string;
  /** Error-level lines of the server's log, by message, and how many so far. */
  errorLines: Map<string, number>;
  errorCount: number;
  /** Set once the process has ended, with how. */
  exited: string | undefined;
  /** The last lines it wrote to stderr (what it says as it starts and stops, and how it failed). */
  lastWords: string[];
}

const LAST_WORDS = 40;

/** `taskset -c 0,1` when there is one and two cores to pin to: the target machine has two. */
function pinning(): string[] {
  const hasTaskset = spawnSync('taskset', ['-V']).status === 0;
  return hasTaskset && availableParallelism() >= 2 ? ['taskset', '-c', '0,1'] : [];
}

/** The environment of a default `npm start`, with the bot on and no rate limit to get in the way. */
function serverEnvironment(slack: SoakSlack): NodeJS.ProcessEnv {
  const { LLM_MODEL: _llm, API_KEYS: _keys, SLACK_APP_TOKEN: _app, ALLOWED_ORIGINS: _origins, ...inherited } = process.env;
  return {
    ...inherited,
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'info',
    RATE_LIMIT_PER_MINUTE: '1000000000',
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
  };
}

const logLineSchema = z.object({ level: z.number(), msg: z.string().optional(), err: z.object({ message: z.string().optional() }).optional() });

function jsonOrText(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return line;
  }
}

/**
 * Counts the log's error lines (pino level 50 and up) by message: the server logs an error only for its own faults,
 * so a line is a fault even when no client saw it (a Slack reply that could not be posted).
 */
function watchErrorLines(stdout: Readable, server: Server): void {
  createInterface({ input: stdout }).on('line', (line) => {
    if (!/"level":[56]\d/.test(line)) return;
    const parsed = logLineSchema.safeParse(jsonOrText(line));
    const what = parsed.success ? [parsed.data.msg, parsed.data.err?.message].filter(Boolean).join(': ') : line.slice(0, 200);
    server.errorLines.set(what, (server.errorLines.get(what) ?? 0) + 1);
    server.errorCount++;
  });
}

/** Starts the server as `npm start` does and resolves with its address once it prints it. */
async function startServer(slack: SoakSlack): Promise<Server> {
  const command = [...pinning(), process.execPath, '--import', 'tsx', 'src/cli.ts', 'start'];
  const child = spawn(command[0] as string, command.slice(1), { cwd: PROJECT_ROOT, env: serverEnvironment(slack), stdio: ['ignore', 'pipe', 'pipe'] });
  const server: Server = { process: child, pid: child.pid as number, url: '', errorLines: new Map(), errorCount: 0, exited: undefined, lastWords: [] };
  watchErrorLines(child.stdout, server);
  child.once('exit', (code, signal) => {
    server.exited = signal ? `killed by ${signal}` : `exited with code ${code}`;
  });
  server.url = await new Promise<string>((resolveUrl, reject) => {
    createInterface({ input: child.stderr }).on('line', (line) => {
      server.lastWords.push(line);
      if (server.lastWords.length > LAST_WORDS) server.lastWords.shift();
      const url = /is at (http:\/\/\S+)/.exec(line)?.[1];
      if (url) resolveUrl(url);
    });
    child.once('exit', () => reject(new Error(`the server ${server.exited}:\n${server.lastWords.join('\n')}`)));
  });
  console.log(`soak: server pid ${server.pid} at ${server.url}${command[0] === 'taskset' ? ' (pinned to cores 0,1)' : ''}`);
  return server;
}

const sleep = (ms: number) => new Promise((resolveSleep) => setTimeout(resolveSleep, ms));

const readinessSchema = z.object({ status: z.string() });

/** What `/readyz` says (`loading`, `degraded` while a first start builds the vectors, `ready`), or why it says nothing. */
async function readinessOf(server: Server): Promise<string> {
  try {
    const response = await fetch(`${server.url}readyz`);
    const parsed = readinessSchema.safeParse(await response.json());
    return parsed.success ? parsed.data.status : `an answer of no known shape (${response.status})`;
  } catch (error) {
    return String(error);
  }
}

/** Waits until the server answers on meaning and words: a soak of a server still building its vectors would measure the build. */
async function waitUntilReady(server: Server): Promise<void> {
  const started = performance.now();
  while (performance.now() - started < READY_TIMEOUT_MS) {
    if (server.exited) throw new Error(`the server ${server.exited} before it was ready`);
    if ((await readinessOf(server)) === 'ready') {
      console.log(`soak: ready after ${((performance.now() - started) / 1000).toFixed(0)} s`);
      return;
    }
    await sleep(1000);
  }
  throw new Error(`the server was not ready within ${READY_TIMEOUT_MS / MINUTE_MS} minutes`);
}

/** SIGTERM, as a supervisor stops it; resolves with how it ended. */
async function stopServer(server: Server): Promise<string> {
  if (server.exited) return server.exited;
  const ended = new Promise<void>((resolveEnded) => server.process.once('exit', () => resolveEnded()));
  server.process.kill('SIGTERM');
  await Promise.race([ended, sleep(STOP_TIMEOUT_MS)]);
  if (server.exited) return server.exited;
  server.process.kill('SIGKILL');
  return `still running ${STOP_TIMEOUT_MS / 1000} s after SIGTERM (killed)`;
}

// ——— memory ———

const mb = (value: number) => value.toFixed(0);
const signedMb = (value: number) => `${value >= 0 ? '+' : ''}${value.toFixed(0)} MB`;

/** VmRSS of a process in MB, or 0 once it is gone. */
function rssMb(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return Number(kb ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/** The parent of every process, read from `/proc/<pid>/stat` (whose name field may hold spaces and parentheses). */
function parents(): Map<number, number> {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // The process ended while the list was read.
    }
  }
  return parentOf;
}

/** The server's child processes and theirs: the embedding model's process, esbuild's service. */
function descendantsOf(pid: number): number[] {
  const parentOf = parents();
  const found: number[] = [];
  const stack = [pid];
  while (stack.length > 0) {
    const parent = stack.pop() as number;
    const children = [...parentOf].filter(([, itsParent]) => itsParent === parent).map(([child]) => child);
    stack.push(...children);
    found.push(...children);
  }
  return found;
}

interface Memory {
  server: number;
  children: number;
  total: number;
}

function memoryOf(pid: number): Memory {
  const server = rssMb(pid);
  const children = descendantsOf(pid).reduce((sum, child) => sum + rssMb(child), 0);
  return { server, children, total: server + children };
}

/** The first words of a process's command line, without their directories: `node --import tsx child.ts`. */
function commandOf(pid: number): string {
  try {
    const words = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    return words.slice(0, 4).map((word) => word.split('/').at(-1)).join(' ');
  } catch {
    return 'ended';
  }
}

function describeChildren(pid: number): string {
  return descendantsOf(pid).map((child) => `${child} (${commandOf(child)}, ${mb(rssMb(child))} MB)`).join('; ') || 'none';
}

// ——— counting ———

class Tally {
  requests = 0;
  good = 0;
  refused = 0;
  aborted = 0;
  unexpected = 0;
  readonly latencies: number[] = [];
  readonly reasons = new Map<string, number>();

  add(outcome: Outcome): void {
    this.requests++;
    if (outcome.kind === 'good') {
      this.good++;
      this.latencies.push(outcome.ms);
    } else if (outcome.kind === 'refused') this.refused++;
    else if (outcome.kind === 'aborted') this.aborted++;
    else {
      this.unexpected++;
      this.reasons.set(outcome.reason, (this.reasons.get(outcome.reason) ?? 0) + 1);
    }
  }

  ms(p: number): string {
    return this.latencies.length === 0 ? '–' : percentile(this.latencies, p).toFixed(0);
  }
}

const ROW_HEADER = [
  '| minute | requests | good | refused 4xx | aborted | unexpected | logged errors | p50 ms | p95 ms | p99 ms | server MB | children MB | total MB |',
  '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
].join('\n');

function row(minute: number, tally: Tally, loggedErrors: number, memory: Memory): string {
  const cells = [minute, tally.requests, tally.good, tally.refused, tally.aborted, tally.unexpected, loggedErrors, tally.ms(0.5), tally.ms(0.95), tally.ms(0.99), mb(memory.server), mb(memory.children), mb(memory.total)];
  return `| ${cells.join(' | ')} |`;
}

// ——— the run ———

interface Run {
  total: Tally;
  byAction: Map<string, Tally>;
  minutes: { tally: Tally; memory: Memory }[];
}

/** One client: an action at a time, until the deadline or the server's end. */
async function runClient(target: Target, until: number, server: Server, record: (action: string, outcome: Outcome) => void): Promise<void> {
  const client = new WsClient(target);
  while (performance.now() < until && !server.exited) {
    const action = pickAction();
    record(action.name, await action.run(client).catch(failureOf));
  }
  client.close();
}

async function drive(target: Target, server: Server, minutes: number, clients: number): Promise<Run> {
  const run: Run = { total: new Tally(), byAction: new Map(ACTIONS.map((action) => [action.name, new Tally()])), minutes: [] };
  let minute = new Tally();
  const record = (action: string, outcome: Outcome) => {
    for (const tally of [run.total, run.byAction.get(action), minute]) tally?.add(outcome);
  };
  const started = performance.now();
  const until = started + minutes * MINUTE_MS;
  const driving = Promise.all(Array.from({ length: clients }, () => runClient(target, until, server, record)));
  console.log(`\n${ROW_HEADER}`);
  let errorsBefore = 0;
  for (let m = 1; m <= minutes && !server.exited; m++) {
    await sleep(started + m * MINUTE_MS - performance.now());
    // The last minute takes in the requests still under way at the deadline.
    if (m === minutes || server.exited) await driving;
    const memory = memoryOf(server.pid);
    run.minutes.push({ tally: minute, memory });
    console.log(row(m, minute, server.errorCount - errorsBefore, memory));
    errorsBefore = server.errorCount;
    minute = new Tally();
  }
  await driving;
  return run;
}

// ——— the summary ———

function printActions(run: Run): void {
  console.log('\n| traffic | requests | good | refused 4xx | aborted | unexpected | p50 ms | p95 ms |\n|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const [name, tally] of run.byAction) {
    console.log(`| ${name} | ${tally.requests} | ${tally.good} | ${tally.refused} | ${tally.aborted} | ${tally.unexpected} | ${tally.ms(0.5)} | ${tally.ms(0.95)} |`);
  }
}

function printCounts(title: string, counts: Map<string, number>): void {
  if (counts.size === 0) return;
  console.log(`\n${title}:`);
  for (const [what, n] of [...counts].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`  ${n}× ${what}`);
}

function growthLine(run: Run): string {
  // A minute that ended with the server gone has no memory to compare.
  const measured = run.minutes.filter((minute) => minute.memory.server > 0);
  const first = measured[0]?.memory;
  const last = measured.at(-1)?.memory;
  if (!first || !last) return 'RSS growth: no minute completed';
  const growth = last.total - first.total;
  const verdict = growth <= RSS_GROWTH_TARGET_MB ? 'within' : 'over';
  const end = measured.length === run.minutes.length ? 'the end' : `the end of minute ${measured.length}`;
  return (
    `RSS growth from the end of minute 1 to ${end}: server ${signedMb(last.server - first.server)}, children ${signedMb(last.children - first.children)}, ` +
    `total ${signedMb(growth)} (${mb(first.total)} → ${mb(last.total)} MB; ${verdict} the target of ${RSS_GROWTH_TARGET_MB} MB)`
  );
}

function printSummary(run: Run, seconds: number, server: Server, stopped: string, atReady: Memory): void {
  const { total } = run;
  console.log(
    `\nsoak: ${total.requests} requests in ${(seconds / 60).toFixed(1)} min (${(total.requests / seconds).toFixed(1)}/s): ${total.good} good, ` +
      `${total.refused} bad refused with the expected 4xx, ${total.aborted} broken off by the client, ${total.unexpected} unexpected; ` +
      `${server.errorCount} error lines in the server's log`,
  );
  console.log(`soak: good requests p50 ${total.ms(0.5)} ms, p95 ${total.ms(0.95)} ms, p99 ${total.ms(0.99)} ms`);
  printActions(run);
  printCounts('unexpected errors', total.reasons);
  printCounts('server log lines at level error', server.errorLines);
  console.log(`\nsoak: RSS when ready: server ${mb(atReady.server)} MB, children ${mb(atReady.children)} MB, total ${mb(atReady.total)} MB`);
  console.log(`soak: ${growthLine(run)}`);
  console.log(`soak: on SIGTERM the server ${stopped}`);
}

const { minutes, clients } = readOptions();
const slack = await SoakSlack.start();
const server = await startServer(slack);
let failed = true;
try {
  await waitUntilReady(server);
  const atReady = memoryOf(server.pid);
  console.log(`soak: ${clients} clients for ${minutes} min; child processes: ${describeChildren(server.pid)}`);
  const started = performance.now();
  const run = await drive({ url: server.url, slack, questions: goldQuestions() }, server, minutes, clients);
  const seconds = (performance.now() - started) / 1000;
  const crashed = server.exited;
  const stopped = await stopServer(server);
  if (crashed) run.total.reasons.set(`the server ${crashed} during the run`, 1);
  printSummary(run, seconds, server, stopped, atReady);
  if (crashed) console.log(`\nsoak: the server ${crashed} during the run; its last lines:\n${server.lastWords.join('\n')}`);
  failed = run.total.unexpected > 0 || server.errorCount > 0 || crashed !== undefined || stopped !== 'exited with code 0';
} finally {
  await stopServer(server);
  await slack.close();
}
process.exit(failed ? 1 : 0);
