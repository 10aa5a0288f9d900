/**
 * What the soak test's clients do, one request at a time: ask over every surface (HTTP, WebSocket, the
 * OpenAI-compatible endpoint as JSON and as a stream, Slack events and commands), hang up mid-answer, and send bad
 * requests whose 4xx is the right answer. Each request ends in one `Outcome`.
 */
import { randomUUID } from 'node:crypto';
import { WebSocket, type RawData } from 'ws';
import { z } from 'zod';
import { directMessage, eventCallback, mention, nowSeconds, sendSigned, slashCommand, type MessageEvent } from '../test/slack/requests.ts';
import type { SoakSlack } from './soak-slack.ts';

export type Outcome =
  | { kind: 'good'; ms: number }
  /** A bad request refused with the status (or WebSocket code) it should have. */
  | { kind: 'refused' }
  /** A request we broke off ourselves. */
  | { kind: 'aborted' }
  | { kind: 'unexpected'; reason: string };

export interface Turn {
  question: string;
  answer?: string;
}

/** A question as the gold file asks it: with the conversation before it, for a follow-up. */
export interface Asked {
  question: string;
  conversation?: Turn[];
}

export interface Target {
  /** The server's base URL, ending in `/`. */
  url: string;
  slack: SoakSlack;
  questions: readonly Asked[];
}

/** How long a good request may take before it counts as unanswered; answers take well under a second. */
const ANSWER_TIMEOUT_MS = 60_000;
const COMMAND = '/zhengbao';
const OVERSIZE = 'x'.repeat(40_000);

const good = (started: number): Outcome => ({ kind: 'good', ms: performance.now() - started });
const unexpected = (reason: string): Outcome => ({ kind: 'unexpected', reason });
const REFUSED: Outcome = { kind: 'refused' };
const ABORTED: Outcome = { kind: 'aborted' };

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;

/** A failure that no response explains: the connection, a timeout, or a bug of the client itself. */
export function failureOf(error: unknown): Outcome {
  if (error instanceof Error && error.name === 'TimeoutError') return unexpected(`no answer within ${ANSWER_TIMEOUT_MS / 1000} s`);
  const cause = error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  return unexpected(`connection failed: ${cause?.code ?? cause?.message ?? String(error)}`);
}

const isAbort = (error: unknown): boolean => error instanceof Error && error.name === 'AbortError';

function postJson(url: string, body: unknown, signal: AbortSignal = AbortSignal.timeout(ANSWER_TIMEOUT_MS)): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal });
}

/** The OpenAI messages of a question: its conversation's turns, then the question. */
function messagesOf(asked: Asked): { role: 'user' | 'assistant'; content: string }[] {
  const earlier = (asked.conversation ?? []).flatMap((turn) => [
    { role: 'user' as const, content: turn.question },
    ...(turn.answer === undefined ? [] : [{ role: 'assistant' as const, content: turn.answer }]),
  ]);
  return [...earlier, { role: 'user', content: asked.question }];
}

const answerSchema = z.object({ answer: z.string(), citations: z.array(z.unknown()) });
const completionSchema = z.object({ choices: z.array(z.object({ message: z.object({ content: z.string() }) })).min(1) });

/** A good request's response: 200 and the shape its surface promises. */
async function judged(what: string, response: Response, shape: z.ZodType, started: number): Promise<Outcome> {
  const text = await response.text();
  if (response.status !== 200) return unexpected(`${what} answered ${response.status}`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return unexpected(`${what} answered with a body that is not JSON`);
  }
  return shape.safeParse(body).success ? good(started) : unexpected(`${what} answered 200 without an answer`);
}

// ——— good requests ———

async function httpAsk(target: Target): Promise<Outcome> {
  const { question, conversation } = pick(target.questions);
  const started = performance.now();
  const response = await postJson(`${target.url}api/ask`, { question, ...(conversation ? { conversation } : {}) });
  return judged('POST /api/ask', response, answerSchema, started);
}

async function openAiAsk(target: Target): Promise<Outcome> {
  const started = performance.now();
  const response = await postJson(`${target.url}v1/chat/completions`, { model: 'zhengbao-wenda', messages: messagesOf(pick(target.questions)) });
  return judged('POST /v1/chat/completions', response, completionSchema, started);
}

/** Reads a stream to its end, or until `enough` says so; returns what was read. */
async function readStream(response: Response, enough: (read: string) => boolean = () => false): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const decoder = new TextDecoder();
  let read = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return read;
    read += decoder.decode(value, { stream: true });
    if (enough(read)) return read;
  }
}

async function openAiStream(target: Target): Promise<Outcome> {
  const started = performance.now();
  const response = await postJson(`${target.url}v1/chat/completions`, { model: 'zhengbao-wenda', stream: true, messages: messagesOf(pick(target.questions)) });
  const read = await readStream(response);
  if (response.status !== 200) return unexpected(`a stream of /v1/chat/completions answered ${response.status}`);
  return read.endsWith('data: [DONE]\n\n') ? good(started) : unexpected('a stream of /v1/chat/completions ended without [DONE]');
}

const slackEventsUrl = (target: Target) => `${target.url}slack/events`;

/** A Slack event with the question, signed; good when it is acknowledged and the answer (with blocks) comes. */
async function slackEvent(target: Target, event: MessageEvent): Promise<Outcome> {
  const started = performance.now();
  const reply = target.slack.replyTo(`${event.channel}:${event.ts}`, ANSWER_TIMEOUT_MS);
  reply.catch(() => {});
  const response = await sendSigned(slackEventsUrl(target), JSON.stringify(eventCallback(event)), 'application/json');
  await response.arrayBuffer();
  if (response.status !== 200) return unexpected(`a Slack event answered ${response.status}`);
  const { hasBlocks, text } = await reply.catch((error: Error) => ({ hasBlocks: false, text: error.message }));
  return hasBlocks ? good(started) : unexpected(`Slack: no answer but "${text.slice(0, 60)}"`);
}

const slackMention = (target: Target) => slackEvent(target, mention(`C0SOAK${Math.floor(Math.random() * 8)}`, pick(target.questions).question));
const slackDirect = (target: Target) => slackEvent(target, directMessage('D0SOAK', pick(target.questions).question));

async function slackCommand(target: Target): Promise<Outcome> {
  const started = performance.now();
  const id = randomUUID();
  const reply = target.slack.replyTo(id, ANSWER_TIMEOUT_MS);
  reply.catch(() => {});
  const form = new URLSearchParams(slashCommand(COMMAND, pick(target.questions).question, target.slack.responseUrl(id))).toString();
  const response = await sendSigned(`${target.url}slack/commands`, form, 'application/x-www-form-urlencoded');
  await response.arrayBuffer();
  if (response.status !== 200) return unexpected(`a Slack command answered ${response.status}`);
  const { hasBlocks, text } = await reply.catch((error: Error) => ({ hasBlocks: false, text: error.message }));
  return hasBlocks ? good(started) : unexpected(`Slack command: no answer but "${text.slice(0, 60)}"`);
}

// ——— the WebSocket ———

const frameSchema = z.object({ type: z.string(), id: z.union([z.string(), z.number(), z.null()]).optional(), code: z.string().optional() });
type Frame = z.infer<typeof frameSchema>;

/** A frame from the server, or a frame of type `garbled` when it is not one: the server's fault, told as such. */
function frameOf(data: RawData): Frame {
  try {
    return frameSchema.parse(JSON.parse(data.toString()));
  } catch {
    return { type: 'garbled', id: null, code: 'not a frame' };
  }
}

/** One client's socket, kept open across its questions; every question waits for its `done` or `error` by id. */
export class AskingSocket {
  readonly #waiting = new Map<string, (frame: Frame | string) => void>();

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data: RawData) => this.#receive(data));
    socket.on('close', (code) => this.#settleAll(`the socket closed (${code})`));
    socket.on('error', () => {});
  }

  static async open(target: Target): Promise<AskingSocket> {
    const socket = new WebSocket(`${target.url.replace(/^http/, 'ws')}ws`);
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    return new AskingSocket(socket);
  }

  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  /** The frame that ends the question of this id (`done` or `error`), or why none came. */
  send(frame: string, id: string | null): Promise<Frame | string> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => settle(`no answer within ${ANSWER_TIMEOUT_MS / 1000} s`), ANSWER_TIMEOUT_MS);
      const settle = (ended: Frame | string) => {
        clearTimeout(timer);
        this.#waiting.delete(String(id));
        resolve(ended);
      };
      this.#waiting.set(String(id), settle);
      this.socket.send(frame);
    });
  }

  close(): void {
    this.socket.close();
  }

  #receive(data: RawData): void {
    const frame = frameOf(data);
    if (frame.type === 'done' || frame.type === 'error') this.#waiting.get(String(frame.id ?? null))?.(frame);
  }

  #settleAll(why: string): void {
    for (const settle of [...this.#waiting.values()]) settle(why);
  }
}

/** Each client asks over one socket for a while, then opens another, so that sockets come and go as on a site. */
const QUESTIONS_PER_SOCKET = 25;

export class WsClient {
  #socket: AskingSocket | undefined;
  #asked = 0;

  constructor(readonly target: Target) {}

  async socket(): Promise<AskingSocket> {
    if (this.#asked++ % QUESTIONS_PER_SOCKET === 0 || !this.#socket?.isOpen) {
      this.#socket?.close();
      this.#socket = await AskingSocket.open(this.target);
    }
    return this.#socket;
  }

  close(): void {
    this.#socket?.close();
  }
}

async function wsAsk(client: WsClient): Promise<Outcome> {
  const { question, conversation } = pick(client.target.questions);
  const socket = await client.socket();
  const id = randomUUID();
  const started = performance.now();
  const ended = await socket.send(JSON.stringify({ type: 'ask', id, question, ...(conversation ? { conversation } : {}) }), id);
  if (typeof ended === 'string') return unexpected(`WebSocket: ${ended}`);
  return ended.type === 'done' ? good(started) : unexpected(`WebSocket: error frame ${ended.code ?? '?'}`);
}

/** A bad frame on the client's socket: refused when the error frame carries the expected code. */
async function wsRefusal(client: WsClient, frame: string, id: string | null): Promise<string> {
  const socket = await client.socket();
  const ended = await socket.send(frame, id);
  return typeof ended === 'string' ? ended : (ended.code ?? ended.type);
}

// ——— hanging up ———

/** Aborts the request after a random moment within its usual answer time; a 5xx before that is still a fault. */
async function httpAbort(target: Target): Promise<Outcome> {
  const controller = new AbortController();
  setTimeout(() => controller.abort(), Math.random() * 150);
  try {
    const response = await postJson(`${target.url}api/ask`, { question: pick(target.questions).question }, controller.signal);
    await response.arrayBuffer();
    return response.status >= 500 ? unexpected(`POST /api/ask answered ${response.status} before the abort`) : ABORTED;
  } catch (error) {
    if (isAbort(error)) return ABORTED;
    throw error;
  }
}

/** Drops the event stream once its first event came, or a little later. */
async function streamDrop(target: Target): Promise<Outcome> {
  const controller = new AbortController();
  const body = { model: 'zhengbao-wenda', stream: true, messages: messagesOf(pick(target.questions)) };
  try {
    const response = await postJson(`${target.url}v1/chat/completions`, body, controller.signal);
    if (response.status !== 200) return unexpected(`a stream of /v1/chat/completions answered ${response.status}`);
    const events = 1 + Math.floor(Math.random() * 3);
    await readStream(response, (read) => read.split('\n\n').length > events);
    controller.abort();
    return ABORTED;
  } catch (error) {
    if (isAbort(error)) return ABORTED;
    throw error;
  }
}

/** Opens a socket, asks, and closes it (or cuts it off) as soon as the answer starts. */
async function wsHangUp(target: Target): Promise<Outcome> {
  const { socket } = await AskingSocket.open(target);
  return new Promise((resolve) => {
    socket.once('message', (data: RawData) => {
      const frame = frameOf(data);
      if (Math.random() < 0.5) socket.close();
      else socket.terminate();
      resolve(frame.type === 'error' || frame.type === 'garbled' ? unexpected(`WebSocket: error frame ${frame.code ?? '?'}`) : ABORTED);
    });
    socket.once('close', () => resolve(unexpected('the socket closed before any answer')));
    socket.send(JSON.stringify({ type: 'ask', id: 1, question: pick(target.questions).question }));
  });
}

// ——— bad requests ———

/** A bad request: what it should be refused with (an HTTP status, a WebSocket error code or close code) and how it is sent. */
interface BadRequest {
  name: string;
  expected: number | string;
  send: (client: WsClient) => Promise<number | string>;
}

async function statusOf(url: string, init: RequestInit): Promise<number> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(ANSWER_TIMEOUT_MS) });
  await response.arrayBuffer();
  return response.status;
}

const rawPost = (url: string, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) => statusOf(url, { method: 'POST', headers, body });
const apiAsk = (client: WsClient, body: string, headers?: Record<string, string>) => rawPost(`${client.target.url}api/ask`, body, headers);
const completions = (client: WsClient, body: object) => rawPost(`${client.target.url}v1/chat/completions`, JSON.stringify(body));
const json = JSON.stringify;
const QUESTION = '2024年北京市地区生产总值增长多少？';

/** A socket that sends more than a message may hold is closed with 1009. */
async function wsOversize(client: WsClient): Promise<number | string> {
  const { socket } = await AskingSocket.open(client.target);
  return new Promise((resolve) => {
    socket.once('close', (code) => resolve(code));
    socket.send(json({ type: 'ask', id: 1, question: OVERSIZE }));
  });
}

const slackSigned = (client: WsClient, body: object, sending: Parameters<typeof sendSigned>[3]) =>
  sendSigned(slackEventsUrl(client.target), json(body), 'application/json', sending).then(async (response) => {
    await response.arrayBuffer();
    return response.status;
  });

const BAD_REQUESTS: readonly BadRequest[] = [
  { name: 'api: not JSON', expected: 400, send: (c) => apiAsk(c, '{"question":') },
  { name: 'api: question a number', expected: 400, send: (c) => apiAsk(c, json({ question: 42 })) },
  { name: 'api: k true', expected: 400, send: (c) => apiAsk(c, json({ question: QUESTION, k: true })) },
  { name: 'api: unknown field', expected: 400, send: (c) => apiAsk(c, json({ question: QUESTION, topK: 3 })) },
  { name: 'api: empty question', expected: 400, send: (c) => apiAsk(c, json({ question: '  ' })) },
  { name: 'api: question over 500 characters', expected: 400, send: (c) => apiAsk(c, json({ question: '问'.repeat(501) })) },
  { name: 'api: filter no report matches', expected: 400, send: (c) => apiAsk(c, json({ question: QUESTION, region: '火星' })) },
  { name: 'api: body over 32 KB', expected: 413, send: (c) => apiAsk(c, json({ question: OVERSIZE })) },
  { name: 'api: charset latin1', expected: 415, send: (c) => apiAsk(c, json({ question: QUESTION }), { 'content-type': 'application/json; charset=latin1' }) },
  { name: 'api: gzip that is not', expected: 400, send: (c) => apiAsk(c, json({ question: QUESTION }), { 'content-type': 'application/json', 'content-encoding': 'gzip' }) },
  { name: 'api: unknown route', expected: 404, send: (c) => statusOf(`${c.target.url}api/nothing`, {}) },
  { name: 'api: unknown report', expected: 404, send: (c) => statusOf(`${c.target.url}api/reports/1999-atlantis`, {}) },
  { name: 'api: path that does not decode', expected: 400, send: (c) => statusOf(`${c.target.url}api/reports/%zz`, {}) },
  { name: 'page: unknown route', expected: 404, send: (c) => statusOf(`${c.target.url}no/such/page`, {}) },
  { name: 'openai: not JSON', expected: 400, send: (c) => rawPost(`${c.target.url}v1/chat/completions`, '{bad') },
  { name: 'openai: no messages', expected: 400, send: (c) => completions(c, { messages: [] }) },
  { name: 'openai: unknown model', expected: 404, send: (c) => completions(c, { model: 'gpt-9', messages: [{ role: 'user', content: QUESTION }] }) },
  { name: 'openai: last message not a user’s', expected: 400, send: (c) => completions(c, { messages: [{ role: 'assistant', content: QUESTION }] }) },
  { name: 'openai: stream a string', expected: 400, send: (c) => completions(c, { stream: 'yes', messages: [{ role: 'user', content: QUESTION }] }) },
  { name: 'openai: body over 32 KB', expected: 413, send: (c) => completions(c, { messages: [{ role: 'user', content: OVERSIZE }] }) },
  { name: 'openai: unknown route', expected: 404, send: (c) => statusOf(`${c.target.url}v1/embeddings`, { method: 'POST' }) },
  { name: 'slack: wrong signature', expected: 401, send: (c) => slackSigned(c, eventCallback(mention('C0FORGED', QUESTION)), { secret: 'not-the-secret' }) },
  { name: 'slack: stamped 6 minutes ago', expected: 401, send: (c) => slackSigned(c, eventCallback(mention('C0FORGED', QUESTION)), { timestamp: nowSeconds() - 360 }) },
  { name: 'slack: stamped 6 minutes ahead', expected: 401, send: (c) => slackSigned(c, eventCallback(mention('C0FORGED', QUESTION)), { timestamp: nowSeconds() + 360 }) },
  { name: 'slack: no signature', expected: 401, send: (c) => slackSigned(c, eventCallback(mention('C0FORGED', QUESTION)), { headers: { 'x-slack-signature': undefined } }) },
  { name: 'slack: event not an object', expected: 400, send: (c) => slackSigned(c, { ...eventCallback(mention('C0FORGED', QUESTION)), event: 'mention' }, {}) },
  { name: 'ws: not JSON', expected: 'invalid-json', send: (c) => wsRefusal(c, '{"type":', null) },
  { name: 'ws: question a number', expected: 'invalid-question', send: (c) => wsRefusal(c, json({ type: 'ask', id: 'bad-1', question: 7 }), 'bad-1') },
  { name: 'ws: unknown type', expected: 'invalid-request', send: (c) => wsRefusal(c, json({ type: 'hello', id: 'bad-2', question: QUESTION }), 'bad-2') },
  { name: 'ws: message over 32 KB', expected: 1009, send: wsOversize },
];

async function badRequest(client: WsClient): Promise<Outcome> {
  const bad = pick(BAD_REQUESTS);
  const got = await bad.send(client);
  return got === bad.expected ? REFUSED : unexpected(`${bad.name}: expected ${bad.expected}, got ${got}`);
}

// ——— the mix ———

export interface Action {
  name: string;
  /** Relative frequency in the mix. */
  weight: number;
  run: (client: WsClient) => Promise<Outcome>;
}

export const ACTIONS: readonly Action[] = [
  { name: 'HTTP ask', weight: 20, run: (c) => httpAsk(c.target) },
  { name: 'WebSocket ask', weight: 15, run: wsAsk },
  { name: 'OpenAI JSON', weight: 10, run: (c) => openAiAsk(c.target) },
  { name: 'OpenAI stream', weight: 10, run: (c) => openAiStream(c.target) },
  { name: 'Slack mention', weight: 6, run: (c) => slackMention(c.target) },
  { name: 'Slack DM', weight: 4, run: (c) => slackDirect(c.target) },
  { name: 'Slack command', weight: 5, run: (c) => slackCommand(c.target) },
  { name: 'HTTP abort', weight: 4, run: (c) => httpAbort(c.target) },
  { name: 'WebSocket hang-up', weight: 4, run: (c) => wsHangUp(c.target) },
  { name: 'stream drop', weight: 4, run: (c) => streamDrop(c.target) },
  { name: 'bad request', weight: 18, run: badRequest },
];

export function pickAction(): Action {
  const total = ACTIONS.reduce((sum, action) => sum + action.weight, 0);
  let at = Math.random() * total;
  for (const action of ACTIONS) {
    at -= action.weight;
    if (at < 0) return action;
  }
  return ACTIONS[0] as Action;
}
