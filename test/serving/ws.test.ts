import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { WebSocket } from 'ws';
import type { AnswerEvent } from '../../src/answering/stream.ts';
import type { Assistant } from '../../src/answering/ask.ts';
import { fullAssistant } from '../corpus.ts';
import { startTestServer, type TestServer } from './fixture.ts';

type Message = (AnswerEvent | { type: 'error'; message: string }) & { id: string | number | null };

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

/** A client socket whose messages are queued, so that a test reads them in order with `next()`. */
async function connect(url = server.wsUrl, options: ConstructorParameters<typeof WebSocket>[2] = {}) {
  const socket = new WebSocket(url, options);
  const queue: Message[] = [];
  const waiting: ((message: Message) => void)[] = [];
  socket.on('message', (data) => {
    const message = JSON.parse(data.toString()) as Message;
    const waiter = waiting.shift();
    if (waiter) waiter(message);
    else queue.push(message);
  });
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  return {
    socket,
    closed,
    send: (message: unknown) => socket.send(typeof message === 'string' ? message : JSON.stringify(message)),
    next: () => new Promise<Message>((resolve) => (queue.length > 0 ? resolve(queue.shift() as Message) : waiting.push(resolve))),
    /** Every message up to and including the `done` or `error` of each of `ids`. */
    async until(ids: (string | number | null)[]): Promise<Message[]> {
      const open = new Set(ids);
      const seen: Message[] = [];
      while (open.size > 0) {
        const message = await this.next();
        seen.push(message);
        if (message.type === 'done' || message.type === 'error') open.delete(message.id);
      }
      return seen;
    },
  };
}

/**
 * The real assistant, its answers held back until released, so that a test can act while an answer is surely
 * under way.
 */
async function heldAssistant() {
  const real = await fullAssistant();
  let started: () => void = () => {};
  const underWay = new Promise<void>((resolve) => (started = resolve));
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  const assistant: Assistant = {
    ...real,
    async *stream(question, options) {
      started();
      await released;
      yield* real.stream(question, options);
    },
  };
  return { assistant, underWay, release };
}

describe('the WebSocket', () => {
  it('sends the passages, then the answer in pieces, then the whole result, all with the question id', async () => {
    const client = await connect();
    client.send({ type: 'ask', id: 'q1', question: '2024年北京市地区生产总值增长多少？' });
    const messages = await client.until(['q1']);
    expect(messages.every((m) => m.id === 'q1')).toBe(true);
    expect(messages[0]?.type).toBe('passages');
    const done = messages.at(-1);
    if (done?.type !== 'done') throw new Error(`expected done, got ${done?.type}`);
    const deltas = messages.filter((m) => m.type === 'delta').map((m) => (m.type === 'delta' ? m.text : ''));
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join('')).toBe(done.result.answer);
    expect(done.result.answer).toContain('5.2%');
    expect(done.result.citations[0]?.reportId).toBe('2025-beijing');
    client.socket.close();
  });

  it('answers two questions in flight on one socket, each under its own id', async () => {
    const client = await connect();
    client.send({ type: 'ask', id: 1, question: '2024年河南省粮食产量是多少？' });
    client.send({ type: 'ask', id: 2, question: '那北京呢？', conversation: [{ question: '2024年上海GDP增长多少？' }] });
    const messages = await client.until([1, 2]);
    const result = (id: number) => messages.find((m) => m.id === id && m.type === 'done');
    const first = result(1);
    const second = result(2);
    if (first?.type !== 'done' || second?.type !== 'done') throw new Error('both questions must be answered');
    expect(first.result.citations[0]?.reportId).toBe('2025-henan');
    expect(second.result.answer).toContain('5.2%');
    expect(second.result.followUp?.carriedOver.years).toEqual([2024]);
    client.socket.close();
  });

  it.each([
    ['{"type": "ask", "question": ', null, 'the message is not valid JSON'],
    [{ type: 'ask', id: 'x1' }, 'x1', /^question:/],
    [{ type: 'ask', id: 'x2', question: '' }, 'x2', /the question is empty/],
    [{ type: 'hello', id: 'x3', question: '粮食产量' }, 'x3', /^type:/],
    [{ type: 'ask', id: 'x4', question: '粮食产量', region: '火星' }, 'x4', /火星/],
  ])('answers %j with an error message carrying its id', async (message, id, text) => {
    const client = await connect();
    client.send(message);
    const reply = await client.next();
    expect(reply).toMatchObject({ type: 'error', id });
    expect(reply.type === 'error' ? reply.message : '').toMatch(text);
    // The socket stays usable after a bad message.
    client.send({ type: 'ask', id: 'ok', question: '2024年河南省粮食产量是多少？' });
    expect((await client.until(['ok'])).at(-1)?.type).toBe('done');
    client.socket.close();
  });

  it('refuses a binary message and closes the socket on one larger than 32 KB', async () => {
    const client = await connect();
    client.socket.send(Buffer.from([1, 2, 3]), { binary: true });
    expect(await client.next()).toMatchObject({ type: 'error', id: null, message: 'expected a JSON text message' });
    client.send({ type: 'ask', id: 'big', question: 'x'.repeat(33 * 1024) });
    expect(await client.closed).toBe(1009);
  });

  it('logs one line per question with its status and latency, without the question at info level', () => {
    const line = server.logs.find((l) => l.ws === 'ask' && l.id === 'q1');
    expect(line).toMatchObject({ status: 'done', level: 30 });
    expect(typeof line?.responseTime).toBe('number');
    expect(JSON.stringify(server.logs)).not.toContain('2024年北京市地区生产总值增长多少');
  });
});

describe('the WebSocket under pressure', () => {
  it('tells a client that has asked its share to wait', async () => {
    const limited = await startTestServer({ rateLimitPerMinute: 1 });
    try {
      const client = await connect(limited.wsUrl);
      client.send({ type: 'ask', id: 'a', question: '2024年河南省粮食产量是多少？' });
      client.send({ type: 'ask', id: 'b', question: '2024年河南省粮食产量是多少？' });
      const messages = await client.until(['a', 'b']);
      expect(messages.find((m) => m.id === 'a' && m.type === 'done')).toBeDefined();
      expect(messages.find((m) => m.id === 'b')).toMatchObject({ type: 'error', message: expect.stringMatching(/too many questions; try again in \d+ s/) });
      client.socket.close();
    } finally {
      await limited.close();
    }
  });

  it('drops a client that stops reading its answers instead of buffering them without bound', async () => {
    const client = await connect();
    // The client reads nothing more: what the server sends piles up in the kernel's buffers, then in the server's.
    client.socket.pause();
    const closedWithin = (ms: number) => Promise.race([client.closed.then(() => true), sleep(ms).then(() => false)]);
    let sent = 0;
    for (let round = 0; round < 40 && !(await closedWithin(250)); round++) {
      for (let i = 0; i < 8; i++) client.send({ type: 'ask', id: `slow-${sent++}`, question: '2024年北京市地区生产总值增长多少？', k: 50 });
    }
    expect(await closedWithin(5000)).toBe(true);
    expect(server.logs.some((l) => l.msg === 'dropping a client too slow to read its answers')).toBe(true);
  });

  it('drops a client that stops answering pings, and keeps one that answers', async () => {
    const pinging = await startTestServer({}, { pingMs: 100 });
    try {
      const silent = await connect(pinging.wsUrl, { autoPong: false });
      const answering = await connect(pinging.wsUrl);
      expect(await silent.closed).toBe(1006);
      expect(answering.socket.readyState).toBe(WebSocket.OPEN);
      answering.socket.close();
    } finally {
      await pinging.close();
    }
  });

  it('drops an answer whose socket closed while it was being made, and goes on serving', async () => {
    const { assistant, underWay, release } = await heldAssistant();
    const dropping = await startTestServer({}, { loadAssistant: async () => assistant });
    try {
      const client = await connect(dropping.wsUrl);
      client.send({ type: 'ask', id: 'gone', question: '2024年北京市地区生产总值增长多少？' });
      await underWay;
      client.socket.terminate();
      await client.closed;
      await sleep(100);
      release();
      await expect.poll(() => dropping.logs.find((l) => l.ws === 'ask' && l.id === 'gone')?.status).toBe('dropped');
      const next = await connect(dropping.wsUrl);
      next.send({ type: 'ask', id: 'after', question: '2024年河南省粮食产量是多少？' });
      expect((await next.until(['after'])).at(-1)?.type).toBe('done');
      next.socket.close();
    } finally {
      await dropping.close();
    }
  });

  it('finishes the answers under way when it shuts down, then closes the sockets', async () => {
    const { assistant, underWay, release } = await heldAssistant();
    const closing = await startTestServer({}, { loadAssistant: async () => assistant });
    const client = await connect(closing.wsUrl);
    client.send({ type: 'ask', id: 'last', question: '2024年北京市地区生产总值增长多少？' });
    await underWay;
    const closed = closing.close();
    await expect(fetch(closing.url)).rejects.toThrow();
    release();
    const messages = await client.until(['last']);
    expect(messages.at(-1)?.type).toBe('done');
    expect(await client.closed).toBe(1001);
    await closed;
  });
});
