/** What the faces accept from the outside, validated before anything is asked. */
import { z } from 'zod';
import { askOptionsSchema, questionSchema, topKSchema } from '../answering/ask.ts';

/** Largest JSON body or WebSocket message accepted; a question with a long conversation fits well within it. */
export const MAX_MESSAGE_BYTES = 32 * 1024;

export const askRequestSchema = askOptionsSchema
  .pick({ conversation: true, region: true, year: true })
  .extend({ question: questionSchema, k: topKSchema.optional() });
export type AskRequest = z.infer<typeof askRequestSchema>;

export const wsAskSchema = askRequestSchema.extend({
  type: z.literal('ask'),
  id: z.union([z.string().min(1).max(64), z.number().int()]),
});

/** The first problem of invalid input, said plainly: `question: the question is empty`. */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid request';
  return issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
}
