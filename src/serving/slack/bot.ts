/**
 * The Slack bot: a Bolt app whose transport the configuration chooses — events and commands posted to this
 * server's `/slack/events` and `/slack/commands`, verified with the signing secret, or Socket Mode for a team that
 * cannot expose a public URL — with the same handlers either way.
 */
import { App, ExpressReceiver, webApi } from '@slack/bolt';
import express, { type Router } from 'express';
import { z } from 'zod';
import type { SlackConfig } from '../../config.ts';
import { apiErrors } from '../error-responses.ts';
import { processEventErrorHandler, timestampGuard, unhandledRequestHandler } from './guard.ts';
import { registerHandlers, type HandlerDeps } from './handlers.ts';
import { boltLogger } from './log.ts';

const SLACK_PATHS = { events: '/slack/events', commands: '/slack/commands' };


export type SlackDeps = Omit<HandlerDeps, 'command'>;

export interface SlackBot {
  /** Where Slack posts events and commands; none in Socket Mode. */
  router: Router | undefined;
  /** Signs in with the bot token and, in Socket Mode, connects; says in the log how it went. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** The bot's own user, as `auth.test` tells it: its mentions are stripped and its own messages ignored. */
const identitySchema = z.object({
  user_id: z.string().min(1),
  bot_id: z.string().optional(),
  user: z.string().optional(),
  team: z.string().optional(),
});
type Identity = z.infer<typeof identitySchema>;

/** `auth.test` once, asked again after a failure (Slack unreachable at start) rather than never. */
function signIn(client: webApi.WebClient): () => Promise<Identity> {
  let identity: Promise<Identity> | undefined;
  return () => {
    identity ??= client.auth.test().then(
      (result) => identitySchema.parse(result),
      (error: unknown) => {
        identity = undefined;
        throw error;
      },
    );
    return identity;
  };
}

export function createSlackBot(config: SlackConfig, { logger: serverLogger, ...deps }: SlackDeps): SlackBot {
  const log = serverLogger.child({ component: 'slack' });
  const boltLog = boltLogger(log);
  const identity = signIn(new webApi.WebClient(config.botToken, { slackApiUrl: config.apiUrl, logger: boltLog }));
  const common = {
    logger: boltLog,
    clientOptions: { slackApiUrl: config.apiUrl },
    authorize: async () => {
      const me = await identity();
      return { botToken: config.botToken, botUserId: me.user_id, botId: me.bot_id };
    },
    // Bolt's conversation store is not used: thread memory is the bot's own.
    convoStore: false as const,
  };
  const { transport } = config;
  let router: Router | undefined;
  let app: App;
  if (transport.kind === 'http') {
    router = express.Router();
    router.use(Object.values(SLACK_PATHS), timestampGuard);
    // Bolt reads the raw body itself (the signature is over it): no body parser runs before these routes.
    const receiver = new ExpressReceiver({ signingSecret: transport.signingSecret, router, endpoints: SLACK_PATHS, logger: boltLog, processEventErrorHandler, unhandledRequestHandler });
    router.use(Object.values(SLACK_PATHS), apiErrors);
    app = new App({ ...common, receiver });
    log.info(`Slack bot on: events at POST ${SLACK_PATHS.events}, ${config.command} at POST ${SLACK_PATHS.commands}`);
  } else {
    app = new App({ ...common, socketMode: true, appToken: transport.appToken });
    log.info(`Slack bot on: Socket Mode, ${config.command} included`);
  }
  registerHandlers(app, { ...deps, logger: log, command: config.command });

  let stopping = false;
  return {
    router,
    async start() {
      try {
        const me = await identity();
        if (transport.kind === 'socket' && !stopping) await app.start();
        log.info({ user: me.user, userId: me.user_id, team: me.team }, `Slack bot signed in as @${me.user ?? me.user_id}`);
      } catch (error) {
        const next = transport.kind === 'socket' ? 'restart the server once fixed' : 'it will try again at the next event';
        log.error({ err: error }, `Slack bot could not sign in or connect; ${next}`);
      }
    },
    async stop() {
      stopping = true;
      // A Socket Mode app that never connected has nothing to stop.
      if (transport.kind === 'socket') await app.stop().catch(() => {});
    },
  };
}
