/** The bot's handlers — mentions, direct messages, the slash command — registered alike on an app of either transport. */
import type { App } from '@slack/bolt';
import type { Logger } from 'pino';
import type { Kept } from '../http.ts';
import type { ServerState } from '../readiness.ts';
import type { InFlight } from '../in-flight.ts';
import type { RateLimit } from '../../intake/rate-limit.ts';
import { registerCommand } from './command.ts';
import type { DeliveryLog } from './deliveries.ts';
import type { ThreadLog } from './threads.ts';
import { registerEvents } from './events.ts';
import { AnsweredMemory, registerFeedback } from './feedback.ts';
import { questions } from './questions.ts';

export interface HandlerDeps {
  state: ServerState;
  limit: RateLimit;
  inFlight: InFlight;
  logger: Logger;
  topK: number;
  /** Where 👍 and 👎 are kept, with the page's. */
  kept: Kept;
  /** The Slack events already taken: by this server alone unless given. */
  deliveries?: DeliveryLog;
  /** The turns answered in each Slack thread: by this server alone unless given. */
  threads?: ThreadLog;
  /** The slash command's name, with its slash. */
  command: string;
}

export function registerHandlers(app: App, deps: HandlerDeps): void {
  const { inFlight, logger } = deps;
  const answered = new AnsweredMemory();
  const asking = questions(deps, answered);
  registerEvents(app, { questions: asking, inFlight, logger, ...(deps.deliveries ? { deliveries: deps.deliveries } : {}), ...(deps.threads ? { threads: deps.threads } : {}) });
  registerCommand(app, { name: deps.command, questions: asking, inFlight, logger });
  registerFeedback(app, { state: deps.state, kept: deps.kept, answered, logger });
  app.error(async (error) => {
    logger.error({ err: error }, 'a Slack handler failed');
  });
}
