/**
 * An answer as it arrives: the passages it draws on first, then the answer text piece by piece, then the whole
 * result. Every face that shows an answer while it is being made (the chat page, the WebSocket) reads this.
 */
import type { Answer, Passage } from '../domain.ts';

export type AnswerEvent =
  | { type: 'passages'; passages: Passage[] }
  | { type: 'delta'; text: string }
  | { type: 'done'; result: Answer };

/** Longest piece of answer text sent at once; a citation mark `[n]` is never cut. */
const PIECE_CHARS = 16;
const PIECE = new RegExp(`\\[\\d+\\]|[^[]{1,${PIECE_CHARS}}|\\[`, 'g');

export function answerPieces(answer: string): string[] {
  return answer.match(PIECE) ?? [];
}

/** The events of an answer composed at once: the extractive answer is whole as soon as it is chosen. */
export function* eventsOf(answer: Answer): Generator<AnswerEvent> {
  yield { type: 'passages', passages: answer.passages };
  for (const text of answerPieces(answer.answer)) yield { type: 'delta', text };
  yield { type: 'done', result: answer };
}
