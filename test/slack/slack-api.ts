/**
 * A local stand-in for Slack, reached through `SLACK_API_URL`: a real HTTP server speaking the Web API's shapes
 * (form- or JSON-encoded bodies with a bearer token in, `{ok: true, …}` or `{ok: false, error}` out) for
 * `auth.test`, `chat.postMessage`, `chat.update`, `views.open` and `apps.connections.open`; the `response_url` of
 * slash commands;
 * and the Socket Mode WebSocket (`hello`, envelopes, acknowledgements). It refuses blocks over Slack's limits as
 * Slack does, and keeps every call and every message as it now reads.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export const TEAM_ID = 'T0TEAM';
export const BOT_USER_ID = 'U0BOT';
export const BOT_ID = 'B0BOT';

export interface ApiCall {
  method: string;
  token: string | undefined;
  args: Record<string, unknown>;
}

export interface Block {
  type: string;
  text?: { type: string; text: string };
  elements?: { type: string; text: string }[];
}

export interface PostedMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  text?: string;
  blocks?: Block[];
}

export interface ResponseUrlPost {
  id: string;
  body: Record<string, unknown> & { text?: string; blocks?: Block[]; response_type?: string };
}

/** A modal opened with `views.open`, as Slack keeps it. */
export interface OpenedView {
  id: string;
  triggerId: string;
  view: Record<string, unknown> & { callback_id?: string; private_metadata?: string; blocks?: Record<string, unknown>[] };
}

/** A trigger id the stand-in takes as expired, as Slack does one used more than 3 s after its click. */
export const EXPIRED_TRIGGER = '0.0.expired';

const PING_MS = 5000;
const POLL_MS = 20;

/** Fields that the Web API takes as JSON inside a form-encoded body. */
const JSON_FIELDS = new Set(['blocks', 'attachments', 'metadata', 'view']);

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseArgs(contentType: string, raw: string): Record<string, unknown> {
  if (contentType.startsWith('application/json')) return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) args[key] = JSON_FIELDS.has(key) ? JSON.parse(value) : value;
  return args;
}

/** Why Slack would refuse these blocks (`invalid_blocks`), or undefined when they are within its limits. */
function blockProblem(blocks: unknown): string | undefined {
  if (blocks === undefined) return undefined;
  if (!Array.isArray(blocks) || blocks.length > 50) return 'at most 50 blocks';
  for (const block of blocks as Block[]) {
    const texts = block.type === 'section' ? [block.text] : block.type === 'context' ? (block.elements ?? []) : [];
    if (texts.length > 10) return 'at most 10 context elements';
    for (const text of texts) if (!text || typeof text.text !== 'string' || text.text.length === 0 || text.text.length > 3000) return 'text of 1 to 3000 characters';
  }
  return undefined;
}

export class SlackStandIn {
  readonly calls: ApiCall[] = [];
  readonly messages: PostedMessage[] = [];
  readonly responses: ResponseUrlPost[] = [];
  readonly views: OpenedView[] = [];
  /** Acknowledgements received over Socket Mode, by envelope id. */
  readonly acks = new Map<string, Record<string, unknown>>();
  readonly #server: Server;
  readonly #sockets: WebSocketServer;
  #socket: WebSocket | undefined;
  #pings: NodeJS.Timeout | undefined;
  #clock = 1_700_000_000;
  #envelopes = 0;

  private constructor(
    readonly botToken: string,
    readonly appToken: string,
  ) {
    this.#server = createServer((req, res) => {
      this.#handle(req, res).catch((error: unknown) => {
        res.writeHead(500).end(String(error));
      });
    });
    this.#sockets = new WebSocketServer({ server: this.#server, path: '/link' });
    this.#sockets.on('connection', (socket) => {
      this.#socket = socket;
      socket.on('message', (data) => {
        const ack = JSON.parse(data.toString()) as { envelope_id: string; payload?: Record<string, unknown> };
        this.acks.set(ack.envelope_id, ack.payload ?? {});
        });
      socket.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0APP' }, debug_info: { host: 'stand-in' } }));
    });
    // Slack pings its Socket Mode clients; a client that hears no ping for 30 s reconnects.
    this.#pings = setInterval(() => {
      for (const client of this.#sockets.clients) client.ping();
    }, PING_MS);
  }

  static async start(tokens: { botToken: string; appToken?: string }): Promise<SlackStandIn> {
    const standIn = new SlackStandIn(tokens.botToken, tokens.appToken ?? 'xapp-not-used');
    standIn.#server.listen(0, '127.0.0.1');
    await once(standIn.#server, 'listening');
    return standIn;
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  /** What `SLACK_API_URL` is set to. */
  get apiUrl(): string {
    return `${this.origin}/api/`;
  }

  responseUrl(id: string): string {
    return `${this.origin}/respond/${id}`;
  }

  /** The messages of one thread (a message starting a thread is in it), as they now read. */
  thread(channel: string, threadTs: string): PostedMessage[] {
    return this.messages.filter((m) => m.channel === channel && (m.thread_ts ?? m.ts) === threadTs);
  }

  callsIn(channel: string): ApiCall[] {
    return this.calls.filter((call) => call.args.channel === channel);
  }

  /** Resolves with the first value `find` returns, looking every few milliseconds; rejects after `timeoutMs`. */
  async waitFor<T>(find: () => T | undefined, timeoutMs = 30_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = find();
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`nothing came within ${timeoutMs} ms; calls so far: ${JSON.stringify(this.calls.map((c) => c.method))}`);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  /** Sends a Socket Mode envelope; resolves with the app's acknowledgement payload. */
  async sendEnvelope(type: 'events_api' | 'slash_commands', payload: object, retryAttempt = 0): Promise<Record<string, unknown>> {
    const socket = await this.waitFor(() => this.#socket);
    const envelopeId = `envelope-${++this.#envelopes}`;
    socket.send(
      JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: type !== 'events_api', retry_attempt: retryAttempt, retry_reason: '' }),
    );
    return this.waitFor(() => this.acks.get(envelopeId));
  }

  async close(): Promise<void> {
    clearInterval(this.#pings);
    for (const client of this.#sockets.clients) client.terminate();
    this.#sockets.close();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #nextTs(): string {
    this.#clock += 1;
    return `${this.#clock}.000100`;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.origin);
    const raw = await readBody(req);
    const send = (body: object) => res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
    if (req.method === 'POST' && url.pathname.startsWith('/respond/')) {
      this.responses.push({ id: url.pathname.slice('/respond/'.length), body: JSON.parse(raw) as ResponseUrlPost['body'] });
      send({ ok: true });
      return;
    }
    if (req.method !== 'POST' || !url.pathname.startsWith('/api/')) {
      res.writeHead(404).end();
      return;
    }
    const method = url.pathname.slice('/api/'.length);
    const args = parseArgs(req.headers['content-type'] ?? '', raw);
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? (typeof args.token === 'string' ? args.token : undefined);
    this.calls.push({ method, token, args });
    send(this.#call(method, token, args));
  }

  #call(method: string, token: string | undefined, args: Record<string, unknown>): object {
    if (!token) return { ok: false, error: 'not_authed' };
    const expected = method === 'apps.connections.open' ? this.appToken : this.botToken;
    if (token !== expected) return { ok: false, error: 'invalid_auth' };
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://stand-in.slack.com/', team: 'Stand-in Team', user: 'zhengbao', team_id: TEAM_ID, user_id: BOT_USER_ID, bot_id: BOT_ID, is_enterprise_install: false };
      case 'apps.connections.open':
        return { ok: true, url: `${this.origin.replace(/^http/, 'ws')}/link` };
      case 'chat.postMessage':
        return this.#post(args);
      case 'chat.update':
        return this.#update(args);
      case 'views.open':
        return this.#openView(args);
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  #post(args: Record<string, unknown>): object {
    const { channel, text, blocks, thread_ts: threadTs } = args as Partial<PostedMessage>;
    if (typeof channel !== 'string' || !channel) return { ok: false, error: 'channel_not_found' };
    if (!text && !blocks) return { ok: false, error: 'no_text' };
    const problem = blockProblem(blocks);
    if (problem) return { ok: false, error: 'invalid_blocks', errors: [problem] };
    const message: PostedMessage = { channel, ts: this.#nextTs(), ...(threadTs ? { thread_ts: threadTs } : {}), ...(text ? { text } : {}), ...(blocks ? { blocks } : {}) };
    this.messages.push(message);
    return { ok: true, channel, ts: message.ts, message: { type: 'message', user: BOT_USER_ID, bot_id: BOT_ID, ...message } };
  }

  /** Opens a modal within Slack's limits: a live trigger, a title of at most 24 characters, metadata of at most 3000. */
  #openView(args: Record<string, unknown>): object {
    const { trigger_id: triggerId, view } = args as { trigger_id?: unknown; view?: OpenedView['view'] & { type?: unknown; title?: { text?: unknown } } };
    if (typeof triggerId !== 'string' || !triggerId) return { ok: false, error: 'invalid_arguments' };
    if (triggerId === EXPIRED_TRIGGER) return { ok: false, error: 'expired_trigger_id' };
    const title = view?.title?.text;
    if (!view || view.type !== 'modal' || typeof title !== 'string' || title.length > 24 || (view.private_metadata ?? '').length > 3000 || (view.blocks ?? []).length > 100) {
      return { ok: false, error: 'invalid_arguments' };
    }
    const opened: OpenedView = { id: `V${this.views.length + 1}`, triggerId, view };
    this.views.push(opened);
    return { ok: true, view: { id: opened.id, ...view } };
  }

  #update(args: Record<string, unknown>): object {
    const { channel, ts, text, blocks } = args as Partial<PostedMessage>;
    const message = this.messages.find((m) => m.channel === channel && m.ts === ts);
    if (!message) return { ok: false, error: 'message_not_found' };
    const problem = blockProblem(blocks);
    if (problem) return { ok: false, error: 'invalid_blocks', errors: [problem] };
    Object.assign(message, { text, blocks });
    return { ok: true, channel, ts, text, message: { type: 'message', user: BOT_USER_ID, bot_id: BOT_ID, ...message } };
  }
}
