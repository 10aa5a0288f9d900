/**
 * Questions asked in conversation: a mention of the bot in a channel, or a direct message. Bolt acknowledges an
 * event before its listener runs; the answer then comes in the question's thread, first as a placeholder
 * ("正在查找…") that is updated with the answer, so that the asker sees at once that the question was taken.
 */
import type { App, webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { InFlight } from '../in-flight.ts';
import { CHOICE_ACTION, type SlackMessage } from './blocks.ts';
import { Deliveries, type DeliveryLog } from './deliveries.ts';
import { typedText } from './mrkdwn.ts';
import { SAY, type Questions } from './questions.ts';
import { ThreadMemory, type ThreadLog } from './threads.ts';

export interface EventDeps {
  questions: Questions;
  inFlight: InFlight;
  logger: Logger;
  /** The events already taken: by this server alone unless given. */
  deliveries?: DeliveryLog;
  /** The turns answered in each thread: by this server alone unless given. */
  threads?: ThreadLog;
}

const envelopeSchema = z.object({ event_id: z.string().min(1), team_id: z.string().default('') });

/** The fields of `app_mention` and `message` events that the bot reads; others are ignored. */
const messageSchema = z.object({
  type: z.enum(['app_mention', 'message']),
  user: z.string().min(1),
  text: z.string().default(''),
  ts: z.string().min(1),
  thread_ts: z.string().min(1).optional(),
  channel: z.string().min(1),
  channel_type: z.string().optional(),
  subtype: z.string().optional(),
  bot_id: z.string().optional(),
  edited: z.unknown().optional(),
});
type SlackUserMessage = z.infer<typeof messageSchema>;

interface EventArgs {
  body: unknown;
  event: unknown;
  client: webApi.WebClient;
  context: { botUserId?: string };
}

/** Why an event is not a question to answer, or undefined when it is one. */
function whyIgnored(message: SlackUserMessage): string | undefined {
  if (message.bot_id) return 'a bot wrote it';
  if (message.subtype) return `a message of subtype ${message.subtype}`;
  if (message.edited) return 'an edit';
  if (message.type === 'message' && message.channel_type !== 'im') return 'a message outside a direct conversation';
  return undefined;
}

export function registerEvents(app: App, { questions, inFlight, logger, deliveries = new Deliveries(), threads = new ThreadMemory() }: EventDeps): void {

  async function answerInThread(client: webApi.WebClient, message: SlackUserMessage, team: string, botUserId: string): Promise<void> {
    const { channel } = message;
    const thread = message.thread_ts ?? message.ts;
    const post = (reply: SlackMessage) =>
      client.chat.postMessage({ channel, thread_ts: thread, ...reply, unfurl_links: false, unfurl_media: false });
    const accepted = await questions.accept(typedText(message.text, botUserId), `slack:${team}:${message.user}`, `<@${botUserId}>`);
    if ('refusal' in accepted) {
      await post({ text: accepted.refusal });
      return;
    }
    const placeholder = await post({ text: SAY.looking });
    const answered = await questions.answer(accepted.question, accepted.assistant, await threads.turns(channel, thread));
    if (answered.turn) await threads.remember(channel, thread, answered.turn);
    if (placeholder.ts) {
      try {
        await client.chat.update({ channel, ts: placeholder.ts, ...answered.message });
        return;
      } catch (error) {
        // A Slack-compatible server may not know chat.update: the answer then comes as a reply of its own.
        logger.warn({ err: error }, 'the placeholder could not be updated; posting the answer instead');
      }
    }
    await post(answered.message);
  }

  function ignore(eventId: string | undefined, reason: string): void {
    logger.debug({ eventId, reason }, `Slack event ignored: ${reason}`);
  }

  async function listener({ body, event, client, context }: EventArgs): Promise<void> {
    const envelope = envelopeSchema.safeParse(body);
    const parsed = messageSchema.safeParse(event);
    if (!envelope.success || !parsed.success) return ignore(undefined, 'not a message from a person');
    const message = parsed.data;
    const { event_id: eventId, team_id: team } = envelope.data;
    const { botUserId } = context;
    if (!botUserId) return ignore(eventId, 'the bot does not know its own user id');
    const reason = whyIgnored(message) ?? ((await deliveries.firstTime(eventId, `${message.channel}:${message.ts}`)) ? undefined : 'already taken');
    if (reason) return ignore(eventId, reason);
    try {
      await inFlight.track(answerInThread(client, message, team, botUserId));
    } catch (error) {
      logger.error({ err: error, eventId }, 'a Slack answer could not be posted');
    }
  }

  app.event('app_mention', listener);
  app.event('message', listener);

  // A choice of a question asked back is asked as its own question, where the question was.
  app.action(new RegExp(`^${CHOICE_ACTION}\\d+$`), async ({ ack, body, action, client, context, respond }) => {
    await ack();
    const choice = choiceSchema.safeParse({ body, action });
    if (!choice.success || !context.botUserId) return ignore(undefined, 'not a choice the bot offered');
    const { body: { user, team, channel, message, container }, action: { value } } = choice.data;
    try {
      if (container?.is_ephemeral || !channel || !message) {
        const accepted = await questions.accept(value, `slack:${team?.id ?? ''}:${user.id}`, '');
        const answered = 'refusal' in accepted ? { message: { text: accepted.refusal } } : await questions.answer(accepted.question, accepted.assistant, []);
        await respond({ response_type: 'ephemeral', replace_original: false, ...answered.message });
        return;
      }
      const asked: SlackUserMessage = { type: 'message', user: user.id, text: value, ts: message.ts, thread_ts: message.thread_ts ?? message.ts, channel: channel.id };
      await inFlight.track(answerInThread(client, asked, team?.id ?? '', context.botUserId));
    } catch (error) {
      logger.error({ err: error }, 'a Slack choice could not be answered');
    }
  });
}

/** The fields of a button click on a choice that the bot reads. */
const choiceSchema = z.object({
  body: z.object({
    user: z.object({ id: z.string().min(1) }),
    team: z.object({ id: z.string() }).nullish(),
    channel: z.object({ id: z.string().min(1) }).optional(),
    message: z.object({ ts: z.string().min(1), thread_ts: z.string().optional() }).optional(),
    container: z.object({ is_ephemeral: z.boolean().optional() }).optional(),
  }),
  action: z.object({ value: z.string().min(1) }),
});
