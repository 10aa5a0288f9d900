/**
 * Every bad request is the client's mistake and gets a 4xx in its surface's own words, in one order on every
 * surface: loaded, then parsed and validated, then within the rate limit. The server answers three real report
 * excerpts (the unit tier's index): what is tested here is the intake, not the answers.
 */
import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import { pino } from 'pino';
import { Writable } from 'node:stream';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createAssistant, type Assistant } from '../../src/answering/ask.ts';
import { PROJECT_ROOT, type ServerConfig } from '../../src/config.ts';
import { startServer, type RunningServer } from '../../src/serving/server.ts';
import { threeReportIndex, wordsModel } from '../unit/three-reports.ts';
import { BOT_TOKEN, eventCallback, mention, nowSeconds, sendSigned, SIGNING_SECRET, slashCommand } from '../slack/requests.ts';
import { SlackStandIn, TEAM_ID } from '../slack/slack-api.ts';

const QUESTION = JSON.stringify({ question: '2024年北京市地区生产总值增长多少？' });

interface Started extends RunningServer {
  logs: Record<string, unknown>[];
}

async function start(overrides: Partial<ServerConfig> = {}, loadAssistant?: () => Promise<Assistant>): Promise<Started> {
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n')) if (line) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const config: ServerConfig = { port: 0, host: '127.0.0.1', rateLimitPerMinute: 10_000, logLevel: 'debug', apiKeys: [], allowedOrigins: [], ...overrides };
  const server = await startServer({
    config,
    webDir: resolve(PROJECT_ROOT, 'web'),
    topK: 5,
    loadAssistant: loadAssistant ?? (async () => createAssistant(await threeReportIndex(), undefined, { models: wordsModel(0.5) })),
    logger: pino({ level: 'debug' }, sink),
  });
  return { ...server, logs };
}

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw request, so that malformed paths and bodies reach the server as sent. */
function send(server: RunningServer, method: string, path: string, headers: Record<string, string> = {}, body?: Buffer | string): Promise<Reply> {
  const url = new URL(server.url);
  return new Promise((done, fail) => {
    const req = request({ host: url.hostname, port: url.port, method, path, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (piece: string) => (text += piece));
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', fail);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

const json = { 'content-type': 'application/json' };

let server: Started;
let slack: SlackStandIn;
beforeAll(async () => {
  slack = await SlackStandIn.start({ botToken: BOT_TOKEN });
  server = await start({ slack: { botToken: BOT_TOKEN, apiUrl: slack.apiUrl, command: '/zhengbao', transport: { kind: 'http', signingSecret: SIGNING_SECRET } } });
  await server.ready;
});
afterAll(async () => {
  await server?.close();
  await slack?.close();
});

describe('every bad request is a 4xx with its code', () => {
  it.each([
    ['a charset other than UTF-8', '/api/ask', { 'content-type': 'application/json; charset=latin1' }, QUESTION, 415, 'unsupported-media-type'],
    ['an unknown content encoding', '/api/ask', { ...json, 'content-encoding': 'br2' }, QUESTION, 415, 'unsupported-media-type'],
    ['a gzip body that is not gzip', '/api/ask', { ...json, 'content-encoding': 'gzip' }, 'plainly not gzip', 400, 'invalid-request'],
    ['k: true', '/api/ask', json, JSON.stringify({ question: '北京GDP', k: true }), 400, 'invalid-request'],
    ['k: [3]', '/api/ask', json, JSON.stringify({ question: '北京GDP', k: [3] }), 400, 'invalid-request'],
    ['a field no request has', '/api/ask', json, JSON.stringify({ question: '北京GDP', topK: 3 }), 400, 'invalid-request'],
    ['an empty question', '/api/ask', json, JSON.stringify({ question: ' ' }), 400, 'invalid-question'],
    ['a body that is not JSON', '/api/ask', json, '{"question":', 400, 'invalid-json'],
    ['a body over 32 KB', '/api/ask', json, JSON.stringify({ question: 'x'.repeat(40_000) }), 413, 'payload-too-large'],
    ['a filter no report matches', '/api/ask', json, JSON.stringify({ question: '北京GDP', region: '火星' }), 400, 'filtered-out'],
  ])('POST /api/ask with %s', async (_what, path, headers, body, status, code) => {
    const reply = await send(server, 'POST', path, headers, body);
    expect(reply.status).toBe(status);
    expect(JSON.parse(reply.body)).toMatchObject({ error: { code, message: expect.any(String) } });
    expect(reply.body).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it.each(['%zz', '%ff', '%C0%AF'])('GET /api/reports/%s: a path that does not decode', async (id) => {
    const reply = await send(server, 'GET', `/api/reports/${id}`);
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.body).error.code).toBe('invalid-path');
  });

  it('GET of an unknown report or endpoint: 404', async () => {
    expect(JSON.parse((await send(server, 'GET', '/api/reports/1999-atlantis')).body).error.code).toBe('unknown-report');
    expect((await send(server, 'GET', '/api/nothing')).status).toBe(404);
  });

  it.each([
    ['a charset other than UTF-8', { 'content-type': 'application/json; charset=utf-16' }, JSON.stringify({ messages: [{ role: 'user', content: '北京GDP' }] }), 415],
    ['invalid JSON', json, '{bad', 400],
    ['a body over 32 KB', json, JSON.stringify({ messages: [{ role: 'user', content: 'x'.repeat(40_000) }] }), 413],
    ['no messages', json, JSON.stringify({ messages: [] }), 400],
    ['an unknown model', json, JSON.stringify({ model: 'gpt-9', messages: [{ role: 'user', content: '北京GDP' }] }), 404],
    // Refused before the stream starts, not a 200 stream cut off without [DONE].
    ['an earlier message longer than a question may be, streamed', json, JSON.stringify({ stream: true, messages: [{ role: 'user', content: '北'.repeat(501) }, { role: 'user', content: '北京GDP' }] }), 400],
  ])('POST /v1/chat/completions with %s: an OpenAI error object', async (_what, headers, body, status) => {
    const reply = await send(server, 'POST', '/v1/chat/completions', headers, body);
    expect(reply.status).toBe(status);
    const { error } = JSON.parse(reply.body) as { error: Record<string, unknown> };
    expect(Object.keys(error).sort()).toEqual(['code', 'message', 'param', 'type']);
    expect(error.type).toBe(status === 404 ? 'not_found_error' : 'invalid_request_error');
  });

  it('reads a gzip body that is gzip', async () => {
    const reply = await send(server, 'POST', '/api/ask', { ...json, 'content-encoding': 'gzip' }, gzipSync(QUESTION));
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body).answer).toContain('5.2%');
  });
});

describe('Slack requests', () => {
  const eventsUrl = () => new URL('/slack/events', server.url).href;

  it('refuses a request stamped ten minutes ahead, however well signed', async () => {
    const response = await sendSigned(eventsUrl(), JSON.stringify({ type: 'url_verification', challenge: 'c' }), 'application/json', { timestamp: nowSeconds() + 600 });
    expect(response.status).toBe(401);
    const stale = await sendSigned(eventsUrl(), JSON.stringify({ type: 'url_verification', challenge: 'c' }), 'application/json', { timestamp: nowSeconds() - 600 });
    expect(stale.status).toBe(401);
    const now = await sendSigned(eventsUrl(), JSON.stringify({ type: 'url_verification', challenge: 'c' }), 'application/json');
    expect(now.status).toBe(200);
  });

  it('refuses a signed event whose `event` is not an object with 400, as answered, not as an error', async () => {
    const body = { ...eventCallback(mention('C0BAD', '北京GDP')), event: 'not an object' };
    const logged = server.logs.length;
    expect((await sendSigned(eventsUrl(), JSON.stringify(body), 'application/json')).status).toBe(400);
    // Bolt logs a request it was not told was answered as an error after 3 s.
    await new Promise((done) => setTimeout(done, 3500));
    expect(server.logs.slice(logged).filter((line) => Number(line.level) >= 50)).toEqual([]);
  });

  // Bolt fails on each of these before any listener runs; they are no shape Slack sends, so the sender's mistake.
  it.each([
    ['a team id named like an object’s own property', { ...eventCallback(mention('C0BAD', '北京GDP')), authorizations: [{ team_id: 'toString', is_bot: true }] }],
    ['an event whose user is null', eventCallback({ ...mention('C0BAD', '北京GDP'), user: null })],
    ['an event whose channel is null', eventCallback({ ...mention('C0BAD', '北京GDP'), channel: null })],
  ])('refuses a signed event with %s with 400, not 500', async (_what, body) => {
    expect((await sendSigned(eventsUrl(), JSON.stringify(body), 'application/json')).status).toBe(400);
  });

  it('refuses a signed slash command whose team id is named like an object’s own property with 400, not 500', async () => {
    const form = new URLSearchParams(slashCommand('/zhengbao', '北京GDP', slack.responseUrl('bad-team'))).toString().replace(`team_id=${TEAM_ID}`, 'team_id=constructor');
    expect((await sendSigned(new URL('/slack/commands', server.url).href, form, 'application/x-www-form-urlencoded')).status).toBe(400);
  });
});

describe('the WebSocket', () => {
  const open = (origin?: string): Promise<number | 'open'> =>
    new Promise((done) => {
      const socket = new WebSocket(`${server.url.replace(/^http/, 'ws')}ws`, origin ? { origin } : {});
      socket.on('open', () => {
        socket.close();
        done('open');
      });
      socket.on('unexpected-response', (_req, res) => done(res.statusCode ?? 0));
      socket.on('error', () => {});
    });

  it('opens for the server’s own pages and programs that send no origin, not for another site’s page', async () => {
    expect(await open(server.url.replace(/\/$/, ''))).toBe('open');
    expect(await open()).toBe('open');
    expect(await open('https://evil.example')).toBe(403);
  });

  it('opens for an allowed origin', async () => {
    const allowing = await start({ allowedOrigins: ['https://chat.example.org'] });
    try {
      await allowing.ready;
      const socket = new WebSocket(`${allowing.url.replace(/^http/, 'ws')}ws`, { origin: 'https://chat.example.org' });
      await new Promise((done, fail) => socket.on('open', done).on('error', fail));
      socket.close();
    } finally {
      await allowing.close();
    }
  });

  it('answers a frame that is not a question with an error frame carrying its code and id', async () => {
    const socket = new WebSocket(`${server.url.replace(/^http/, 'ws')}ws`);
    await new Promise((done) => socket.on('open', done));
    const replies: Record<string, unknown>[] = [];
    socket.on('message', (data) => replies.push(JSON.parse(String(data)) as Record<string, unknown>));
    socket.send('{not json');
    socket.send(JSON.stringify({ type: 'ask', id: 'q1', question: '北京GDP', k: '5' }));
    await expect.poll(() => replies.length).toBe(2);
    socket.close();
    expect(replies).toEqual([
      { type: 'error', id: null, code: 'invalid-json', message: expect.any(String) },
      { type: 'error', id: 'q1', code: 'invalid-request', message: expect.stringContaining('k') },
    ]);
  });
});

describe('the order of admission', () => {
  it('says the index is loading before looking at the body, and health checks are not errors', async () => {
    let loaded: (assistant: Assistant) => void = () => {};
    const loading = await start({}, () => new Promise((done) => (loaded = done)));
    try {
      const reply = await send(loading, 'POST', '/api/ask', json, '{not json');
      expect(reply.status).toBe(503);
      expect(JSON.parse(reply.body).error.code).toBe('index-loading');
      expect(reply.headers['retry-after']).toBe('5');
      expect((await send(loading, 'GET', '/readyz')).status).toBe(503);
      const health = loading.logs.filter((line) => JSON.stringify(line.req ?? '').includes('/readyz'));
      expect(health.map((line) => line.level)).toEqual([20]);
      expect(loading.logs.filter((line) => Number(line.level) >= 50)).toEqual([]);
      loaded(createAssistant(await threeReportIndex(), undefined, { models: wordsModel(0.5) }));
      await loading.ready;
    } finally {
      await loading.close();
    }
  });

  it('validates before it counts a question against the rate limit', async () => {
    const limited = await start({ rateLimitPerMinute: 1 });
    try {
      await limited.ready;
      expect((await send(limited, 'POST', '/api/ask', json, JSON.stringify({ question: '' }))).status).toBe(400);
      expect((await send(limited, 'POST', '/api/ask', json, QUESTION)).status).toBe(200);
      const refused = await send(limited, 'POST', '/api/ask', json, QUESTION);
      expect(refused.status).toBe(429);
      expect(JSON.parse(refused.body).error.code).toBe('rate-limited');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });
});
