/**
 * 👍 and 👎 under each answer in Slack, kept as the page's feedback is, with the build that answered; 👎 first asks
 * what was wrong (`feedback-reasons.ts`). The answer a button judges is remembered in memory for a day by a key the
 * button carries; after a restart the button's question and the message's own text stand in for it.
 */
import type { App, types } from '@slack/bolt';
import { randomBytes } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Answer, FeedbackRating } from '../../domain.ts';
import { AppError } from '../../errors.ts';
import { withinLimit } from '../../intake/admit.ts';
import { parseWith } from '../../intake/request.ts';
import { slackText } from '../error-responses.ts';
import { buildId, feedbackRequestSchema, recordFeedback, type FeedbackRequest } from '../feedback.ts';
import type { Kept } from '../http.ts';
import type { ServerState } from '../readiness.ts';
import { MAX_BLOCKS, type SlackMessage } from './blocks.ts';
import { reasonView, registerFeedbackReasons, THANKS } from './feedback-reasons.ts';
import type { Turn } from './threads.ts';

export const FEEDBACK_ACTION = /^feedback-(up|down)$/;
const MAX_REMEMBERED = 1000;
const REMEMBERED_MS = 24 * 60 * 60 * 1000;
const MAX_BUTTON_VALUE = 2000;
/** As long an answer as the feedback endpoint takes. */
const MAX_ANSWER_CHARS = 8000;

const SAY = {
  up: '感谢反馈！',
  down: THANKS,
};

/** The answers the bot gave, by the key their buttons carry. */
export class AnsweredMemory {
  readonly #answers = new LRUCache<string, FeedbackRequest>({ max: MAX_REMEMBERED, ttl: REMEMBERED_MS });

  /** Remembers what a judgement of this answer needs; returns the key its buttons carry. */
  remember(question: string, answer: Answer, conversation: readonly Turn[]): string {
    const key = randomBytes(9).toString('base64url');
    this.#answers.set(key, {
      question,
      answer: answer.answer.slice(0, MAX_ANSWER_CHARS),
      rating: 'up',
      ...(answer.citations.length > 0 ? { citations: answer.citations.map(({ n, reportId, chunkId, section }) => ({ n, reportId, chunkId, section })) } : {}),
      ...(conversation.length > 0 ? { conversation: [...conversation] } : {}),
    });
    return key;
  }

  get(key: string): FeedbackRequest | undefined {
    return this.#answers.get(key);
  }
}

/** The message with 👍 and 👎 buttons after the answer, when Slack's limit of blocks leaves room. */
export function withFeedbackButtons(message: SlackMessage, key: string, question: string): SlackMessage {
  const blocks = message.blocks ?? [];
  if (blocks.length >= MAX_BLOCKS) return message;
  const value = `${key} ${question}`.slice(0, MAX_BUTTON_VALUE);
  const button = (rating: FeedbackRating, emoji: string, label: string): types.Button => ({
    type: 'button',
    action_id: `feedback-${rating}`,
    text: { type: 'plain_text', text: emoji, emoji: true },
    value,
    accessibility_label: label,
  });
  const actions: types.ActionsBlock = { type: 'actions', block_id: 'feedback', elements: [button('up', '👍', '回答有用'), button('down', '👎', '回答有问题')] };
  return { ...message, blocks: [...blocks, actions] };
}

/** The fields of a feedback button's click that are read. */
const clickSchema = z.object({
  body: z.object({
    user: z.object({ id: z.string().min(1) }),
    team: z.object({ id: z.string() }).nullish(),
    message: z.object({ text: z.string().optional() }).optional(),
    /** Lets the bot open a modal for 3 s after the click. */
    trigger_id: z.string().min(1).optional(),
  }),
  action: z.object({ action_id: z.string(), value: z.string().min(1) }),
});

export interface FeedbackDeps {
  state: ServerState;
  kept: Kept;
  answered: AnsweredMemory;
  logger: Logger;
}

/**
 * What a button judges, from its value (its key and question) and the answer as shown: the remembered answer, or the
 * button's question and the message's text when it is gone.
 */
function judgedBy(answered: AnsweredMemory): (judging: { value: string; answer: string }) => FeedbackRequest {
  return ({ value, answer }) => {
    const space = value.indexOf(' ');
    const remembered = answered.get(space < 0 ? value : value.slice(0, space));
    if (remembered) return remembered;
    const question = space < 0 ? '' : value.slice(space + 1);
    return parseWith(feedbackRequestSchema, { question, answer: answer.slice(0, MAX_ANSWER_CHARS), rating: 'up' });
  };
}

export function registerFeedback(app: App, { state, kept, answered, logger }: FeedbackDeps): void {
  const judged = judgedBy(answered);
  registerFeedbackReasons(app, { state, kept, logger, judged });
  app.action(FEEDBACK_ACTION, async ({ ack, body, action, respond, client }) => {
    await ack();
    const click = clickSchema.safeParse({ body, action });
    const rating = click.success ? (FEEDBACK_ACTION.exec(click.data.action.action_id)?.[1] as FeedbackRating | undefined) : undefined;
    if (!click.success || !rating) {
      logger.debug('a feedback click the bot did not offer was ignored');
      return;
    }
    const { user, team, trigger_id: triggerId, message } = click.data.body;
    const judging = { value: click.data.action.value, answer: message?.text ?? '' };
    if (rating === 'down' && triggerId) {
      try {
        await client.views.open({ trigger_id: triggerId, view: reasonView(judging) });
        return;
      } catch (error) {
        // Too late for the trigger, or refused: the 👎 is kept without a reason rather than lost.
        logger.warn({ err: error }, 'the reasons for a 👎 could not be offered; it is kept without one');
      }
    }
    let reply: string;
    try {
      const assistant = state.assistant;
      if (!assistant) throw new AppError('index-loading', 'the index is still loading; try again shortly');
      await withinLimit(kept.limit, `slack:${team?.id ?? ''}:${user.id}`, 'writes');
      await recordFeedback(kept.feedback, { ...judged(judging), rating }, { build: buildId(assistant.index.manifest), surface: 'slack' });
      reply = SAY[rating];
    } catch (error) {
      reply = slackText(error, logger, '');
    }
    await respond({ response_type: 'ephemeral', replace_original: false, text: reply }).catch((error: unknown) => {
      logger.warn({ err: error }, 'the thanks for a feedback click could not be sent');
    });
  });
}
