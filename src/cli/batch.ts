/** `ask --json --questions FILE`: one JSON line in, one result line out, a bad line reported and the run going on. */
import { z } from 'zod';
import type { Assistant } from '../answering/ask.ts';
import { asAppError } from '../errors.ts';
import { admit, type Intake } from '../intake/admit.ts';
import { unlimited } from '../intake/rate-limit.ts';
import { askRequestSchema, parseJson, parseWith } from '../intake/request.ts';

/** A batch line asks as `POST /api/ask` does, and may fix the day asked so that a run reproduces whatever the date. */
const batchLine = askRequestSchema.extend({
  id: z.union([z.string(), z.number()]).optional(),
  askedOn: z.iso.date().optional(),
});

const lineIdSchema = z.object({ id: z.union([z.string(), z.number()]) });

/** The id a line gives, read as far as it can be, so that even an error about the line says whose it is. */
function idOfLine(line: string): string | number | undefined {
  try {
    const id = lineIdSchema.safeParse(JSON.parse(line));
    return id.success ? id.data.id : undefined;
  } catch {
    return undefined;
  }
}

/** A line's answer, or `{line, id?, error: {code, message}}`: a bad line is reported and the run goes on. */
async function answerLine(assistant: Assistant, line: string, lineNumber: number, k: number): Promise<object> {
  const intake: Intake = { assistant: () => assistant, limit: unlimited };
  const id = idOfLine(line);
  try {
    const { request } = await admit(intake, 'batch', () => parseWith(batchLine, parseJson(line)));
    const { id: _id, question, k: lineK, ...options } = request;
    return { ...(id !== undefined ? { id } : {}), ...(await assistant.ask(question, { ...options, k: lineK ?? k })) };
  } catch (error) {
    const app = asAppError(error);
    if (app.internal) throw error;
    return { line: lineNumber, ...(id !== undefined ? { id } : {}), error: { code: app.code, message: app.message } };
  }
}

/** The result of every line of a batch file that is not blank, in order. */
export async function* answerBatch(assistant: Assistant, text: string, k: number): AsyncGenerator<object> {
  // Editors on Windows open a UTF-8 file with a byte-order mark, which is no part of its first line.
  for (const [i, line] of text.replace(/^\uFEFF/, '').split('\n').entries()) {
    if (!line.trim()) continue;
    yield await answerLine(assistant, line, i + 1, k);
  }
}
