import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../serving/fixture.ts';
import { SlackStandIn } from './slack-api.ts';
import { APP_TOKEN, BOT_TOKEN, eventCallback, mention, slashCommand } from './requests.ts';

const QUESTION = '2024年北京市地区生产总值增长多少？';

let slack: SlackStandIn;
let server: TestServer;

beforeAll(async () => {
  slack = await SlackStandIn.start({ botToken: BOT_TOKEN, appToken: APP_TOKEN });
  server = await startTestServer({ slack: { botToken: BOT_TOKEN, apiUrl: slack.apiUrl, command: '/zhengbao', transport: { kind: 'socket', appToken: APP_TOKEN } }, logLevel: 'debug' });
  await slack.waitFor(() => server.logs.find((line) => line.msg === 'Slack bot signed in as @zhengbao'));
});
afterAll(async () => {
  await server?.close();
  await slack?.close();
});

describe('the Slack bot over Socket Mode', () => {
  it('connects with the app token and takes no HTTP requests', async () => {
    expect(slack.calls.find((call) => call.method === 'apps.connections.open')?.token).toBe(APP_TOKEN);
    expect(server.logs.map((line) => line.msg)).toContain('Slack bot on: Socket Mode, /zhengbao included');
    const response = await fetch(new URL('/slack/events', server.url), { method: 'POST', body: '{}' });
    expect(response.status).toBe(404);
  });

  it('acknowledges a mention and answers it in its thread, once however often it is delivered', async () => {
    const body = eventCallback(mention('C0SOCKET', QUESTION));
    const ts = (body.event as { ts: string }).ts;
    expect(await slack.sendEnvelope('events_api', body)).toEqual({});
    expect(await slack.sendEnvelope('events_api', body, 1)).toEqual({});
    const answer = await slack.waitFor(() => slack.thread('C0SOCKET', ts).find((m) => m.blocks));
    expect(answer.blocks?.[0]?.text?.text).toContain('5.2%');
    await slack.waitFor(() => server.logs.find((line) => line.reason === 'already taken' && line.eventId === body.event_id));
    expect(slack.callsIn('C0SOCKET').map((c) => c.method)).toEqual(['chat.postMessage', 'chat.update']);
  });

  it('answers the slash command: "正在查找…" in the acknowledgement, the answer at the response_url', async () => {
    const ack = await slack.sendEnvelope('slash_commands', slashCommand('/zhengbao', QUESTION, slack.responseUrl('socket-command')));
    expect(ack).toEqual({ response_type: 'ephemeral', text: '正在查找…' });
    const posted = await slack.waitFor(() => slack.responses.find((r) => r.id === 'socket-command'));
    expect(posted.body.blocks?.[0]?.text?.text).toContain('5.2%');
  });
});
