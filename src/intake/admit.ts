/**
 * The one way a question is let in, on every surface (HTTP, WebSocket, OpenAI-compatible, Slack, batch), always in
 * this order: the index is loaded, the request parses and validates, the asker is within the rate limit. Each step
 * that fails throws the AppError saying why, which the surface puts in its own protocol's words.
 */
import type { Assistant } from '../answering/ask.ts';
import { AppError } from '../errors.ts';
import type { RateLimit } from './rate-limit.ts';

/** Seconds a caller is told to wait while the index loads. */
const LOADING_RETRY_SECONDS = 5;

export interface Intake {
  /** The assistant, once the index is loaded. */
  assistant(): Assistant | undefined;
  limit: RateLimit;
}

export interface Admitted<T> {
  assistant: Assistant;
  request: T;
}

/** `parse` reads the surface's own request into what is asked, throwing an AppError when it cannot. */
export async function admit<T>(intake: Intake, client: string, parse: () => T): Promise<Admitted<T>> {
  const assistant = intake.assistant();
  if (!assistant) throw new AppError('index-loading', 'the index is still loading; try again shortly', { retryAfter: LOADING_RETRY_SECONDS });
  const request = parse();
  await withinLimit(intake.limit, client, 'questions');
  return { assistant, request };
}

/** Takes one from the client's budget, or throws the AppError saying when to try again; `what` names what is counted. */
export async function withinLimit(limit: RateLimit, client: string, what: string): Promise<void> {
  const wait = await limit.take(client);
  if (wait !== undefined) throw new AppError('rate-limited', `too many ${what}; try again in ${wait} s`, { retryAfter: wait });
}
