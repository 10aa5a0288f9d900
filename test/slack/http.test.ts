import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerConfig } from '../../src/config.ts';
import { fullAssistant } from '../corpus.ts';
import { startTestServer, type TestServer } from '../serving/fixture.ts';
import { BOT_ID, BOT_USER_ID, SlackStandIn, type Block, type PostedMessage } from './slack-api.ts';
import { BOT_TOKEN, directMessage, eventCallback, mention, nowSeconds, sendSigned, SIGNING_SECRET, slashCommand } from './requests.ts';

const QUESTION = '2024年北京市地区生产总值增长多少？';

let slack: SlackStandIn;
let server: TestServer;

function slackConfig(): ServerConfig['slack'] {
  return { botToken: BOT_TOKEN, apiUrl: slack.apiUrl, command: '/zhengbao', transport: { kind: 'http', signingSecret: SIGNING_SECRET } };
}

beforeAll(async () => {
  slack = await SlackStandIn.start({ botToken: BOT_TOKEN });
  server = await startTestServer({ slack: slackConfig(), logLevel: 'debug' });
});
afterAll(async () => {
  await server?.close();
  await slack?.close();
});

const eventsUrl = () => new URL('/slack/events', server.url).href;
const sendEvent = (body: object, sending?: Parameters<typeof sendSigned>[3], to = server) =>
  sendSigned(new URL('/slack/events', to.url).href, JSON.stringify(body), 'application/json', sending);

/** The answer the bot left in a thread: its placeholder, once updated. */
function answerIn(channel: string, threadTs: string): Promise<PostedMessage> {
  return slack.waitFor(() => slack.thread(channel, threadTs).find((m) => m.blocks !== undefined));
}

const textsOf = (blocks: Block[] | undefined, type: string) =>
  (blocks ?? []).filter((b) => b.type === type).flatMap((b) => (b.text ? [b.text.text] : (b.elements ?? []).map((e) => e.text)));

function ignoredLines(reason: string, logs: Record<string, unknown>[] = server.logs): Record<string, unknown>[] {
  return logs.filter((line) => line.reason === reason);
}

describe('the Slack bot over HTTP', () => {
  it('says at start that it is on, and where Slack posts', () => {
    expect(server.logs.map((l) => l.msg)).toContain('Slack bot on: events at POST /slack/events, /zhengbao at POST /slack/commands');
  });

  it('acknowledges a mention at once and answers in its thread, with the answer and its sources as blocks', async () => {
    const event = mention('C0MENTION', QUESTION);
    const started = performance.now();
    const response = await sendEvent(eventCallback(event));
    expect(response.status).toBe(200);
    expect(performance.now() - started).toBeLessThan(3000);

    const answer = await answerIn('C0MENTION', event.ts);
    expect(answer.thread_ts).toBe(event.ts);
    const [section] = textsOf(answer.blocks, 'section');
    expect(section).toContain('5.2%');
    expect(section).toContain('[1]');
    expect(textsOf(answer.blocks, 'context')[0]).toMatch(/^\[1\] <https?:\/\/[^|]+\|2025年北京市政府工作报告> — 一、2024年工作回顾$/);
    expect(answer.text).toContain('5.2%');
    expect(answer.text).toContain('2025年北京市政府工作报告');

    const calls = slack.callsIn('C0MENTION');
    expect(calls.map((c) => c.method)).toEqual(['chat.postMessage', 'chat.update']);
    expect(calls[0]?.args).toMatchObject({ text: '正在查找…', thread_ts: event.ts });
    expect(calls.every((c) => c.token === BOT_TOKEN)).toBe(true);
  });

  it('answers a question across reports with its first rows as a table in a code block and the count of the rest', async () => {
    const event = mention('C0TABLE', '哪个省2025年GDP增长目标最高？');
    expect((await sendEvent(eventCallback(event))).status).toBe(200);
    const answer = await answerIn('C0TABLE', event.ts);
    const [sentence, table] = textsOf(answer.blocks, 'section');
    expect(sentence).toContain('西藏自治区最高');
    expect(table).toMatch(/^```\n\[1\] +西藏自治区 +7%以上（力争达到8%）\n[\s\S]*\n…及其余21个\n```$/);
    expect(textsOf(answer.blocks, 'context').at(-1)).toBe('另有21处出处未列出');
  });

  it('answers a direct message in its thread', async () => {
    const message = directMessage('D0DIRECT', '2024年河南省粮食产量是多少？');
    expect((await sendEvent(eventCallback(message))).status).toBe(200);
    const answer = await answerIn('D0DIRECT', message.ts);
    expect(answer.thread_ts).toBe(message.ts);
    expect(textsOf(answer.blocks, 'context').join('\n')).toContain('2025年河南省政府工作报告');
  });

  it("answers a follow-up in a thread with the thread's earlier turns as the conversation", async () => {
    const first = mention('C0FOLLOW', '2024年上海GDP增长多少？');
    await sendEvent(eventCallback(first));
    await answerIn('C0FOLLOW', first.ts);

    const followUp = mention('C0FOLLOW', '那北京呢？', { threadTs: first.ts });
    await sendEvent(eventCallback(followUp));
    const answered = await slack.waitFor(() => slack.thread('C0FOLLOW', first.ts).filter((m) => m.blocks).at(1));
    expect(textsOf(answered.blocks, 'section')[0]).toContain('5.2%');
    expect(textsOf(answered.blocks, 'context')[0]).toContain('2025年北京市政府工作报告');

    // The same words outside the thread have no earlier turn to be read against.
    const alone = mention('C0FOLLOW', '那北京呢？');
    await sendEvent(eventCallback(alone));
    expect(textsOf((await answerIn('C0FOLLOW', alone.ts)).blocks, 'section')[0]).not.toContain('5.2%');
  });

  it('answers an event once, however often Slack retries it', async () => {
    const body = eventCallback(mention('C0RETRY', QUESTION));
    const ts = (body.event as { ts: string }).ts;
    const [first, retry] = await Promise.all([
      sendEvent(body),
      sendEvent(body, { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } }),
    ]);
    expect([first.status, retry.status]).toEqual([200, 200]);
    await answerIn('C0RETRY', ts);
    await slack.waitFor(() => ignoredLines('already taken').find((line) => line.eventId === body.event_id));
    const late = await sendEvent(body, { headers: { 'x-slack-retry-num': '2', 'x-slack-retry-reason': 'http_timeout' } });
    expect(late.status).toBe(200);
    await slack.waitFor(() => (ignoredLines('already taken').filter((line) => line.eventId === body.event_id).length === 2 ? true : undefined));
    expect(slack.callsIn('C0RETRY').map((c) => c.method)).toEqual(['chat.postMessage', 'chat.update']);
  });

  it.each([
    ['a wrong signature', { secret: 'not-the-secret' }],
    ['a timestamp older than five minutes', { timestamp: nowSeconds() - 6 * 60 }],
    ['no signature', { headers: { 'x-slack-signature': undefined } }],
    ['no timestamp', { headers: { 'x-slack-request-timestamp': undefined } }],
  ])('refuses an event with %s with 401 and posts nothing', async (_what, sending) => {
    const channel = `C0FORGED${Math.random().toString(36).slice(2, 8)}`;
    const response = await sendEvent(eventCallback(mention(channel, QUESTION)), sending);
    expect(response.status).toBe(401);
    // A real question sent after it is answered, and nothing came for the forged one.
    const real = mention('C0AFTERFORGED', QUESTION);
    await sendEvent(eventCallback(real));
    await answerIn('C0AFTERFORGED', real.ts);
    expect(slack.callsIn(channel)).toEqual([]);
  });

  it('answers url_verification with its challenge, and only when signed', async () => {
    const body = { token: 'legacy-verification-token', challenge: 'challenge-3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P', type: 'url_verification' };
    const response = await sendEvent(body);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ challenge: body.challenge });
    const unsigned = await fetch(eventsUrl(), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(unsigned.status).toBe(401);
  });

  it('refuses a signed payload no listener takes with 404, as a warning and not an error', async () => {
    const before = server.logs.length;
    const shortcut = { type: 'shortcut', callback_id: 'someone_elses_shortcut', trigger_id: '1.2.3', team: { id: 'T0TEAM' }, user: { id: 'U0ASKER' }, token: 'legacy' };
    const response = await sendSigned(eventsUrl(), `payload=${encodeURIComponent(JSON.stringify(shortcut))}`, 'application/x-www-form-urlencoded');
    expect(response.status).toBe(404);
    const logged = server.logs.slice(before);
    expect(logged.filter((line) => Number(line.level) >= 50)).toEqual([]);
    expect(logged.some((line) => String(line.msg).includes('no listener'))).toBe(true);
  });

  it("ignores the bot's own messages, other bots' messages and edits", async () => {
    const own = directMessage('D0OWN', QUESTION, { user: BOT_USER_ID, bot_id: BOT_ID });
    const otherBot = directMessage('D0OWN', QUESTION, { user: 'U0OTHERBOT', bot_id: 'B0OTHER' });
    const edit = { type: 'message', subtype: 'message_changed', channel_type: 'im', channel: 'D0OWN', ts: '1800000999.000100', message: { text: QUESTION, user: 'U0ASKER' } };
    for (const event of [own, otherBot, edit]) expect((await sendEvent(eventCallback(event))).status).toBe(200);
    const real = directMessage('D0OWN', QUESTION);
    await sendEvent(eventCallback(real));
    await answerIn('D0OWN', real.ts);
    expect(slack.callsIn('D0OWN').map((c) => c.args.thread_ts)).toEqual([real.ts, undefined]);
    expect(slack.callsIn('D0OWN').map((c) => c.method)).toEqual(['chat.postMessage', 'chat.update']);
  });

  it('says how to ask when a mention holds no question', async () => {
    const event = { ...mention('C0EMPTY', ''), text: `<@${BOT_USER_ID}>` };
    await sendEvent(eventCallback(event));
    const reply = await slack.waitFor(() => slack.thread('C0EMPTY', event.ts)[0]);
    expect(reply.text).toBe(`请在<@${BOT_USER_ID}>后写下问题，例如：<@${BOT_USER_ID}> 2024年北京市地区生产总值增长多少？`);
    expect(reply.thread_ts).toBe(event.ts);
  });

  it('reads the question as typed: Slack’s escapes undone, links by their labels', async () => {
    const event = { ...mention('C0TYPED', ''), text: `<@${BOT_USER_ID}> 2024年北京市地区生产总值增长多少？ &lt;见 <https://www.beijing.gov.cn|北京市政府网站>&gt;` };
    await sendEvent(eventCallback(event));
    const answer = await answerIn('C0TYPED', event.ts);
    expect(textsOf(answer.blocks, 'section')[0]).toContain('5.2%');
  });

  it('answers the slash command: an ephemeral "正在查找…" at once, the answer at its response_url', async () => {
    const form = new URLSearchParams(slashCommand('/zhengbao', QUESTION, slack.responseUrl('command-1'))).toString();
    const response = await sendSigned(new URL('/slack/commands', server.url).href, form, 'application/x-www-form-urlencoded');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ response_type: 'ephemeral', text: '正在查找…' });
    const posted = await slack.waitFor(() => slack.responses.find((r) => r.id === 'command-1'));
    expect(posted.body.response_type).toBe('ephemeral');
    expect(textsOf(posted.body.blocks, 'section')[0]).toContain('5.2%');
    expect(textsOf(posted.body.blocks, 'context')[0]).toContain('2025年北京市政府工作报告');
  });

  it('says how to use the slash command when it holds no question', async () => {
    const form = new URLSearchParams(slashCommand('/zhengbao', '  ', slack.responseUrl('command-empty'))).toString();
    const response = await sendSigned(new URL('/slack/commands', server.url).href, form, 'application/x-www-form-urlencoded');
    expect(await response.json()).toEqual({ response_type: 'ephemeral', text: '请在/zhengbao后写下问题，例如：/zhengbao 2024年北京市地区生产总值增长多少？' });
  });
});

describe('the Slack bot when it cannot answer', () => {
  it('tells a user who asks too often when to ask again, in the thread', async () => {
    const limited = await startTestServer({ slack: slackConfig(), rateLimitPerMinute: 1 });
    try {
      const first = mention('C0LIMIT', QUESTION);
      const second = mention('C0LIMIT', QUESTION);
      await sendEvent(eventCallback(first), {}, limited);
      await answerIn('C0LIMIT', first.ts);
      await sendEvent(eventCallback(second), {}, limited);
      const reply = await slack.waitFor(() => slack.thread('C0LIMIT', second.ts)[0]);
      expect(reply.text).toMatch(/^提问太频繁了，请\d+秒后再试。$/);
    } finally {
      await limited.close();
    }
  });

  it('turns a failure to answer into a short message in the thread', async () => {
    const assistant = await fullAssistant();
    const failing = await startTestServer(
      { slack: slackConfig() },
      { loadAssistant: async () => ({ ...assistant, ask: () => Promise.reject(new Error('the index went away')) }) },
    );
    try {
      const event = mention('C0FAIL', QUESTION);
      await sendEvent(eventCallback(event), {}, failing);
      const reply = await slack.waitFor(() => slack.thread('C0FAIL', event.ts).find((m) => m.text !== '正在查找…'));
      expect(reply.text).toBe('抱歉，回答这个问题时出错了，请稍后再试。');
      expect(failing.logs.some((line) => line.msg === 'a Slack question could not be answered')).toBe(true);
    } finally {
      await failing.close();
    }
  });
});
