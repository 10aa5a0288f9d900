/**
 * What the bot's HTTP endpoints refuse before or beside Bolt: a request stamped more than five minutes from now in
 * either direction (Bolt refuses only old ones, so a captured request could be replayed later when stamped ahead),
 * and a signed body of a shape no Slack payload has (an `event` that is not an object, an event whose `user` or
 * `channel` is null, a team id that is no Slack id), which is the sender's mistake, not the server's.
 */
import { HTTPModuleFunctions, type ReceiverProcessEventErrorHandlerArgs, type ReceiverUnhandledRequestHandlerArgs } from '@slack/bolt';
import type { RequestHandler } from 'express';
import { z } from 'zod';
import { AppError } from '../../errors.ts';

/** How far a request's timestamp may be from now, as Slack signs them. */
const MAX_SKEW_SECONDS = 5 * 60;

export const timestampGuard: RequestHandler = (req, _res, next) => {
  const stamped = Number(req.get('x-slack-request-timestamp'));
  const now = Date.now() / 1000;
  if (!Number.isFinite(stamped) || Math.abs(now - stamped) > MAX_SKEW_SECONDS) {
    throw new AppError('unauthorized', 'the request is not stamped within five minutes of now');
  }
  next();
};

/**
 * An id as Slack writes them (`T0TEAM`). Bolt keys its Web API clients by the payload's team or enterprise id in a
 * plain object, so that one named like an object's own property (`toString`, `__proto__`) makes it fail.
 */
const slackId = z.string().regex(/^[A-Z0-9]+$/);
const teamIds = { team_id: slackId.optional(), enterprise_id: slackId.nullish() };

/** What Bolt reads of an event when it is there: the user and the channel, by id or as objects; the item and subteam. */
const eventSchema = z.looseObject({
  type: z.string(),
  user: z.union([z.string(), z.looseObject({})]).optional(),
  channel: z.union([z.string(), z.looseObject({})]).optional(),
  item: z.looseObject({}).optional(),
  subteam: z.looseObject({}).optional(),
});

/** The fields of a payload Bolt reads before any listener runs: what each kind must have, of the right kind. */
const payloadSchema = z.union([
  z
    .object({
      type: z.literal('event_callback'),
      event: eventSchema,
      ...teamIds,
      authorizations: z.array(z.looseObject({ team_id: slackId.nullish(), enterprise_id: slackId.nullish() })).optional(),
    })
    .loose(),
  z.object({ type: z.enum(['url_verification', 'app_rate_limited']) }).loose(),
  z.object({ type: z.enum(['block_actions', 'interactive_message']), actions: z.array(z.looseObject({})).optional(), user: z.looseObject({ id: z.string() }) }).loose(),
  z.object({ type: z.enum(['view_submission', 'view_closed']), view: z.looseObject({}) }).loose(),
  z.object({ type: z.enum(['shortcut', 'message_action', 'block_suggestion']) }).loose(),
  z.object({ command: z.string(), ...teamIds }).loose(),
  z.object({ ssl_check: z.string() }).loose(),
]);

/**
 * When a listener or Bolt fails on a payload: a malformed one is answered 400, anything else as Bolt would (a
 * 500, logged), since it is then the server's fault. True tells Bolt the request was answered; without it Bolt
 * logs an error 3 s later that it was never acknowledged.
 */
export async function processEventErrorHandler(args: ReceiverProcessEventErrorHandlerArgs): Promise<boolean> {
  if (!z.object({ body: payloadSchema }).safeParse(args.request).success) {
    args.logger.warn('A signed Slack request of no known shape was refused');
    args.response.writeHead(400);
    args.response.end();
    return true;
  }
  return HTTPModuleFunctions.defaultProcessEventErrorHandler(args);
}

/**
 * A signed payload of a kind the bot has no listener for (a shortcut, an action of another app's message) is the
 * sender's business, not a fault here: refused with 404 once Bolt has waited for a listener, and logged as a warning.
 */
export function unhandledRequestHandler({ logger, response }: ReceiverUnhandledRequestHandlerArgs): void {
  logger.warn('A signed Slack request that no listener of the bot takes was refused');
  if (response.headersSent) return;
  response.writeHead(404);
  response.end();
}
