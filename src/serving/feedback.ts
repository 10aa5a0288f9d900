/**
 * What readers say of answers, 👍 or 👎 with a reason, from the page (`POST /api/feedback`) and from Slack's buttons:
 * one record each (a JSON line of `feedback.jsonl` beside the index, or a row of the database), with the build that
 * answered and the time, so that the answers judged wrong can be turned into gold questions
 * (`npm run feedback -- --export FILE`).
 */
import { createHash, randomBytes } from 'node:crypto';
import express, { type Router } from 'express';
import { z } from 'zod';
import { FEEDBACK_REASONS } from '../domain.ts';
import type { Manifest } from '../indexing/store.ts';
import { withinLimit } from '../intake/admit.ts';
import type { RateLimit } from '../intake/rate-limit.ts';
import { conversationSchema, parseWith, questionSchema } from '../intake/request.ts';
import { jsonBody } from './json-body.ts';
import { clientOf } from './request-info.ts';

export const FEEDBACK_FILE = 'feedback.jsonl';
/** The largest body `POST /api/feedback` reads: an answer, its citations and the conversation before it. */
export const MAX_FEEDBACK_BYTES = 128 * 1024;
const MAX_ANSWER_CHARS = 8000;
const MAX_COMMENT_CHARS = 1000;
const MAX_CITATIONS = 50;

/** A citation as far as a judgement of it needs: which passage of which report. */
const feedbackCitationSchema = z
  .object({
    n: z.number().int().min(1).max(999),
    reportId: z.string().min(1).max(100),
    chunkId: z.string().min(1).max(100),
    section: z.string().max(1000).optional(),
  })
  .strict();

export const feedbackRequestSchema = z
  .object({
    question: questionSchema,
    answer: z.string().max(MAX_ANSWER_CHARS),
    rating: z.enum(['up', 'down']),
    reason: z.enum(FEEDBACK_REASONS).optional(),
    comment: z.string().trim().max(MAX_COMMENT_CHARS).optional(),
    citations: z.array(feedbackCitationSchema).max(MAX_CITATIONS).optional(),
    conversation: conversationSchema.optional(),
  })
  .strict()
  .refine((f) => f.rating === 'down' || f.reason === undefined, { message: 'a reason is given with a down rating only', path: ['reason'] });
export type FeedbackRequest = z.infer<typeof feedbackRequestSchema>;

/** One line of `feedback.jsonl`. */
export const feedbackRecordSchema = z.object({
  id: z.string(),
  time: z.iso.datetime(),
  /** The index build that gave the answer (`buildId`). */
  build: z.string(),
  surface: z.enum(['web', 'slack']),
  ...feedbackRequestSchema.shape,
});
export type FeedbackRecord = z.infer<typeof feedbackRecordSchema>;

/**
 * Names the index an answer came from: its corpus, its chunks and settings, its vectors and when it was built.
 * Two answers with the same build id were given over the same index.
 */
export function buildId(manifest: Manifest): string {
  const { corpusHash, build, dense, builtAt } = manifest;
  return createHash('sha256').update(JSON.stringify({ corpusHash, build, dense, builtAt })).digest('hex').slice(0, 12);
}

/** Every judgement kept, oldest first, and where those that do not read as one are (`line 3`, `row 12`). */
export interface FeedbackEntries {
  records: FeedbackRecord[];
  unreadable: string[];
}

/** Where judgements are kept: a file beside the index, or the database every server shares. */
export interface FeedbackLog {
  /** Keeps one judgement whole: a reader never sees part of it. */
  append(record: FeedbackRecord): Promise<void>;
  read(): Promise<FeedbackEntries>;
}

export async function recordFeedback(log: FeedbackLog, feedback: FeedbackRequest, context: { build: string; surface: FeedbackRecord['surface'] }, now = new Date()): Promise<FeedbackRecord> {
  const record: FeedbackRecord = { id: randomBytes(9).toString('base64url'), time: now.toISOString(), ...context, ...feedback };
  await log.append(record);
  return record;
}

/** A stored judgement as the record it is, or undefined when it does not read as one. */
export function feedbackRecordOf(text: string): FeedbackRecord | undefined {
  try {
    return feedbackRecordSchema.parse(JSON.parse(text));
  } catch {
    return undefined;
  }
}

/** `POST /api/feedback`: stored with the build of the index that answers now, which gave the answer judged. */
export function feedbackRoutes(log: FeedbackLog, limit: RateLimit, manifest: () => Manifest): Router {
  const router = express.Router();
  router.post('/feedback', ...jsonBody(MAX_FEEDBACK_BYTES), async (req, res) => {
    const feedback = parseWith(feedbackRequestSchema, req.body);
    await withinLimit(limit, clientOf(req), 'writes');
    const record = await recordFeedback(log, feedback, { build: buildId(manifest()), surface: 'web' });
    res.status(201).json({ id: record.id, build: record.build });
  });
  return router;
}
