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

/** How far an upload or removal is on its way to being served, told to every socket (`id` null: no question's). */
export interface UploadProgress {
  type: 'upload-progress';
  id: null;
  upload: string;
  stage: 'queued' | 'embed' | 'index' | 'done' | 'failed';
  done?: number;
  total?: number;
}

/** What the server sends over the WebSocket, each message carrying the id of the question it answers. */
export type ServerMessage =
  | UploadProgress
  | { type: 'passages'; id: string; passages: Passage[] }
  | { type: 'delta'; id: string; text: string }
  | { type: 'done'; id: string; result: Answer }
  | { type: 'error'; id: string | null; code: string; message: string; retryAfter?: number };
