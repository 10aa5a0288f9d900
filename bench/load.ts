/**
 * A loopback load test against the real server, started as `npm start` would: 8 and 32 clients asking the gold
 * questions over HTTP and over WebSocket, each run bounded in requests and in time. Prints requests/s, latency
 * percentiles, errors, dropped answers and the server's RSS before and after.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { WebSocket } from 'ws';
import { PROJECT_ROOT } from '../src/config.ts';
import { readGold } from '../src/evaluation/gold.ts';
import { percentile } from './stats.ts';

/** Each run stops at this many requests or this many seconds, whichever comes first. */
const RUNS = [
  { transport: 'http', clients: 8, requests: 2000 },
  { transport: 'ws', clients: 8, requests: 2000 },
  { transport: 'http', clients: 32, requests: 10_000 },
  { transport: 'ws', clients: 32, requests: 10_000 },
] as const;
const MAX_SECONDS = 300;

const questions = readGold(resolve(PROJECT_ROOT, 'eval/gold.jsonl')).items.map((i) => i.question);

function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) * 1024;
}

/** The server as `npm start` runs it, on a free port, its request log discarded. */
async function startServer() {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'start'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, PORT: '0', RATE_LIMIT_PER_MINUTE: '100000000', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const url = await new Promise<string>((resolveUrl, reject) => {
    let seen = '';
    let at = '';
    child.stderr.on('data', (data: Buffer) => {
      seen += data.toString();
      at ||= /is at (http:\/\/\S+)/.exec(seen)?.[1] ?? '';
      if (at && seen.includes('Ready:')) resolveUrl(at);
    });
    child.once('exit', (code) => reject(new Error(`the server exited (${code}):\n${seen}`)));
  });
  return { child, url, pid: child.pid as number };
}

interface Outcome {
  latencies: number[];
  /** Failed requests by what went wrong: an HTTP status, an error message, a connection error. */
  errors: Map<string, number>;
  dropped: number;
}

/** `ok`, `dropped`, or what went wrong. */
type Ask = (question: string) => Promise<string>;

async function httpClient(url: string): Promise<Ask> {
  return async (question) => {
    const response = await fetch(new URL('/api/ask', url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question }) });
    await response.arrayBuffer();
    return response.status === 200 ? 'ok' : `HTTP ${response.status}`;
  };
}

async function wsClient(url: string): Promise<Ask> {
  const socket = new WebSocket(`${url.replace(/^http/, 'ws')}ws`);
  await new Promise((resolveOpen, reject) => socket.once('open', resolveOpen).once('error', reject));
  const waiting = new Map<number, (outcome: string) => void>();
  socket.on('message', (data) => {
    const message = JSON.parse(data.toString()) as { type: string; id: number; message?: string };
    if (message.type === 'done') waiting.get(message.id)?.('ok');
    if (message.type === 'error') waiting.get(message.id)?.(message.message ?? 'error');
  });
  let next = 0;
  return (question) =>
    new Promise((resolveAsk) => {
      const id = next++;
      // An answer that never comes within the run's bound counts as dropped.
      const timer = setTimeout(() => resolveAsk('dropped'), 30_000);
      waiting.set(id, (outcome) => {
        clearTimeout(timer);
        waiting.delete(id);
        resolveAsk(outcome);
      });
      socket.send(JSON.stringify({ type: 'ask', id, question }));
    });
}

async function run(url: string, transport: 'http' | 'ws', clients: number, requests: number): Promise<Outcome & { seconds: number }> {
  const outcome: Outcome = { latencies: [], errors: new Map(), dropped: 0 };
  const deadline = performance.now() + MAX_SECONDS * 1000;
  let issued = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      const ask = await (transport === 'http' ? httpClient(url) : wsClient(url));
      while (issued < requests && performance.now() < deadline) {
        const question = questions[(issued++ + c) % questions.length] ?? '';
        const sent = performance.now();
        const result = await ask(question).catch((error: unknown) => String((error as { cause?: unknown }).cause ?? error));
        outcome.latencies.push(performance.now() - sent);
        if (result === 'dropped') outcome.dropped++;
        else if (result !== 'ok') outcome.errors.set(result, (outcome.errors.get(result) ?? 0) + 1);
      }
    }),
  );
  return { ...outcome, seconds: (performance.now() - started) / 1000 };
}

const server = await startServer();
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
try {
  const before = rssOf(server.pid);
  console.log(`load: server RSS ${mb(before)} when ready (${server.url})`);
  for (const { transport, clients, requests } of RUNS) {
    const { latencies, errors, dropped, seconds } = await run(server.url, transport, clients, requests);
    const ms = (p: number) => `p${p * 100} ${percentile(latencies, p).toFixed(1)} ms`;
    const failed = [...errors.values()].reduce((a, b) => a + b, 0);
    const why = failed > 0 ? ` (${[...errors].map(([reason, n]) => `${n}× ${reason}`).join('; ')})` : '';
    console.log(
      `load ${transport.padEnd(4)} ${String(clients).padStart(2)} clients: ${latencies.length} requests in ${seconds.toFixed(1)} s, ` +
        `${(latencies.length / seconds).toFixed(1)} req/s, ${ms(0.5)}, ${ms(0.95)}, ${ms(0.99)}, ${failed} errors${why}, ${dropped} dropped; ` +
        `server RSS ${mb(rssOf(server.pid))}`,
    );
  }
  const after = rssOf(server.pid);
  console.log(`load: server RSS ${mb(before)} before, ${mb(after)} after (${after >= before ? '+' : ''}${mb(after - before)})`);
} finally {
  server.child.kill('SIGTERM');
}
