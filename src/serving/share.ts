/**
 * Conversations shared by link: `POST /api/share` keeps a conversation under an id nobody can guess (in a file of
 * its own beside the index, or in the database), and `GET /api/share/:id` gives it back; the page opens `/s/:id`
 * read-only on it.
 */
import { randomBytes } from 'node:crypto';
import express, { type Router } from 'express';
import { z } from 'zod';
import { REFUSAL_CODES } from '../domain.ts';
import { AppError } from '../errors.ts';
import { withinLimit } from '../intake/admit.ts';
import type { RateLimit } from '../intake/rate-limit.ts';
import { parseWith, questionSchema } from '../intake/request.ts';
import { jsonBody } from './json-body.ts';
import { clientOf } from './request-info.ts';

/** 16 random bytes: 128 bits, as unguessable as a session token; 22 characters of base64url. */
const ID_BYTES = 16;
const ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

/** A shared conversation is at most this long, with answers and quotes as long as ask() gives them. */
export const MAX_SHARED_TURNS = 50;
const MAX_ANSWER_CHARS = 8000;
const MAX_CITATIONS = 50;
const MAX_QUOTE_CHARS = 4000;
/** The largest body `POST /api/share` reads: a long conversation with its citations' quotes. */
export const MAX_SHARE_BYTES = 512 * 1024;

/** What the read-only page needs of a citation to open it in place. */
const sharedCitationSchema = z
  .object({
    n: z.number().int().min(1).max(999),
    reportId: z.string().min(1).max(100),
    report: z.string().max(200),
    region: z.string().max(40),
    year: z.number().int().min(1900).max(2100),
    section: z.string().max(1000),
    chunkId: z.string().min(1).max(100),
    text: z.string().max(MAX_QUOTE_CHARS),
  })
  .strict();

const sharedTurnSchema = z
  .object({
    question: questionSchema,
    answer: z.string().max(MAX_ANSWER_CHARS),
    refused: z.boolean().optional(),
    /** Why it was refused, so that the page can say so in its reader's language. */
    refusal: z.enum(REFUSAL_CODES).optional(),
    citations: z.array(sharedCitationSchema).max(MAX_CITATIONS).optional(),
  })
  .strict();

export const shareRequestSchema = z
  .object({ conversation: z.array(sharedTurnSchema).min(1, 'the conversation is empty').max(MAX_SHARED_TURNS, `a shared conversation holds at most ${MAX_SHARED_TURNS} turns`) })
  .strict();
export type ShareRequest = z.infer<typeof shareRequestSchema>;

export const sharedSchema = shareRequestSchema.extend({ id: z.string().regex(ID_PATTERN), createdAt: z.iso.datetime() }).strict();
export type SharedConversation = z.infer<typeof sharedSchema>;

export function newShareId(): string {
  return randomBytes(ID_BYTES).toString('base64url');
}

/** Where shared conversations are kept: files beside the index, or the database every server shares. */
export interface ShareStore {
  /** Keeps a conversation under its id; a reader never sees it half written. */
  put(shared: SharedConversation): Promise<void>;
  /** The conversation kept under `id`, as stored (read with `sharedSchema`), or undefined when there is none. */
  get(id: string): Promise<unknown>;
}

export async function saveShare(store: ShareStore, request: ShareRequest, now = new Date()): Promise<SharedConversation> {
  const shared: SharedConversation = { id: newShareId(), createdAt: now.toISOString(), conversation: request.conversation };
  await store.put(shared);
  return shared;
}

/** The conversation shared under `id`: a malformed id is the asker's mistake (400), an unknown one 404. */
export async function loadShare(store: ShareStore, id: string): Promise<SharedConversation> {
  if (!ID_PATTERN.test(id)) throw new AppError('invalid-request', 'a share id is 22 characters of A–Z, a–z, 0–9, - and _');
  const stored = await store.get(id);
  if (stored === undefined) throw new AppError('unknown-share', `no conversation is shared as "${id}"`);
  return sharedSchema.parse(stored);
}

/** `POST /api/share` and `GET /api/share/:id`: need no index, so they answer while it loads. */
export function shareRoutes(store: ShareStore, limit: RateLimit): Router {
  const router = express.Router();
  router.post('/share', ...jsonBody(MAX_SHARE_BYTES), async (req, res) => {
    const request = parseWith(shareRequestSchema, req.body);
    await withinLimit(limit, clientOf(req), 'writes');
    const shared = await saveShare(store, request);
    // The page's own address, as the asker reached it (a proxy in front keeps the Host header).
    res.status(201).json({ id: shared.id, url: `${req.protocol}://${req.get('host') ?? 'localhost'}/s/${shared.id}` });
  });
  router.get('/share/:id', async (req, res) => {
    res.json(await loadShare(store, req.params.id));
  });
  return router;
}
