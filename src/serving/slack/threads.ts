/**
 * The turns the bot answered in each Slack thread, so that a follow-up is read against them. Kept in memory (no
 * history scope is needed to read a thread back): the most recent threads only, and none across a restart.
 */
import { LRUCache } from 'lru-cache';

export interface Turn {
  question: string;
  answer: string;
}

/** As many earlier turns, and as long an answer, as `ask()` accepts in a conversation. */
const MAX_TURNS = 20;
const MAX_ANSWER_CHARS = 4000;
const MAX_THREADS = 1000;
const THREAD_TTL_MS = 24 * 60 * 60 * 1000;

export class ThreadMemory {
  readonly #threads = new LRUCache<string, Turn[]>({ max: MAX_THREADS, ttl: THREAD_TTL_MS });

  /** The thread's earlier turns, oldest first. */
  turns(channel: string, threadTs: string): Turn[] {
    return [...(this.#threads.get(`${channel}:${threadTs}`) ?? [])];
  }

  remember(channel: string, threadTs: string, turn: Turn): void {
    const key = `${channel}:${threadTs}`;
    const turns = [...(this.#threads.get(key) ?? []), { question: turn.question, answer: turn.answer.slice(0, MAX_ANSWER_CHARS) }];
    this.#threads.set(key, turns.slice(-MAX_TURNS));
  }
}
