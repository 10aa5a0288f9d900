/**
 * The slash command (`/zhengbao 问题`): acknowledged at once with an ephemeral "正在查找…", the answer then sent
 * to the command's `response_url`. Answers are ephemeral, seen by the asker alone: a slash command works in any
 * channel, including those the bot is not in; to answer where everyone sees, mention the bot.
 */
import type { App } from '@slack/bolt';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { InFlight } from '../in-flight.ts';
import { typedText } from './mrkdwn.ts';
import { SAY, type Questions } from './questions.ts';

export interface CommandDeps {
  /** The command's name, with its slash. */
  name: string;
  questions: Questions;
  inFlight: InFlight;
  logger: Logger;
}

const commandSchema = z.object({
  text: z.string().default(''),
  user_id: z.string().min(1),
  team_id: z.string().default(''),
});

export function registerCommand(app: App, { name, questions, inFlight, logger }: CommandDeps): void {
  app.command(name, async ({ command, ack, respond }) => {
    const parsed = commandSchema.safeParse(command);
    if (!parsed.success) {
      await ack();
      logger.warn({ issues: parsed.error.issues }, 'a Slack command without a user was ignored');
      return;
    }
    const { text, user_id: user, team_id: team } = parsed.data;
    const accepted = await questions.accept(typedText(text), `slack:${team}:${user}`, name);
    if ('refusal' in accepted) {
      await ack({ response_type: 'ephemeral', text: accepted.refusal });
      return;
    }
    await ack({ response_type: 'ephemeral', text: SAY.looking });
    const deliver = async () => {
      const { message } = await questions.answer(accepted.question, accepted.assistant, []);
      await respond({ response_type: 'ephemeral', ...message });
    };
    try {
      await inFlight.track(deliver());
    } catch (error) {
      logger.error({ err: error }, 'a Slack command answer could not be sent to its response_url');
    }
  });
}
