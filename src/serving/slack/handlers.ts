/** The bot's handlers — mentions, direct messages, the slash command — registered alike on an app of either transport. */
import type { App } from '@slack/bolt';
import type { Logger } from 'pino';
import type { ServerState } from '../readiness.ts';
import type { InFlight } from '../in-flight.ts';
import type { RateLimit } from '../../intake/rate-limit.ts';
import { registerCommand } from './command.ts';
import { registerEvents } from './events.ts';
import { questions } from './questions.ts';

export interface HandlerDeps {
  state: ServerState;
  limit: RateLimit;
  inFlight: InFlight;
  logger: Logger;
  topK: number;
  /** The slash command's name, with its slash. */
  command: string;
}

export function registerHandlers(app: App, deps: HandlerDeps): void {
  const { inFlight, logger } = deps;
  const asking = questions(deps);
  registerEvents(app, { questions: asking, inFlight, logger });
  registerCommand(app, { name: deps.command, questions: asking, inFlight, logger });
  app.error(async (error) => {
    logger.error({ err: error }, 'a Slack handler failed');
  });
}
