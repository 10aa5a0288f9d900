/**
 * Every surface of the real server over the full index, with the Slack bot on, sent whatever may come: `POST
 * /api/ask` bodies and headers, shares and feedback (bodies, headers and ids), chat completions streamed or not,
 * WebSocket frames, and Slack payloads with valid signatures. No reply is a server error or shows the code's insides;
 * every error is in its surface's protocol; nothing is logged as a bug; and after each property the server still
 * answers a good question. One server for all, so that the index and the model are loaded once.
 */
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect } from 'vitest';
import { WebSocket } from 'ws';
import { BOT_TOKEN, sendSigned, SIGNING_SECRET } from '../slack/requests.ts';
import { SlackStandIn } from '../slack/slack-api.ts';
import { startTestServer, type TestServer } from '../serving/fixture.ts';
import { expectApiError, expectNoServerError, expectNothingOfTheInsides, expectOpenAiError, expectStillAnswers, expectWsError, rawRequest, unexpectedErrors } from './checks.ts';
import { property } from './fuzz.ts';
import { askFields, body, GOOD_QUESTION } from './inputs.ts';
import { completion, eventCallback, feedbackFields, frame, rawAsk, rawPost, shareFields, shareIdPath, slashCommand, urlVerification, type Frame } from './requests.ts';

let slack: SlackStandIn;
let server: TestServer;
beforeAll(async () => {
  slack = await SlackStandIn.start({ botToken: BOT_TOKEN });
  server = await startTestServer({
    rateLimitPerMinute: 1_000_000,
    slack: { botToken: BOT_TOKEN, apiUrl: slack.apiUrl, command: '/zhengbao', transport: { kind: 'http', signingSecret: SIGNING_SECRET } },
  });
});
afterAll(async () => {
  await server?.close();
  await slack?.close();
});

/** Logged when a slash command's response_url is not one: the bot cannot reach the asker, which is the sender's doing. */
const UNREACHABLE_RESPONSE_URL = 'a Slack command answer could not be sent to its response_url';

afterEach(async () => {
  // Every question the bot took in a thread was answered there: no message still says it is looking.
  await slack.waitFor(() => (slack.messages.every((m) => m.text !== '正在查找…') ? true : undefined));
  await expectStillAnswers(server.url);
  const { frames } = await askOverSocket({ data: JSON.stringify({ type: 'ask', id: 'good', question: GOOD_QUESTION }), binary: false });
  expect(frames.at(-1)).toMatchObject({ type: 'done', id: 'good', result: { answer: expect.stringContaining('5.2%') } });
  expect(unexpectedErrors(server.logs).filter((line) => line.msg !== UNREACHABLE_RESPONSE_URL)).toEqual([]);
});

async function post(path: string, sent: Buffer): Promise<{ status: number; text: string; type: string }> {
  const reply = await fetch(new URL(path, server.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: sent });
  return { status: reply.status, text: await reply.text(), type: reply.headers.get('content-type') ?? '' };
}

describe('POST /api/ask', () => {
  property('any body: an answer, or an error of the API’s shape at its status', 60, body(askFields), async (sent) => {
    const { status, text } = await post('/api/ask', sent);
    expectNoServerError(status, text);
    if (status === 200) expect(typeof (JSON.parse(text) as { answer: unknown }).answer).toBe('string');
    else expectApiError(status, text);
  });

  property('any headers: content types, charsets, encodings and lengths that do not match the body', 40, rawAsk, async ({ bytes, unfinished }) => {
    // A body shorter than its length says would be waited for: the client leaves instead.
    const reply = await rawRequest(server.url, bytes, unfinished ? 50 : undefined);
    if (!unfinished) expect(reply.status).toBeGreaterThan(0);
    expectNoServerError(reply.status, reply.body);
    // What the HTTP parser cannot read (a control character in a header, the rest of a short body read as the
    // next request) Node refuses itself with a bare 400; whatever reaches the API is answered in its words.
    if (reply.status === 200) expect(typeof (JSON.parse(reply.body) as { answer: unknown }).answer).toBe('string');
    else if (reply.headers['content-type']?.startsWith('application/json')) expectApiError(reply.status, reply.body);
  });
});

describe('shares and feedback', () => {
  property('any body to POST /api/share: a link to the conversation kept, which reads back, or an error of the API’s shape', 50, body(shareFields), async (sent) => {
    const { status, text } = await post('/api/share', sent);
    expectNoServerError(status, text);
    if (status !== 201) return expectApiError(status, text);
    const { id, url } = JSON.parse(text) as { id: string; url: string };
    expect(url).toBe(new URL(`/s/${id}`, server.url).href);
    const got = await fetch(new URL(`/api/share/${id}`, server.url));
    expect(got.status).toBe(200);
    const shared = (await got.json()) as { id: string; conversation: { answer: string }[] };
    expect(shared.id).toBe(id);
    expect(shared.conversation.map((turn) => turn.answer)).toEqual((JSON.parse(sent.toString()) as typeof shared).conversation.map((turn) => turn.answer));
  });

  property('any id to GET /api/share/:id: none shared (404) or no id (400), in the API’s shape', 40, shareIdPath, async (id) => {
    const reply = await fetch(`${server.url}api/share/${id}`);
    const text = await reply.text();
    expectNoServerError(reply.status, text);
    expect([400, 404]).toContain(reply.status);
    expectApiError(reply.status, text);
  });

  property('any body to POST /api/feedback: the judgement kept, or an error of the API’s shape', 50, body(feedbackFields), async (sent) => {
    const { status, text } = await post('/api/feedback', sent);
    expectNoServerError(status, text);
    if (status === 201) expect(JSON.parse(text)).toEqual({ id: expect.any(String), build: expect.stringMatching(/^[0-9a-f]{12}$/) });
    else expectApiError(status, text);
  });

  const rawWrite = fc.oneof(rawPost('/api/share', body(shareFields)), rawPost('/api/feedback', body(feedbackFields)));

  property('any headers on a share or a judgement: content types, charsets, encodings and lengths that do not match the body', 40, rawWrite, async ({ bytes, unfinished }) => {
    const reply = await rawRequest(server.url, bytes, unfinished ? 50 : undefined);
    if (!unfinished) expect(reply.status).toBeGreaterThan(0);
    expectNoServerError(reply.status, reply.body);
    if (reply.status === 201) expect(Object.keys(JSON.parse(reply.body) as object).length).toBe(2);
    else if (reply.headers['content-type']?.startsWith('application/json')) expectApiError(reply.status, reply.body);
  });
});

describe('POST /v1/chat/completions', () => {
  property('any body, streamed or not: a completion, or OpenAI’s error object', 50, body(completion), async (sent) => {
    const { status, text, type } = await post('/v1/chat/completions', sent);
    expectNoServerError(status, text);
    if (status !== 200) return expectOpenAiError(status, text);
    if (type.startsWith('text/event-stream')) {
      const events = text.split('\n\n').filter(Boolean);
      expect(events.at(-1)).toBe('data: [DONE]');
      for (const event of events.slice(0, -1)) expect(JSON.parse(event.replace(/^data: /, ''))).toMatchObject({ object: 'chat.completion.chunk' });
    } else {
      expect(JSON.parse(text)).toMatchObject({ object: 'chat.completion', choices: [{ message: { role: 'assistant', content: expect.any(String) } }] });
    }
  });
});

interface Outcome {
  frames: Record<string, unknown>[];
  /** The close code, when the server closed the socket instead of answering. */
  closed?: number;
  /** Every frame's text as received, to look for the code's insides. */
  raw: string;
}

/** Sends one frame on a fresh socket; resolves with what came back until the answer is done, an error came, or the socket closed. */
function askOverSocket(sent: Frame): Promise<Outcome> {
  return new Promise((done, fail) => {
    const socket = new WebSocket(server.wsUrl);
    const outcome: Outcome = { frames: [], raw: '' };
    const timer = setTimeout(() => fail(new Error(`the reply did not end within 20 s; so far ${outcome.raw.slice(0, 500)}`)), 20_000);
    const finish = () => {
      clearTimeout(timer);
      socket.close();
      done(outcome);
    };
    socket.on('open', () => socket.send(sent.data, { binary: sent.binary }));
    socket.on('message', (data) => {
      const text = String(data);
      outcome.raw += text;
      const parsed = JSON.parse(text) as Record<string, unknown>;
      outcome.frames.push(parsed);
      if (parsed.type === 'done' || parsed.type === 'error') finish();
    });
    socket.on('close', (code) => {
      outcome.closed = code;
      finish();
    });
    socket.on('error', fail);
  });
}

/** The id every reply to a frame carries, as JSON: the frame's own when it is JSON text giving one, else null. */
function idOf({ data, binary }: Frame): string {
  if (binary) return 'null';
  try {
    const { id } = JSON.parse(String(data)) as { id?: unknown };
    return JSON.stringify(typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id)) ? id : null);
  } catch {
    return 'null';
  }
}

/** Close codes the protocol gives a frame it will not read: not UTF-8 (1007), too large (1009). */
const REFUSED_FRAMES = [1007, 1009];

describe('WebSocket frames', () => {
  property('any frame: the answer’s events, one error frame with its code and id, or a close the protocol names', 80, frame, async (sent) => {
    const { frames, closed, raw } = await askOverSocket(sent);
    expectNothingOfTheInsides(raw);
    const last = frames.at(-1);
    if (!last) return void expect(REFUSED_FRAMES).toContain(closed);
    // Compared as JSON, as the client reads it: an id of -0 comes back as 0.
    for (const reply of frames) expect(JSON.stringify(reply.id)).toBe(idOf(sent));
    if (last.type === 'error') {
      expect(frames).toHaveLength(1);
      return expectWsError(last);
    }
    expect(last.type).toBe('done');
    expect(frames[0]?.type).toBe('passages');
    expect(frames.slice(1, -1).every((f) => f.type === 'delta')).toBe(true);
    expect(typeof (last.result as { answer: unknown }).answer).toBe('string');
  });
});

describe('Slack, signed', () => {
  const at = (path: string) => new URL(path, server.url).href;

  property('any Events API callback: acknowledged, or refused as no shape Slack sends', 40, eventCallback, async (callback) => {
    const reply = await sendSigned(at('/slack/events'), JSON.stringify(callback), 'application/json');
    expectNoServerError(reply.status, await reply.text());
    expect([200, 400]).toContain(reply.status);
  });

  property('url_verification with any challenge: the challenge back', 20, urlVerification, async (verification) => {
    const reply = await sendSigned(at('/slack/events'), JSON.stringify(verification), 'application/json');
    const text = await reply.text();
    expectNoServerError(reply.status, text);
    expect(reply.status).toBe(200);
    expect(text).toBe(JSON.stringify({ challenge: verification.challenge }));
  });

  const form = slashCommand(() => slack.responseUrl('fuzz'));

  property('any slash command form: acknowledged with a message to show, or refused as no shape Slack sends', 40, form, async (sent) => {
    const reply = await sendSigned(at('/slack/commands'), sent, 'application/x-www-form-urlencoded');
    const text = await reply.text();
    expectNoServerError(reply.status, text);
    expect([200, 400]).toContain(reply.status);
    if (reply.status === 200 && text) expect(JSON.parse(text)).toMatchObject({ response_type: 'ephemeral', text: expect.any(String) });
  });
});
