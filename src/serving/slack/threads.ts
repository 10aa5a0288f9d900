/**
 * The turns the bot answered in each Slack thread, so that a follow-up is read against them (no history scope is
 * needed to read a thread back). Kept by one server in memory, the most recent threads only and none across a
 * restart; or, with a database, by every server alike.
 */
import { LRUCache } from 'lru-cache';
import type { Pool } from '../../indexing/postgres/pool.ts';

export interface Turn {
  question: string;
  answer: string;
}

/** As many earlier turns, and as long an answer, as `ask()` accepts in a conversation. */
const MAX_TURNS = 20;
const MAX_ANSWER_CHARS = 4000;
const MAX_THREADS = 1000;
const THREAD_TTL_MS = 24 * 60 * 60 * 1000;

export interface ThreadLog {
  /** The thread's earlier turns, oldest first. */
  turns(channel: string, threadTs: string): Promise<Turn[]>;
  remember(channel: string, threadTs: string, turn: Turn): Promise<void>;
}

export class ThreadMemory implements ThreadLog {
  readonly #threads = new LRUCache<string, Turn[]>({ max: MAX_THREADS, ttl: THREAD_TTL_MS });

  async turns(channel: string, threadTs: string): Promise<Turn[]> {
    return [...(this.#threads.get(`${channel}:${threadTs}`) ?? [])];
  }

  async remember(channel: string, threadTs: string, turn: Turn): Promise<void> {
    const key = `${channel}:${threadTs}`;
    const turns = [...(this.#threads.get(key) ?? []), { question: turn.question, answer: turn.answer.slice(0, MAX_ANSWER_CHARS) }];
    this.#threads.set(key, turns.slice(-MAX_TURNS));
  }
}

/** The threads of every server sharing the database, for a day. */
export function sharedThreads(pool: Pool): ThreadLog {
  const ttlSeconds = THREAD_TTL_MS / 1000;
  return {
    async turns(channel, threadTs) {
      const { rows } = await pool.query<Turn>(
        `SELECT question, answer FROM (
           SELECT id, question, answer FROM slack_thread_turns
           WHERE channel = $1 AND thread = $2 AND at > now() - make_interval(secs => $3)
           ORDER BY id DESC LIMIT $4
         ) AS recent ORDER BY id`,
        [channel, threadTs, ttlSeconds, MAX_TURNS],
      );
      return rows;
    },
    async remember(channel, threadTs, turn) {
      await pool.query('DELETE FROM slack_thread_turns WHERE at < now() - make_interval(secs => $1)', [ttlSeconds]);
      await pool.query('INSERT INTO slack_thread_turns (channel, thread, question, answer) VALUES ($1, $2, $3, $4)', [channel, threadTs, turn.question, turn.answer.slice(0, MAX_ANSWER_CHARS)]);
    },
  };
}
