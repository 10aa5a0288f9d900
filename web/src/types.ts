/** The JSON the page receives from the server, typed as the server's own plain data; and what it sends. */
export type {
  Aggregate,
  Answer as AnswerResult,
  AnswerTable,
  Citation,
  FollowUp,
  ListedReport,
  OutlineParagraph,
  OutlineSection,
  Passage,
  ReportOutline,
  ReportSummary,
} from '../../src/domain.ts';
import type { Answer, Passage } from '../../src/domain.ts';

export interface Turn {
  question: string;
  answer: string;
}

export interface AskRequest {
  question: string;
  conversation?: Turn[];
  region?: string;
  year?: number;
}

/** What the server sends over the WebSocket, each message carrying the id of the question it answers. */
export type ServerMessage =
  | { type: 'passages'; id: string; passages: Passage[] }
  | { type: 'delta'; id: string; text: string }
  | { type: 'done'; id: string; result: Answer }
  | { type: 'error'; id: string | null; code: string; message: string; retryAfter?: number };
