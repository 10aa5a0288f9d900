/**
 * What holds of every reply, whatever was sent: no server error, nothing of the code's insides, and an error in the
 * surface's own protocol, carrying a code the product defines at the status that code stands for.
 */
import { connect } from 'node:net';
import { expect } from 'vitest';
import { APP_ERROR_STATUS } from '../../src/errors.ts';
import { GOOD_QUESTION } from './inputs.ts';

/** A frame of a stack trace, or a path into the source or the dependencies. */
const INSIDES = [/\bat (?:async )?[\w$.<>[\] ]*\(?(?:file:\/\/|node:|\/)[^\s)]*:\d+:\d+/, /\/(?:src|node_modules)\/\S*\.[jt]s\b/, /\.ts:\d+/];

export function expectNothingOfTheInsides(text: string): void {
  for (const pattern of INSIDES) expect(text, `the reply shows ${pattern}`).not.toMatch(pattern);
}

/** No 5xx: 503 is the index loading or the model restarting, neither of which happens while these tests run. */
export function expectNoServerError(status: number, body: string): void {
  expect(status, `status ${status} for a reply of ${body.slice(0, 300)}`).toBeLessThan(500);
  expectNothingOfTheInsides(body);
}

function knownCode(code: unknown): keyof typeof APP_ERROR_STATUS {
  expect(Object.keys(APP_ERROR_STATUS)).toContain(code);
  return code as keyof typeof APP_ERROR_STATUS;
}

/** `/api`: `{"error": {"code", "message"}}`, the code one of the product's, at its status. */
export function expectApiError(status: number, body: string): void {
  const parsed = JSON.parse(body) as { error: { code: unknown; message: unknown } };
  expect(Object.keys(parsed)).toEqual(['error']);
  expect(Object.keys(parsed.error).sort()).toEqual(['code', 'message']);
  expect(typeof parsed.error.message).toBe('string');
  expect(APP_ERROR_STATUS[knownCode(parsed.error.code)]).toBe(status);
}

/** `/v1`: OpenAI's error object, `{"error": {"message", "type", "param", "code"}}`. */
export function expectOpenAiError(status: number, body: string): void {
  const parsed = JSON.parse(body) as { error: Record<string, unknown> };
  expect(Object.keys(parsed)).toEqual(['error']);
  expect(Object.keys(parsed.error).sort()).toEqual(['code', 'message', 'param', 'type']);
  expect(typeof parsed.error.message).toBe('string');
  expect(['invalid_request_error', 'authentication_error', 'permission_error', 'not_found_error', 'rate_limit_error']).toContain(parsed.error.type);
  expect(typeof parsed.error.code).toBe('string');
  expect(status).toBeGreaterThanOrEqual(400);
}

/** A WebSocket `error` frame: the question's id, a code of the product's that is not the server's fault, a message. */
export function expectWsError(frame: Record<string, unknown>): void {
  expect(Object.keys(frame).sort()).toEqual(expect.arrayContaining(['code', 'id', 'message', 'type']));
  expect(frame.type).toBe('error');
  expect(APP_ERROR_STATUS[knownCode(frame.code)]).toBeLessThan(500);
  expect(typeof frame.message).toBe('string');
  expect(frame.id === null || typeof frame.id === 'string' || typeof frame.id === 'number').toBe(true);
}

/** Log lines of errors the server did not expect: a bug said in the log, whatever the reply was. */
export function unexpectedErrors(logs: readonly Record<string, unknown>[]): Record<string, unknown>[] {
  return logs.filter((line) => Number(line.level) >= 50);
}

export interface RawReply {
  /** 0 when the server closed the connection without a reply. */
  status: number;
  headers: Record<string, string>;
  body: string;
}

function dechunk(body: Buffer): Buffer {
  const pieces: Buffer[] = [];
  let at = 0;
  for (;;) {
    const end = body.indexOf('\r\n', at);
    if (end < 0) break;
    const size = Number.parseInt(body.subarray(at, end).toString('latin1'), 16);
    if (!(size > 0)) break;
    pieces.push(body.subarray(end + 2, end + 2 + size));
    at = end + 2 + size + 2;
  }
  return Buffer.concat(pieces);
}

/** How long a raw request may go unanswered before the test says so. */
const RAW_REPLY_MS = 10_000;

/**
 * A request written byte for byte, so that headers no client library would send (a wrong length, a charset of
 * nonsense, a header that is not ASCII) reach the server as sent; with `Connection: close` the server closes the
 * connection after its reply. `endAfterMs` half-closes it then, for a body that would otherwise never end; the
 * server takes that as the client gone (Node's http server does not allow half-open connections).
 */
export function rawRequest(url: string, request: Buffer, endAfterMs?: number): Promise<RawReply> {
  const { hostname, port } = new URL(url);
  return new Promise((done, fail) => {
    const socket = connect(Number(port), hostname);
    const received: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      fail(new Error(`no reply within ${RAW_REPLY_MS} ms`));
    }, RAW_REPLY_MS);
    socket.on('data', (data: Buffer) => received.push(data));
    socket.on('error', fail);
    socket.on('close', () => {
      clearTimeout(timer);
      const reply = Buffer.concat(received);
      const split = reply.indexOf('\r\n\r\n');
      if (split < 0) return done({ status: 0, headers: {}, body: reply.toString() });
      const [statusLine = '', ...lines] = reply.subarray(0, split).toString('latin1').split('\r\n');
      const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
      const rest = reply.subarray(split + 4);
      done({ status: Number(statusLine.split(' ')[1]), headers, body: (headers['transfer-encoding'] === 'chunked' ? dechunk(rest) : rest).toString() });
    });
    socket.write(request);
    if (endAfterMs !== undefined) setTimeout(() => socket.end(), endAfterMs);
  });
}

/** After whatever came before, the server still answers a good question, and rightly. */
export async function expectStillAnswers(serverUrl: string): Promise<void> {
  const reply = await fetch(new URL('/api/ask', serverUrl), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: GOOD_QUESTION }) });
  expect(reply.status).toBe(200);
  expect(((await reply.json()) as { answer: string }).answer).toContain('5.2%');
}
