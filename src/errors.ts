/**
 * The errors the product reports to whoever asked: each a code, the HTTP status it stands for, and a message fit to
 * show. Every surface maps these, and only these, to its own protocol; an error that is not one is a bug.
 */
import { z } from 'zod';

export const APP_ERROR_STATUS = {
  /** A field of the request is missing or of the wrong kind. */
  'invalid-request': 400,
  'invalid-json': 400,
  /** The question is empty, too long, or asks nothing. */
  'invalid-question': 400,
  /** A path that does not decode (`/api/reports/%zz`). */
  'invalid-path': 400,
  /** A region or year filter that no report of the corpus matches. */
  'filtered-out': 400,
  /** A report file's name that holds a path (`../`), control characters, or nothing. */
  'invalid-file-name': 400,
  /** A report's metadata (a `FILE.meta.json`, or fields given with an upload) that is not JSON or not of its shape. */
  'invalid-metadata': 400,
  /** A missing or wrong API key, or a Slack request not signed within five minutes of now. */
  unauthorized: 401,
  /** A WebSocket opened from a page of another origin. */
  'forbidden-origin': 403,
  'not-found': 404,
  'unknown-report': 404,
  'unknown-model': 404,
  'unknown-indicator': 404,
  /** A report file whose text is already indexed, under another name. */
  'duplicate-report': 409,
  /** A share id that names no conversation shared. */
  'unknown-share': 404,
  'payload-too-large': 413,
  /** A body in a character set or content encoding the server does not read; a report file of a type not read, or
   * whose content is not of the type its name says. */
  'unsupported-media-type': 415,
  /** A text file whose character encoding cannot be told, or is one not read. */
  'unknown-encoding': 415,
  /** A report file that cannot be read: a corrupt PDF or Word file, or one holding no text. */
  'unreadable-file': 422,
  /** A PDF that opens only with a password. */
  'encrypted-file': 422,
  /** A PDF of scanned pages: images, no text to read until it is OCRed. */
  'no-text-layer': 422,
  /** A web page nested deeper, or with more elements, than a page of a report has. */
  'file-too-complex': 422,
  'rate-limited': 429,
  /** More questions under way on one connection than it may have. */
  'too-many-in-flight': 429,
  'index-loading': 503,
  /** The disk given to shared conversations and feedback (`KEPT_MAX_MB`) is full: new ones wait for an operator. */
  'storage-full': 507,
  'model-unavailable': 503,
  internal: 500,
} as const;

export type AppErrorCode = keyof typeof APP_ERROR_STATUS;
const APP_ERROR_CODES = Object.keys(APP_ERROR_STATUS) as [AppErrorCode, ...AppErrorCode[]];

export interface AppErrorOptions {
  cause?: unknown;
  /** Seconds after which asking again may succeed (rate limits, loading). */
  retryAfter?: number;
}

export class AppError extends Error {
  readonly status: number;
  readonly retryAfter: number | undefined;

  constructor(
    readonly code: AppErrorCode,
    message: string,
    options: AppErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.status = APP_ERROR_STATUS[code];
    this.retryAfter = options.retryAfter;
  }

  /** Whether the error is the server's, not the caller's: worth an error in the log. */
  get internal(): boolean {
    return this.status >= 500 && this.code !== 'index-loading' && this.code !== 'model-unavailable' && this.code !== 'storage-full';
  }
}

/** An error of another module that already says which of ours it is (`ModelUnavailableError`, code `model-unavailable`). */
const codedSchema = z.object({ code: z.enum(APP_ERROR_CODES), message: z.string() });

/**
 * An error of the HTTP stack about the request (body-parser's `http-errors`, the router's failed decoding of a path
 * parameter): a 4xx status, and for body-parser a `type`.
 */
const requestErrorSchema = z.object({ status: z.number().int().min(400).max(499), type: z.string().optional(), limit: z.number().optional(), message: z.string() });

/** What the body parser's error types stand for. */
const BODY_ERRORS: Readonly<Record<string, [AppErrorCode, string]>> = {
  'entity.parse.failed': ['invalid-json', 'the body is not valid JSON'],
  'entity.too.large': ['payload-too-large', 'the body is too large'],
  'charset.unsupported': ['unsupported-media-type', 'the body must be UTF-8'],
  'encoding.unsupported': ['unsupported-media-type', 'the body is in a content encoding the server does not read (use gzip, deflate, br or none)'],
};

/**
 * Any error as the AppError it is. The HTTP stack's errors about a request are the caller's (a body that does not
 * inflate, a path that does not decode); anything else unknown is ours, `internal`, its cause kept for the log.
 */
export function asAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const coded = codedSchema.safeParse(error);
  if (coded.success) return new AppError(coded.data.code, coded.data.message, { cause: error });
  const request = requestErrorSchema.safeParse(error);
  if (request.success) {
    const { type, status, limit, message } = request.data;
    if (type === 'entity.too.large' && limit !== undefined) return new AppError('payload-too-large', `the body is larger than ${limit} bytes`, { cause: error });
    const known = type ? BODY_ERRORS[type] : undefined;
    if (known) return new AppError(known[0], known[1], { cause: error });
    if (status === 413) return new AppError('payload-too-large', 'the body is too large', { cause: error });
    if (status === 415) return new AppError('unsupported-media-type', message, { cause: error });
    if (/decode param/i.test(message)) return new AppError('invalid-path', 'the path does not decode as UTF-8', { cause: error });
    // The HTTP stack's own words for a 4xx are written for the client (`incorrect header check` of a body that is not gzip).
    return new AppError('invalid-request', `the request could not be read: ${message}`, { cause: error });
  }
  return new AppError('internal', 'internal error', { cause: error });
}
