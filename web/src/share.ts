/**
 * Sharing a conversation by link: the answered turns are kept by the server (`POST /api/share`), and the link
 * (`/s/ID`) opens the page read-only on them (`GET /api/share/:id`), in any browser.
 */
import type { RefusalCode } from '../../src/domain.ts';
import type { StoredConversation } from './conversations-store.ts';
import { errorCodeOf } from './messages.ts';
import type { AnswerResult, Citation } from './types.ts';

const SHARE_PATH = /^\/s\/([A-Za-z0-9_-]{22})$/;
/** As many turns as the server keeps in one shared conversation: the latest. */
const MAX_TURNS = 50;

export interface SharedTurn {
  question: string;
  answer: string;
  refused?: boolean;
  refusal?: RefusalCode;
  citations?: Pick<Citation, 'n' | 'reportId' | 'report' | 'region' | 'year' | 'section' | 'chunkId' | 'text'>[];
}

export interface SharedConversation {
  id: string;
  createdAt: string;
  conversation: SharedTurn[];
}

/** The id of the shared conversation the page was opened on, if it was. */
export function sharedId(pathname: string): string | undefined {
  return SHARE_PATH.exec(pathname)?.[1];
}

function sharedTurn(question: string, result: AnswerResult): SharedTurn {
  const { decision } = result;
  return {
    question,
    answer: result.answer.slice(0, 8000),
    refused: result.refused,
    ...(decision.kind === 'refuse' ? { refusal: decision.code } : {}),
    citations: result.citations.slice(0, 50).map(({ n, reportId, report, region, year, section, chunkId, text }) => ({ n, reportId, report, region, year, section, chunkId, text: text.slice(0, 4000) })),
  };
}

/** The link to a conversation kept, or why it was not: the server's error code, if it gave one. */
export interface Shared {
  url?: string;
  code?: string | undefined;
}

/** Keeps the conversation's answered turns on the server; resolves with the link, or with why it could not. */
export async function shareConversation(conversation: StoredConversation): Promise<Shared> {
  const turns = conversation.turns.flatMap((turn) => (turn.result ? [sharedTurn(turn.question, turn.result)] : [])).slice(-MAX_TURNS);
  if (turns.length === 0) return {};
  try {
    const response = await fetch('/api/share', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ conversation: turns }) });
    if (!response.ok) return { code: await errorCodeOf(response) };
    const { id } = (await response.json()) as { id: string };
    // The page's own origin: the address it was reached at, whatever the server heard as its host.
    return { url: new URL(`/s/${id}`, location.origin).href };
  } catch {
    return {};
  }
}

export async function loadShared(id: string): Promise<SharedConversation | undefined> {
  const response = await fetch(`/api/share/${encodeURIComponent(id)}`);
  if (response.status === 404 || response.status === 400) return undefined;
  if (!response.ok) throw new Error(`GET /api/share/${id}: ${response.status}`);
  return (await response.json()) as SharedConversation;
}

/** A shared turn as an answer the page can show: its text, citations and whether (and why) it was refused. */
export function sharedResult(turn: SharedTurn): AnswerResult {
  const citations = (turn.citations ?? []).map((c) => ({ ...c, score: 0 }));
  return {
    question: turn.question,
    answer: turn.answer,
    refused: turn.refused ?? false,
    decision: turn.refused
      ? { kind: 'refuse', code: turn.refusal ?? 'no-evidence', detail: '', related: [] }
      : { kind: 'answer', confidence: 1, sentence: '', chunkId: citations[0]?.chunkId ?? '', features: {} },
    citations,
    passages: [],
    retrievers: [],
    timingsMs: { retrieve: 0, compose: 0, total: 0 },
  };
}
