import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEEDBACK_FILE } from '../../src/serving/feedback.ts';
import { tempDir } from '../corpus.ts';
import { startTestServer, type TestServer } from '../serving/fixture.ts';
import { EXPIRED_TRIGGER, SlackStandIn, TEAM_ID, type OpenedView, type PostedMessage } from './slack-api.ts';
import { BOT_TOKEN, eventCallback, mention, sendSigned, SIGNING_SECRET } from './requests.ts';

const QUESTION = '2024年北京市地区生产总值增长多少？';

let slack: SlackStandIn;
let server: TestServer;
let dataDir: string;

beforeAll(async () => {
  slack = await SlackStandIn.start({ botToken: BOT_TOKEN });
  dataDir = tempDir('zbwd-kept-');
  server = await startTestServer({ slack: { botToken: BOT_TOKEN, apiUrl: slack.apiUrl, command: '/zhengbao', transport: { kind: 'http', signingSecret: SIGNING_SECRET } } }, { dataDir });
});
afterAll(async () => {
  await server?.close();
  await slack?.close();
});

interface Button {
  type: string;
  action_id: string;
  value: string;
  text: { text: string };
}

const stored = () => (existsSync(join(dataDir, FEEDBACK_FILE)) ? readFileSync(join(dataDir, FEEDBACK_FILE), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) : []);

async function answerTo(channel: string, question: string): Promise<PostedMessage & { blocks: { type: string; elements?: unknown[] }[] }> {
  const event = mention(channel, question);
  await sendSigned(new URL('/slack/events', server.url).href, JSON.stringify(eventCallback(event)), 'application/json');
  return slack.waitFor(() => slack.thread(channel, event.ts).find((m) => m.blocks !== undefined)) as never;
}

/** A click on a button of a message, as Slack posts it: form-encoded `payload`, signed. */
function click(message: PostedMessage, button: Button, responseId: string, triggerId = '1.2.3'): Promise<Response> {
  const payload = {
    type: 'block_actions',
    team: { id: TEAM_ID, domain: 'stand-in' },
    user: { id: 'U0JUDGE', username: 'judge', team_id: TEAM_ID },
    api_app_id: 'A0APP',
    token: 'legacy-verification-token',
    container: { type: 'message', message_ts: message.ts, channel_id: message.channel, is_ephemeral: false },
    trigger_id: triggerId,
    channel: { id: message.channel, name: 'general' },
    message: { type: 'message', ts: message.ts, text: message.text, blocks: message.blocks },
    response_url: slack.responseUrl(responseId),
    actions: [{ type: 'button', action_id: button.action_id, block_id: 'feedback', value: button.value, text: { type: 'plain_text', text: button.text.text }, action_ts: '1.0' }],
  };
  return sendSigned(new URL('/slack/events', server.url).href, new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), 'application/x-www-form-urlencoded');
}

/** The modal submitted as Slack posts it, with the option chosen in the menu and the comment typed. */
function submit(opened: OpenedView, reason: { value: string; text: string }, comment: string | null): Promise<Response> {
  const payload = {
    type: 'view_submission',
    team: { id: TEAM_ID, domain: 'stand-in' },
    user: { id: 'U0JUDGE', username: 'judge', name: 'judge', team_id: TEAM_ID },
    api_app_id: 'A0APP',
    token: 'legacy-verification-token',
    trigger_id: '1.2.5',
    view: {
      ...opened.view,
      id: opened.id,
      team_id: TEAM_ID,
      state: {
        values: {
          reason: { reason: { type: 'static_select', selected_option: { text: { type: 'plain_text', text: reason.text, emoji: true }, value: reason.value } } },
          comment: { comment: { type: 'plain_text_input', value: comment } },
        },
      },
      hash: '1700000000.abc',
      app_id: 'A0APP',
      bot_id: 'B0BOT',
    },
    response_urls: [],
    is_enterprise_install: false,
  };
  return sendSigned(new URL('/slack/events', server.url).href, new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), 'application/x-www-form-urlencoded');
}

interface SelectOption {
  text: { text: string };
  value: string;
}

describe('👍 and 👎 in Slack', () => {
  it('puts two buttons under each answer, and stores 👍 with the answer it judges, as the page does', async () => {
    const answer = await answerTo('C0FEEDBACK', QUESTION);
    const actions = answer.blocks.at(-1);
    expect(actions?.type).toBe('actions');
    const buttons = (actions?.elements ?? []) as unknown as Button[];
    expect(buttons.map((b) => [b.action_id, b.text.text])).toEqual([
      ['feedback-up', '👍'],
      ['feedback-down', '👎'],
    ]);

    const response = await click(answer, buttons[0] as Button, 'thanks-first');
    expect(response.status).toBe(200);
    const thanks = await slack.waitFor(() => slack.responses.find((r) => r.id === 'thanks-first'));
    expect(thanks.body).toMatchObject({ response_type: 'ephemeral', replace_original: false, text: '感谢反馈！' });
    const [line] = stored();
    expect(line).toMatchObject({ surface: 'slack', rating: 'up', question: QUESTION, build: expect.stringMatching(/^[0-9a-f]{12}$/) });
    expect(line?.answer).toContain('5.2%');
    expect(line?.citations).toEqual([expect.objectContaining({ n: 1, reportId: '2025-beijing' })]);
  });

  it('asks on 👎 what was wrong, with the page’s reasons and a comment, and stores the reason chosen with the answer', async () => {
    const answer = await answerTo('C0REASON', QUESTION);
    const down = ((answer.blocks.at(-1)?.elements ?? []) as unknown as Button[])[1] as Button;
    const before = stored().length;
    expect((await click(answer, down, 'not-sent', '7.7.7')).status).toBe(200);
    const opened = await slack.waitFor(() => slack.views.find((v) => v.triggerId === '7.7.7'));
    expect(opened.view.callback_id).toBe('feedback-reason');
    const [menu, comment] = (opened.view.blocks ?? []) as { type: string; optional?: boolean; element: { type: string; options?: SelectOption[] } }[];
    expect(menu?.element.type).toBe('static_select');
    expect(menu?.element.options?.map((o) => [o.text.text, o.value])).toEqual([
      ['答非所问', 'off-topic'],
      ['数字不对', 'wrong-number'],
      ['引用不对', 'wrong-citation'],
      ['应该能回答', 'should-answer'],
      ['其他', 'other'],
    ]);
    expect(comment).toMatchObject({ type: 'input', optional: true, element: { type: 'plain_text_input' } });
    // Nothing is kept until the reason is given.
    expect(stored()).toHaveLength(before);

    const submitted = await submit(opened, { value: 'other', text: '其他' }, '  应引用第二段，不是第一段  ');
    expect(submitted.status).toBe(200);
    expect(await submitted.json()).toMatchObject({ response_action: 'update', view: { type: 'modal', blocks: [{ text: { text: '感谢反馈，我们会据此改进回答。' } }] } });
    const line = stored()[before];
    expect(line).toMatchObject({ surface: 'slack', rating: 'down', reason: 'other', comment: '应引用第二段，不是第一段', question: QUESTION });
    expect(line?.answer).toContain('5.2%');
    expect(line?.citations).toEqual([expect.objectContaining({ n: 1, reportId: '2025-beijing' })]);
    expect(slack.responses.find((r) => r.id === 'not-sent')).toBeUndefined();
  });

  it('stores a reason for an answer it no longer remembers from the question and the answer as shown, and refuses a reason of no code', async () => {
    const answer = await answerTo('C0REASONLATER', QUESTION);
    const down = ((answer.blocks.at(-1)?.elements ?? []) as unknown as Button[])[1] as Button;
    await click(answer, { ...down, value: `forgotten-key ${QUESTION}` }, 'not-sent', '8.8.8');
    const opened = await slack.waitFor(() => slack.views.find((v) => v.triggerId === '8.8.8'));
    const before = stored().length;
    const unknown = await submit(opened, { value: 'because', text: '因为' }, null);
    expect(unknown.status).toBe(200);
    expect(stored()).toHaveLength(before);
    expect((await submit(opened, { value: 'wrong-number', text: '数字不对' }, null)).status).toBe(200);
    const line = stored()[before];
    expect(line).toMatchObject({ surface: 'slack', rating: 'down', reason: 'wrong-number', question: QUESTION, answer: answer.text });
    expect(line?.comment).toBeUndefined();
  });

  it('keeps a 👎 without a reason when the modal cannot be opened', async () => {
    const answer = await answerTo('C0EXPIRED', QUESTION);
    const down = ((answer.blocks.at(-1)?.elements ?? []) as unknown as Button[])[1] as Button;
    const before = stored().length;
    await click(answer, down, 'thanks-down', EXPIRED_TRIGGER);
    const thanks = await slack.waitFor(() => slack.responses.find((r) => r.id === 'thanks-down'));
    expect(thanks.body).toMatchObject({ response_type: 'ephemeral', replace_original: false, text: '感谢反馈，我们会据此改进回答。' });
    expect(stored()[before]).toMatchObject({ surface: 'slack', rating: 'down', question: QUESTION });
    expect(stored()[before]?.reason).toBeUndefined();
  });

  it('asks nothing back with the buttons: a question asked back carries only its choices', async () => {
    const asked = await answerTo('C0CLARIFY', '经济怎么样');
    const actions = asked.blocks.filter((b) => b.type === 'actions');
    expect(actions).toHaveLength(1);
    expect((actions[0]?.elements as unknown as Button[]).every((b) => b.action_id.startsWith('choice-'))).toBe(true);
  });

  it('stores a click on an answer it no longer remembers from the button and the message as shown', async () => {
    const answer = await answerTo('C0FORGOTTEN', QUESTION);
    const up = ((answer.blocks.at(-1)?.elements ?? []) as unknown as Button[])[0] as Button;
    const before = stored().length;
    await click(answer, { ...up, value: `forgotten-key ${QUESTION}` }, 'thanks-up');
    await slack.waitFor(() => slack.responses.find((r) => r.id === 'thanks-up'));
    const line = stored()[before];
    expect(line).toMatchObject({ surface: 'slack', rating: 'up', question: QUESTION, answer: answer.text });
  });
});
