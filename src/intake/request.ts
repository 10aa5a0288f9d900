/**
 * What every surface accepts from the outside, in one place: a question, its options, and the shapes of the requests
 * that carry them. Values are taken as given, never coerced: `k: true` or `k: [3]` is a mistake to report.
 */
import { z } from 'zod';
import { AppError, type AppErrorCode } from '../errors.ts';
import { indicatorRowSchema } from '../indicators/row.ts';

export const MAX_QUESTION_LENGTH = 500;

/** Largest JSON body or WebSocket message accepted; a question with a long conversation fits well within it. */
export const MAX_MESSAGE_BYTES = 32 * 1024;

/** A question as accepted at every edge (CLI, HTTP, bot, eval). */
export const questionSchema = z
  .string()
  .trim()
  .min(1, 'the question is empty')
  .max(MAX_QUESTION_LENGTH, `the question is longer than ${MAX_QUESTION_LENGTH} characters`);

/** How many passages to list with an answer. */
export const topKSchema = z.number().int().min(1).max(50);

/** The same, written as text (a command-line flag, an environment variable): digits only. */
export const topKTextSchema = z
  .string()
  .regex(/^\s*\d+\s*$/, 'must be a whole number')
  .transform(Number)
  .pipe(topKSchema);

/** Longest earlier answer a conversation may carry; answers are quotes of a few sentences. */
const MAX_ANSWER_LENGTH = 4000;
const MAX_TURNS = 20;

/** The earlier turns of a conversation, oldest first. */
export const conversationSchema = z
  .array(z.object({ question: questionSchema, answer: z.string().max(MAX_ANSWER_LENGTH).optional() }))
  .max(MAX_TURNS, `a conversation holds at most ${MAX_TURNS} earlier turns`);

export const askOptionsSchema = z.object({
  k: topKSchema.default(5),
  /** The day the question is asked (`YYYY-MM-DD`), against which `去年`, `今年` are read; today by default. */
  askedOn: z.iso.date().optional(),
  conversation: conversationSchema.optional(),
  /** Only the reports of this region (`北京市`, `北京`, `Beijing`). */
  region: z.string().trim().min(1).max(40).optional(),
  /** Only the reports of this year (the year in a report's title). */
  year: z.number().int().min(1900).max(2100).optional(),
});
export type AskOptions = z.input<typeof askOptionsSchema>;

/** `POST /api/ask`, and a line of a batch file (which may also fix the day asked). */
export const askRequestSchema = askOptionsSchema
  .pick({ conversation: true, region: true, year: true })
  .extend({ question: questionSchema, k: topKSchema.optional() })
  .strict();
export type AskRequest = z.infer<typeof askRequestSchema>;

/** A question over the WebSocket: the request, its type and the id its answer's events carry. */
export const wsAskSchema = askRequestSchema.extend({
  type: z.literal('ask'),
  id: z.union([z.string().min(1).max(64), z.number().int()]),
});

/**
 * `GET /api/indicators/:id`'s query, each parameter given once as text and read exactly: `year=2025abc`, `year=25`
 * and `kind=target&kind=result` are refused, not guessed at.
 */
export const indicatorQuerySchema = z
  .object({
    /** The year a figure is about: a row stating a plan's span of years (`2021-2025`) is about no single year. */
    year: z
      .string()
      .regex(/^\d{4}$/, 'must be a year of four digits')
      .transform(Number)
      .optional(),
    kind: indicatorRowSchema.shape.kind.optional(),
    /** A region's name, read as the region filter of a question is. */
    region: askOptionsSchema.shape.region,
    format: z.enum(['json', 'csv']).default('json'),
  })
  .strict();

/** The first problem of invalid input, said plainly: `question: the question is empty`. */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid request';
  return issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
}

/**
 * Input read by a schema, or the AppError saying what is wrong with it: a fault of the `question` field as
 * `invalid-question`, unless `code` says what every fault of this input is.
 */
export function parseWith<T>(schema: z.ZodType<T>, input: unknown, code?: AppErrorCode): T {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const fault = code ?? (parsed.error.issues[0]?.path[0] === 'question' ? 'invalid-question' : 'invalid-request');
  throw new AppError(fault, firstIssue(parsed.error));
}

/** Text as JSON, or the AppError saying it is not. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError('invalid-json', 'the message is not valid JSON');
  }
}
