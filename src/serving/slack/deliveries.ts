/**
 * The events already taken. Slack delivers an event again (`X-Slack-Retry-Num`, the same `event_id`) when it
 * thinks the first delivery failed, and a message that mentions the bot in a direct message may come both as
 * `app_mention` and as `message`: either way, one question gets one answer, however many servers Slack reaches.
 */
import { LRUCache } from 'lru-cache';
import type { Pool } from '../../indexing/postgres/pool.ts';

/** Slack retries for about five minutes; an hour leaves room for a slow first delivery. */
const REMEMBER_MS = 60 * 60 * 1000;
const MAX_REMEMBERED = 10_000;

export interface DeliveryLog {
  /** Whether none of the keys was seen before; all of them are remembered from now on. */
  firstTime(...keys: string[]): Promise<boolean>;
}

/** The events one server took. */
export class Deliveries implements DeliveryLog {
  readonly #seen = new LRUCache<string, true>({ max: MAX_REMEMBERED, ttl: REMEMBER_MS });

  async firstTime(...keys: string[]): Promise<boolean> {
    const first = keys.every((key) => !this.#seen.has(key));
    for (const key of keys) this.#seen.set(key, true);
    return first;
  }
}

/**
 * The events every server sharing the database took: a key is taken by the one insert that makes its row, so two
 * servers given the same event cannot both find it new.
 */
export function sharedDeliveries(pool: Pool): DeliveryLog {
  return {
    async firstTime(...keys) {
      await pool.query('DELETE FROM slack_events WHERE seen_at < now() - make_interval(secs => $1)', [REMEMBER_MS / 1000]);
      const inserted = await pool.query('INSERT INTO slack_events (event_id) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING', [keys]);
      return inserted.rowCount === keys.length;
    },
  };
}
