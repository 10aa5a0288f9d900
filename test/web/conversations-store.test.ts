/**
 * The page's store of conversations, over a Storage that keeps what it is given as a browser's localStorage does
 * (strings by key, refusing past a quota): the cap, the order, what a reload reads back.
 */
import { describe, expect, it } from 'vitest';
import { ConversationStore, fitted, storable, STORAGE_CAP, type KeyValueStorage, type StoredConversation } from '../../web/src/conversations-store.ts';
import type { Answer } from '../../src/domain.ts';

/** localStorage's contract: strings by key, and a QuotaExceededError past its size. */
class MemoryStorage implements KeyValueStorage {
  private readonly items = new Map<string, string>();
  constructor(private readonly quota = Infinity) {}
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    if (value.length > this.quota) throw new Error('QuotaExceededError');
    this.items.set(key, value);
  }
}

function answer(text: string): Answer {
  return {
    question: 'q',
    answer: text,
    refused: false,
    decision: { kind: 'answer', confidence: 0.9, sentence: text, chunkId: 'c1', features: { sentenceProbability: 0.9, bestLogit: 2 } },
    citations: [],
    passages: [],
    retrievers: ['lexical'],
    timingsMs: { retrieve: 1, compose: 1, total: 2 },
  };
}

const conversation = (id: string, updatedAt: number, turns: number, chars: number): StoredConversation => ({
  id,
  title: id,
  updatedAt,
  turns: Array.from({ length: turns }, (_, i) => ({ id: `${id}-${i}`, question: `问题${i}`, result: answer('答'.repeat(chars)) })),
});

describe('the conversations kept in the browser', () => {
  it('keeps what a reload needs of an answer, and not what the decision weighed', () => {
    const kept = storable({ ...answer('全市地区生产总值增长5.2%左右'), verification: { model: 'm', kept: 1, dropped: [], latencyMs: 5 } });
    expect(kept.decision).toEqual({ kind: 'answer', confidence: 0.9, sentence: '全市地区生产总值增长5.2%左右', chunkId: 'c1', features: {} });
    expect(kept.verification).toBeUndefined();
    expect(kept.answer).toBe('全市地区生产总值增长5.2%左右');
  });

  it('fits the cap by dropping the oldest conversations first, never the current one', () => {
    const stored = { version: 1 as const, current: 'old', conversations: [conversation('new', 3, 2, 1000), conversation('mid', 2, 2, 1000), conversation('old', 1, 2, 1000)] };
    // Room for two of the three.
    const cap = 2 * JSON.stringify(conversation('new', 3, 2, 1000)).length + 100;
    const kept = fitted(stored, cap);
    expect(kept.conversations.map((c) => c.id)).toEqual(['new', 'old']);
    expect(JSON.stringify(kept).length).toBeLessThanOrEqual(cap);
  });

  it('trims the oldest turns of the current conversation when it alone is over the cap', () => {
    const stored = { version: 1 as const, current: 'long', conversations: [conversation('long', 1, 10, 1000)] };
    const kept = fitted(stored, 4000);
    const turns = kept.conversations[0]?.turns ?? [];
    expect(turns.length).toBeGreaterThan(0);
    expect(turns.length).toBeLessThan(10);
    expect(turns.at(-1)?.id).toBe('long-9');
    expect(JSON.stringify(kept).length).toBeLessThanOrEqual(4000);
  });

  it('reads back after a reload what was kept: the conversations, the current one, renames and feedback', () => {
    const storage = new MemoryStorage();
    const store = new ConversationStore(storage);
    store.addTurn({ id: 't1', question: '2024年北京GDP增长多少？' });
    store.updateTurn('t1', { result: answer('5.2%'), feedback: { rating: 'down', reason: 'wrong-number' } });
    const first = store.currentId;
    store.select(undefined);
    store.addTurn({ id: 't2', question: '那上海呢？' });
    if (!first) throw new Error('a conversation was started');
    store.rename(first, '北京');

    const reloaded = new ConversationStore(storage);
    expect(reloaded.list().map((c) => c.title)).toEqual(['那上海呢？', '北京']);
    expect(reloaded.current()?.turns.map((t) => t.question)).toEqual(['那上海呢？']);
    expect(reloaded.get(first)?.turns[0]).toMatchObject({ question: '2024年北京GDP增长多少？', feedback: { rating: 'down', reason: 'wrong-number' } });

    reloaded.remove(first);
    expect(new ConversationStore(storage).list().map((c) => c.title)).toEqual(['那上海呢？']);
  });

  it('stays within the cap however much is asked, and goes on in the page when the browser refuses to keep it', () => {
    const storage = new MemoryStorage();
    const store = new ConversationStore(storage);
    for (let i = 0; i < 400; i++) {
      if (i % 20 === 0) store.select(undefined);
      store.addTurn({ id: `t${i}`, question: `问题${i}`, result: answer('答'.repeat(4000)) });
    }
    expect(storage.getItem('zbwd.conversations')?.length).toBeLessThanOrEqual(STORAGE_CAP);
    expect(new ConversationStore(storage).current()?.turns.at(-1)?.question).toBe('问题399');

    const full = new ConversationStore(new MemoryStorage(100));
    expect(() => full.addTurn({ id: 'x', question: '问题' })).not.toThrow();
    expect(full.current()?.turns).toHaveLength(1);
  });
});
