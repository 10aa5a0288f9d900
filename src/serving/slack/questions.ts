/**
 * What the bot does with a question whichever way it came (mention, direct message, slash command): accept it or
 * say why not, then answer it through the same `ask()` as every other face. Every outcome is a message to show:
 * a question is never met with silence.
 */
import type { Logger } from 'pino';
import { MAX_QUESTION_LENGTH, questionSchema, type Assistant } from '../../answering/ask.ts';
import type { ServerState } from '../http.ts';
import type { RateLimit } from '../rate-limit.ts';
import { answerMessage, type SlackMessage } from './blocks.ts';
import type { Turn } from './threads.ts';

export const SAY = {
  looking: '正在查找…',
  loading: '报告索引还在加载，请稍后再试。',
  tooLong: `问题太长了，请限制在${MAX_QUESTION_LENGTH}个字以内。`,
  failed: '抱歉，回答这个问题时出错了，请稍后再试。',
  rateLimited: (seconds: number) => `提问太频繁了，请${seconds}秒后再试。`,
  /** What to ask, for a mention or a command that holds no question. */
  howToAsk: (how: string) => `请在${how}后写下问题，例如：${how} 2024年北京市地区生产总值增长多少？`,
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

export function questions({ state, limit, logger, topK }: QuestionDeps) {
  return {
    /** The question, or what to say instead. `asker` is the rate-limited person, `how` the way to ask. */
    async accept(text: string, asker: string, how: string): Promise<Accepted> {
      const parsed = questionSchema.safeParse(text);
      if (!parsed.success) return { refusal: text.trim() ? SAY.tooLong : SAY.howToAsk(how) };
      const wait = await limit.take(asker);
      if (wait !== undefined) return { refusal: SAY.rateLimited(wait) };
      const { assistant } = state;
      if (!assistant) return { refusal: SAY.loading };
      return { question: parsed.data, assistant };
    },

    async answer(question: string, assistant: Assistant, conversation: readonly Turn[]): Promise<Answered> {
      try {
        const answer = await assistant.ask(question, { k: topK, conversation: [...conversation] });
        const sourceUrls = new Map(assistant.reports().map((r) => [r.id, r.sourceUrl]));
        return { message: answerMessage(answer, sourceUrls), turn: { question, answer: answer.answer } };
      } catch (error) {
        logger.error({ err: error }, 'a Slack question could not be answered');
        return { message: { text: SAY.failed } };
      }
    },
  };
}

export type Questions = ReturnType<typeof questions>;
