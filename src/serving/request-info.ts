/** What the faces read off a request, and what their log lines say of an answer. */
import type { Request } from 'express';
import type { Answer } from '../domain.ts';

/** The client a rate limit counts against. */
export function clientOf(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}

/** What a log line says of an answer a language model wrote: model, latency, tokens and any fallback. */
export function llmLogFields(answer: Answer): object | undefined {
  const v = answer.verification;
  return v ? { model: v.model, latencyMs: v.latencyMs, ...(v.usage ? { usage: v.usage } : {}), ...(v.fallback ? { fallback: v.fallback } : {}) } : undefined;
}
