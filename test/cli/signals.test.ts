/**
 * `npm start` ends cleanly whichever process is told to: npm alone (what `docker stop` or a process manager
 * signalling the main PID does), the node server directly, or the whole process group (Ctrl-C, `kill -- -PGID`).
 * The server drains and exits, and neither it nor the embedding model's process is left running.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEST_INDEX_DIR } from '../corpus.ts';
import { gone, groupMembers } from './processes.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const QUESTION = '2024年北京市地区生产总值增长多少？';

interface Started {
  npm: ChildProcess;
  group: number;
  url: string;
  output: () => string;
  exited: Promise<void>;
}

/** `npm start` in a process group of its own, once it answers on meaning and words. */
async function npmStart(): Promise<Started> {
  const npm = spawn('npm', ['start'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', RAG_INDEX_DIR: TEST_INDEX_DIR, LOG_LEVEL: 'warn' },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  npm.stdout?.setEncoding('utf8').on('data', (piece: string) => (output += piece));
  npm.stderr?.setEncoding('utf8').on('data', (piece: string) => (output += piece));
  // 'close', not 'exit': the server shares npm's pipes, and what it writes while draining may come after npm is gone.
  const exited = new Promise<void>((done) => npm.once('close', () => done()));
  const group = npm.pid ?? 0;
  for (;;) {
    const url = /is at (http:\/\/\S+\/)/.exec(output)?.[1];
    if (url) {
      const ready = await fetch(`${url}readyz`).then((r) => r.json() as Promise<{ status?: string }>, () => undefined);
      if (ready?.status === 'ready') return { npm, group, url, output: () => output, exited };
    }
    if (npm.exitCode !== null) throw new Error(`npm start ended before it was ready:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The node server: the process `npm start` runs (`exec node …`, so no shell between them). */
function serverPid(npmPid: number): number {
  const children = readFileSync(`/proc/${npmPid}/task/${npmPid}/children`, 'utf8').trim().split(/\s+/).map(Number);
  const server = children.find((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('src/cli.ts'));
  if (server === undefined) throw new Error(`no server among the children of npm (${children.join(', ')})`);
  return server;
}

const SIGNALLED = {
  'npm alone': (started: Started) => process.kill(started.group, 'SIGTERM'),
  'the node server directly': (started: Started) => process.kill(serverPid(started.group), 'SIGTERM'),
  'the whole process group': (started: Started) => process.kill(-started.group, 'SIGTERM'),
};

describe('npm start and SIGTERM', () => {
  for (const [who, signal] of Object.entries(SIGNALLED)) {
    it(`drains and leaves nothing running when ${who} gets SIGTERM`, async () => {
      const started = await npmStart();
      try {
        const answered = await fetch(`${started.url}api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: QUESTION }) });
        expect(answered.status).toBe(200);
        signal(started);
        await started.exited;
        expect(await gone(started.group)).toEqual([]);
        expect(started.output()).toContain('Shutting down');
        await expect(fetch(`${started.url}healthz`)).rejects.toThrow();
      } finally {
        for (const pid of groupMembers(started.group)) process.kill(pid, 'SIGKILL');
      }
    }, 120_000);
  }
});
