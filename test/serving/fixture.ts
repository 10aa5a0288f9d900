/** A real server over the test run's full index, on a free port, with its log lines kept for inspection. */
import { resolve } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import type { Assistant } from '../../src/answering/ask.ts';
import { PROJECT_ROOT, type ServerConfig } from '../../src/config.ts';
import { startServer, type RunningServer, type ServerOptions } from '../../src/serving/server.ts';
import { fullAssistant } from '../corpus.ts';

export interface TestServer extends RunningServer {
  wsUrl: string;
  /** Every log line written so far, parsed. */
  logs: Record<string, unknown>[];
}

export async function startTestServer(
  overrides: Partial<ServerConfig> = {},
  options: Partial<Pick<ServerOptions, 'pingMs' | 'drainMs' | 'loadAssistant' | 'dataDir'>> = {},
): Promise<TestServer> {
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n')) if (line) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const config: ServerConfig = { port: 0, host: '127.0.0.1', rateLimitPerMinute: 10_000, logLevel: 'info', apiKeys: [], allowedOrigins: [], ...overrides };
  const server = await startServer({
    config,
    webDir: resolve(PROJECT_ROOT, 'web'),
    topK: 5,
    loadAssistant: options.loadAssistant ?? ((): Promise<Assistant> => fullAssistant()),
    logger: pino({ level: config.logLevel }, sink),
    ...(options.pingMs ? { pingMs: options.pingMs } : {}),
    ...(options.drainMs ? { drainMs: options.drainMs } : {}),
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
  });
  await server.ready;
  return { ...server, wsUrl: `${server.url.replace(/^http/, 'ws')}ws`, logs };
}
