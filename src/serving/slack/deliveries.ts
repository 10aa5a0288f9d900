/**
 * The events already taken. Slack delivers an event again (`X-Slack-Retry-Num`, the same `event_id`) when it
 * thinks the first delivery failed, and a message that mentions the bot in a direct message may come both as
 * `app_mention` and as `message`: either way, one question gets one answer.
 */
import { LRUCache } from 'lru-cache';

/** Slack retries for about five minutes; an hour leaves room for a slow first delivery. */
const REMEMBER_MS = 60 * 60 * 1000;
const MAX_REMEMBERED = 10_000;

export class Deliveries {
  readonly #seen = new LRUCache<string, true>({ max: MAX_REMEMBERED, ttl: REMEMBER_MS });

  /** Whether none of the keys was seen before; all of them are remembered from now on. */
  firstTime(...keys: string[]): boolean {
    const first = keys.every((key) => !this.#seen.has(key));
    for (const key of keys) this.#seen.set(key, true);
    return first;
  }
}
