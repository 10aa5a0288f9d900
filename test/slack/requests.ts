/** What Slack sends: event callbacks and slash commands, signed as Slack signs them (v0, HMAC-SHA256). */
import { createHmac } from 'node:crypto';
import { BOT_USER_ID, TEAM_ID } from './slack-api.ts';

export const SIGNING_SECRET = 'test-signing-secret';
export const BOT_TOKEN = 'xoxb-test-bot-token';
export const APP_TOKEN = 'xapp-test-app-token';

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

export function signature(body: string, timestamp: number, secret = SIGNING_SECRET): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface Sending {
  timestamp?: number;
  secret?: string;
  /** Headers to add, or to leave out (`undefined`). */
  headers?: Record<string, string | undefined>;
}

/** POSTs `body` as Slack does: signed, with the timestamp it was signed at. */
export function sendSigned(url: string, body: string, contentType: string, sending: Sending = {}): Promise<Response> {
  const timestamp = sending.timestamp ?? nowSeconds();
  const headers: Record<string, string | undefined> = {
    'content-type': contentType,
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': signature(body, timestamp, sending.secret),
    ...sending.headers,
  };
  const sent = Object.fromEntries(Object.entries(headers).filter((entry): entry is [string, string] => entry[1] !== undefined));
  return fetch(url, { method: 'POST', headers: sent, body });
}

let events = 0;
let clock = 1_800_000_000;

/** A message's `ts`, unique within the run. */
export function nextTs(): string {
  clock += 1;
  return `${clock}.000200`;
}

/** An Events API callback around `event`, as Slack posts it. */
export function eventCallback(event: object, eventId = `Ev${++events}`): Record<string, unknown> {
  return {
    token: 'legacy-verification-token',
    team_id: TEAM_ID,
    api_app_id: 'A0APP',
    type: 'event_callback',
    event_id: eventId,
    event_time: nowSeconds(),
    event: { event_ts: (event as { ts?: string }).ts, ...event },
    authorizations: [{ team_id: TEAM_ID, user_id: BOT_USER_ID, is_bot: true, is_enterprise_install: false }],
  };
}

/** A message event's fields; `ts` names the message and, for its replies, the thread. */
export interface MessageEvent {
  type: string;
  channel: string;
  ts: string;
  [field: string]: unknown;
}

/** `@bot text` in a channel; `thread_ts` when it is asked in a thread. */
export function mention(channel: string, text: string, options: { user?: string; threadTs?: string; ts?: string } = {}): MessageEvent {
  return {
    type: 'app_mention',
    user: options.user ?? 'U0ASKER',
    text: `<@${BOT_USER_ID}> ${text}`,
    ts: options.ts ?? nextTs(),
    channel,
    ...(options.threadTs ? { thread_ts: options.threadTs } : {}),
  };
}

export function directMessage(channel: string, text: string, fields: Record<string, unknown> = {}): MessageEvent {
  return { type: 'message', channel_type: 'im', user: 'U0ASKER', text, ts: nextTs(), channel, ...fields };
}

/** A slash command's form fields, as Slack posts them. */
export function slashCommand(command: string, text: string, responseUrl: string): Record<string, string> {
  return {
    token: 'legacy-verification-token',
    team_id: TEAM_ID,
    team_domain: 'stand-in',
    channel_id: 'C0COMMAND',
    channel_name: 'general',
    user_id: 'U0ASKER',
    user_name: 'asker',
    command,
    text,
    api_app_id: 'A0APP',
    response_url: responseUrl,
    trigger_id: '1.2.3',
  };
}
