/** A request's `Authorization: Bearer TOKEN` checked against the tokens accepted, in constant time. */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';

function digest(key: string): Buffer {
  return createHash('sha256').update(key).digest();
}

/** Compares against every token (digests of equal length), so that timing tells nothing about how much of one was right. */
export function bearerMatches(req: Request, tokens: readonly string[]): boolean {
  const given = digest(/^Bearer\s+(.+)$/i.exec(req.get('authorization') ?? '')?.[1]?.trim() ?? '');
  return tokens.map((token) => timingSafeEqual(given, digest(token))).reduce((a, b) => a || b, false);
}
