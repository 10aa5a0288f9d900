/**
 * Conversations kept in the browser (localStorage), so that a reload restores the last one and earlier ones can be
 * opened again from the sidebar. Everything stored fits a cap: the oldest conversations go first, then the oldest
 * turns of the one kept; what the decision weighed (features, the sentence not quoted) is not kept.
 */
import type { FeedbackRating, FeedbackReason } from '../../src/domain.ts';
import type { AnswerResult } from './types.ts';

const STORAGE_KEY = 'zbwd.conversations';
/** Characters of JSON kept, well within the 5 MB (UTF-16) that browsers give a site's localStorage. */
export const STORAGE_CAP = 1_500_000;
const TITLE_CHARS = 40;

export interface TurnFeedback {
  rating: FeedbackRating;
  reason?: FeedbackReason;
  comment?: string;
}

export interface StoredTurn {
  id: string;
  question: string;
  /** The filter the question was asked under, shown on its answer (the filters' choice). */
  filter?: { region?: string; year?: number };
  result?: AnswerResult;
  feedback?: TurnFeedback;
}

export interface StoredConversation {
  id: string;
  title: string;
  /** Set once the reader renames it: the title no longer follows the first question. */
  renamed?: boolean;
  updatedAt: number;
  turns: StoredTurn[];
}

interface Stored {
  version: 1;
  /** The conversation open when the page was left. */
  current?: string;
  conversations: StoredConversation[];
}

export function newId(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** The answer as the page needs it to show it again: the decision without what it weighed. */
export function storable(result: AnswerResult): AnswerResult {
  const { decision } = result;
  const kept =
    decision.kind === 'answer'
      ? { kind: decision.kind, confidence: decision.confidence, sentence: decision.sentence, chunkId: decision.chunkId, features: {} }
      : decision.kind === 'refuse'
        ? { kind: decision.kind, code: decision.code, detail: decision.detail, related: decision.related }
        : decision;
  const { verification: _verification, ...rest } = result;
  return { ...rest, decision: kept };
}

function titleOf(question: string): string {
  const flat = question.replace(/\s+/g, ' ').trim();
  return flat.length > TITLE_CHARS ? `${flat.slice(0, TITLE_CHARS)}…` : flat;
}

function read(storage: KeyValueStorage): Stored {
  try {
    const parsed = JSON.parse(storage.getItem(STORAGE_KEY) ?? 'null') as Stored | null;
    if (parsed?.version === 1 && Array.isArray(parsed.conversations)) return parsed;
  } catch {
    // Unreadable (another version, edited by hand): started afresh rather than failing the page.
  }
  return { version: 1, conversations: [] };
}

const sizeOf = (value: unknown): number => JSON.stringify(value).length;

/**
 * What fits the cap: the most recent conversations whole, the current one trimmed of its oldest turns if it alone
 * is too big. Each part is measured once (a comma between them counted too), so that keeping stays quick however
 * much is kept.
 */
export function fitted(stored: Stored, cap = STORAGE_CAP): Stored {
  const byRecent = [...stored.conversations].sort((a, b) => b.updatedAt - a.updatedAt);
  const current = byRecent.find((c) => c.id === stored.current);
  let used = sizeOf({ ...stored, conversations: [] });
  const kept: StoredConversation[] = [];
  if (current) {
    const turnSizes = current.turns.map((turn) => sizeOf(turn) + 1);
    let size = sizeOf({ ...current, turns: [] }) + turnSizes.reduce((sum, n) => sum + n, 0);
    let from = 0;
    while (from < current.turns.length - 1 && used + size > cap) size -= turnSizes[from++] ?? 0;
    kept.push(from === 0 ? current : { ...current, turns: current.turns.slice(from) });
    used += size + 1;
  }
  for (const conversation of byRecent) {
    if (conversation === current) continue;
    const size = sizeOf(conversation) + 1;
    if (used + size > cap) continue;
    kept.push(conversation);
    used += size;
  }
  return { ...stored, conversations: kept.sort((a, b) => b.updatedAt - a.updatedAt) };
}

/** What the store needs of the browser's localStorage. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export class ConversationStore {
  private stored: Stored;

  constructor(
    private readonly storage: KeyValueStorage | undefined = safeLocalStorage(),
    private readonly onChange: () => void = () => {},
  ) {
    this.stored = storage ? read(storage) : { version: 1, conversations: [] };
  }

  /** Most recent first. */
  list(): readonly StoredConversation[] {
    return this.stored.conversations;
  }

  get(id: string): StoredConversation | undefined {
    return this.stored.conversations.find((c) => c.id === id);
  }

  get currentId(): string | undefined {
    return this.stored.current;
  }

  current(): StoredConversation | undefined {
    return this.stored.current === undefined ? undefined : this.get(this.stored.current);
  }

  /** Makes `id` the conversation a reload opens; undefined for a new one not yet asked in. */
  select(id: string | undefined): void {
    if (id === undefined) delete this.stored.current;
    else this.stored.current = id;
    this.save();
  }

  /** Adds a question to the current conversation, starting one if there is none. */
  addTurn(turn: StoredTurn): StoredConversation {
    let conversation = this.current();
    if (!conversation) {
      conversation = { id: newId(), title: titleOf(turn.question), updatedAt: Date.now(), turns: [] };
      this.stored.conversations.unshift(conversation);
      this.stored.current = conversation.id;
    }
    conversation.turns.push(turn);
    conversation.updatedAt = Date.now();
    this.save();
    return conversation;
  }

  /** Changes a turn of the current conversation (its answer, its feedback). */
  updateTurn(turnId: string, change: Partial<StoredTurn>): void {
    const conversation = this.stored.conversations.find((c) => c.turns.some((t) => t.id === turnId));
    const turn = conversation?.turns.find((t) => t.id === turnId);
    if (!conversation || !turn) return;
    Object.assign(turn, change);
    conversation.updatedAt = Date.now();
    this.save();
  }

  /** Drops a turn and every turn after it: a question edited is asked anew at the end. */
  truncateFrom(turnId: string): void {
    const conversation = this.current();
    const at = conversation?.turns.findIndex((t) => t.id === turnId) ?? -1;
    if (!conversation || at < 0) return;
    conversation.turns = conversation.turns.slice(0, at);
    this.save();
  }

  rename(id: string, title: string): void {
    const conversation = this.get(id);
    const trimmed = title.trim();
    if (!conversation || !trimmed) return;
    conversation.title = trimmed.slice(0, 100);
    conversation.renamed = true;
    this.save();
  }

  remove(id: string): void {
    this.stored.conversations = this.stored.conversations.filter((c) => c.id !== id);
    if (this.stored.current === id) delete this.stored.current;
    this.save();
  }

  private save(): void {
    this.stored = fitted(this.stored);
    try {
      this.storage?.setItem(STORAGE_KEY, JSON.stringify(this.stored));
    } catch {
      // Full or blocked: the conversation goes on in this page, unkept.
    }
    this.onChange();
  }
}

function safeLocalStorage(): KeyValueStorage | undefined {
  try {
    // Reading the property itself throws where storage is blocked.
    return (globalThis as { localStorage?: KeyValueStorage }).localStorage;
  } catch {
    return undefined;
  }
}
