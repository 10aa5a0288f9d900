/**
 * What the bot does with a question whichever way it came (mention, direct message, slash command): accept it or
 * say why not, then answer it through the same `ask()` as every other face. Every outcome is a message to show:
 * a question is never met with silence.
 */
import type { Logger } from 'pino';
import type { Assistant } from '../../answering/ask.ts';
import { admit, type Intake } from '../../intake/admit.ts';
import type { RateLimit } from '../../intake/rate-limit.ts';
import { parseWith, questionSchema } from '../../intake/request.ts';
import { slackText } from '../error-responses.ts';
import type { ServerState } from '../readiness.ts';
import { answerMessage, type SlackMessage } from './blocks.ts';
import { withFeedbackButtons, type AnsweredMemory } from './feedback.ts';
import type { Turn } from './threads.ts';

export const SAY = {
  looking: '正在查找…',
};

export type Accepted = { question: string; assistant: Assistant } | { refusal: string };

export interface Answered {
  message: SlackMessage;
  /** The turn to remember for follow-ups; none when the question could not be answered. */
  turn?: Turn;
}

export interface QuestionDeps {
  state: ServerState;
  limit: RateLimit;
  logger: Logger;
  topK: number;
}

/** `answered` remembers each answer for the 👍 and 👎 under it. */
export function questions({ state, limit, logger, topK }: QuestionDeps, answered: AnsweredMemory) {
  const intake: Intake = { assistant: () => state.assistant, limit };
  return {
    /** The question, or what to say instead. `asker` is the rate-limited person, `how` the way to ask. */
    async accept(text: string, asker: string, how: string): Promise<Accepted> {
      try {
        const { assistant, request } = await admit(intake, asker, () => parseWith(questionSchema, text, 'invalid-question'));
        return { question: request, assistant };
      } catch (error) {
        return { refusal: slackText(error, logger, how) };
      }
    },

    async answer(question: string, assistant: Assistant, conversation: readonly Turn[]): Promise<Answered> {
      try {
        const answer = await assistant.ask(question, { k: topK, conversation: [...conversation] });
        const sourceUrls = new Map(assistant.reports().map((r) => [r.id, r.sourceUrl]));
        const message = answerMessage(answer, sourceUrls);
        // A question asked back is no answer to judge: its buttons are its choices.
        const judged = answer.decision.kind === 'clarify' ? message : withFeedbackButtons(message, answered.remember(question, answer, conversation), question);
        return { message: judged, turn: { question, answer: answer.answer } };
      } catch (error) {
        return { message: { text: slackText(error, logger, '') } };
      }
    },
  };
}

export type Questions = ReturnType<typeof questions>;
