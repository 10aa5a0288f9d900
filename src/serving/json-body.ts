/** The JSON body of a request, read only as UTF-8 and only up to the size of a question with its conversation. */
import express, { type RequestHandler } from 'express';
import { AppError } from '../errors.ts';
import { MAX_MESSAGE_BYTES } from '../intake/request.ts';

const CHARSET = /;\s*charset\s*=\s*"?([^";\s]+)/i;

/** A charset other than UTF-8 is refused rather than read wrongly: JSON is UTF-8 (RFC 8259). */
const utf8Only: RequestHandler = (req, _res, next) => {
  const charset = CHARSET.exec(req.get('content-type') ?? '')?.[1]?.toLowerCase();
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') throw new AppError('unsupported-media-type', `the body must be UTF-8, not ${charset}`);
  next();
};

/**
 * Any content type is read as JSON: clients that leave it out or send `text/plain` mean JSON all the same. `limit`
 * is the largest body in bytes: a question's by default.
 */
export function jsonBody(limit = MAX_MESSAGE_BYTES): RequestHandler[] {
  return [utf8Only, express.json({ limit, type: () => true })];
}
