/**
 * The soak test's stand-in for Slack's Web API and the `response_url` of slash commands, reached through
 * `SLACK_API_URL`. Unlike the tests' stand-in it keeps nothing once a reply has come: waiting is by key, and a reply
 * settles its waiter, so that a run of many thousand answers does not grow the measuring process.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BOT_ID, BOT_USER_ID, TEAM_ID } from '../test/slack/slack-api.ts';
import { SAY } from '../src/serving/slack/questions.ts';

/** The bot's last word on a question: its text, and whether it came as blocks (an answer does; an error does not). */
export interface SlackReply {
  text: string;
  hasBlocks: boolean;
}

interface Waiter {
  settle: (reply: SlackReply) => void;
  timer: NodeJS.Timeout;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The Web API takes form-encoded or JSON bodies; only the plain fields are read here. */
function argsOf(contentType: string, raw: string): Record<string, string> {
  if (contentType.startsWith('application/json')) {
    const parsed = JSON.parse(raw || '{}') as Record<string, unknown>;
    return Object.fromEntries(Object.entries(parsed).map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)]));
  }
  return Object.fromEntries(new URLSearchParams(raw));
}

const replyOf = (args: Record<string, string>): SlackReply => ({ text: args.text ?? '', hasBlocks: args.blocks !== undefined });

export class SoakSlack {
  readonly #server: Server;
  readonly #waiters = new Map<string, Waiter>();
  /** Placeholder message ts → the thread it stands in, until the bot updates it with the answer. */
  readonly #placeholders = new Map<string, string>();
  #clock = 1_700_000_000;

  private constructor() {
    this.#server = createServer((req, res) => {
      this.#handle(req, res).catch((error: unknown) => res.writeHead(500).end(String(error)));
    });
  }

  static async start(): Promise<SoakSlack> {
    const slack = new SoakSlack();
    slack.#server.listen(0, '127.0.0.1');
    await once(slack.#server, 'listening');
    return slack;
  }

  get #origin(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  get apiUrl(): string {
    return `${this.#origin}/api/`;
  }

  responseUrl(id: string): string {
    return `${this.#origin}/respond/${id}`;
  }

  /** The bot's final reply in a thread, or to a slash command's `response_url` id; rejects after `timeoutMs`. */
  replyTo(key: string, timeoutMs: number): Promise<SlackReply> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(key);
        reject(new Error(`no Slack reply within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      this.#waiters.set(key, { settle: resolve, timer });
    });
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #settle(key: string, reply: SlackReply): void {
    const waiter = this.#waiters.get(key);
    if (!waiter) return;
    clearTimeout(waiter.timer);
    this.#waiters.delete(key);
    waiter.settle(reply);
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', this.#origin).pathname;
    const args = argsOf(req.headers['content-type'] ?? '', await readBody(req));
    const send = (body: object) => res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
    if (path.startsWith('/respond/')) {
      this.#settle(path.slice('/respond/'.length), replyOf(args));
      send({ ok: true });
      return;
    }
    send(this.#call(path.slice('/api/'.length), args));
  }

  #call(method: string, args: Record<string, string>): object {
    switch (method) {
      case 'auth.test':
        return { ok: true, team: 'Soak Team', user: 'zhengbao', team_id: TEAM_ID, user_id: BOT_USER_ID, bot_id: BOT_ID };
      case 'chat.postMessage':
        return this.#post(args);
      case 'chat.update':
        return this.#update(args);
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  #post(args: Record<string, string>): object {
    const ts = `${++this.#clock}.000100`;
    const thread = `${args.channel}:${args.thread_ts ?? ts}`;
    // The placeholder is answered by an update of it; any other reply (a refusal, an error) is the last word.
    if (args.text === SAY.looking && args.blocks === undefined) this.#placeholders.set(`${args.channel}:${ts}`, thread);
    else this.#settle(thread, replyOf(args));
    return { ok: true, channel: args.channel, ts };
  }

  #update(args: Record<string, string>): object {
    const placeholder = `${args.channel}:${args.ts}`;
    const thread = this.#placeholders.get(placeholder);
    if (!thread) return { ok: false, error: 'message_not_found' };
    this.#placeholders.delete(placeholder);
    this.#settle(thread, replyOf(args));
    return { ok: true, channel: args.channel, ts: args.ts };
  }
}
