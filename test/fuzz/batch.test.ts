/**
 * The batch of `ask --json --questions FILE`, run in process over the full index: any file of lines (a request of
 * any shape, any JSON, no JSON, blank lines, CRLF line ends, a byte-order mark) gives one result per line that is
 * not blank, in order, each an answer or `{line, id?, error: {code, message}}` with a code that is not the server's
 * fault; the run never stops.
 */
import fc from 'fast-check';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Assistant } from '../../src/answering/ask.ts';
import { answerBatch } from '../../src/cli/batch.ts';
import { APP_ERROR_STATUS } from '../../src/errors.ts';
import { fullAssistant } from '../corpus.ts';
import { expectNothingOfTheInsides } from './checks.ts';
import { property } from './fuzz.ts';
import { ASK_FIELDS, askRecord, GOOD_QUESTION, jsonText, oddText, withOneFault } from './inputs.ts';

let assistant: Assistant;
beforeAll(async () => {
  assistant = await fullAssistant();
});

async function run(text: string): Promise<Record<string, unknown>[]> {
  const results: Record<string, unknown>[] = [];
  for await (const result of answerBatch(assistant, text, 5)) results.push(result as Record<string, unknown>);
  return results;
}

afterEach(async () => {
  const [result] = await run(`${JSON.stringify({ id: 'good', question: GOOD_QUESTION })}\n`);
  expect(result).toMatchObject({ id: 'good', answer: expect.stringContaining('5.2%') });
});

/** The day asked: any day of the calendar's years, or a date that is none. */
const askedOn = fc.oneof(
  { weight: 3, arbitrary: fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true }).map((day) => day.toISOString().slice(0, 10)) },
  fc.constantFrom('2025-02-30', '2025-13-01', '2025-3-10', '20250310', ''),
);

const batchLine = withOneFault(
  fc
    .tuple(askRecord, fc.record({ id: fc.oneof(fc.string({ maxLength: 10 }), fc.integer()), askedOn }, { requiredKeys: [] }))
    .map(([fields, more]) => ({ ...fields, ...more })),
  [...ASK_FIELDS, 'id', 'askedOn'],
);

const line = fc.oneof(
  { weight: 6, arbitrary: batchLine.map((fields) => JSON.stringify(fields)) },
  { weight: 2, arbitrary: jsonText },
  { weight: 1, arbitrary: oddText() },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', '\t', '\r') },
);

/** A file of lines, with LF or CRLF line ends, now and then opened by a byte-order mark. */
const file = fc
  .tuple(fc.array(line, { minLength: 1, maxLength: 6 }), fc.constantFrom('\n', '\r\n'), fc.boolean())
  .map(([lines, end, bom]) => `${bom ? '\uFEFF' : ''}${lines.join(end)}${end}`);

/** The id a line gives, as the result says it: a string or a number of the line's JSON object. */
function idOf(text: string): unknown {
  try {
    const { id } = JSON.parse(text) as { id?: unknown };
    return typeof id === 'string' || typeof id === 'number' ? id : undefined;
  } catch {
    return undefined;
  }
}

describe('ask --json --questions FILE', () => {
  it('reads a file opened by a byte-order mark from its first line', async () => {
    const [first] = await run(`\uFEFF${JSON.stringify({ id: 'bom', question: GOOD_QUESTION })}\r\n`);
    expect(first).toMatchObject({ id: 'bom', answer: expect.stringContaining('5.2%') });
  });

  property('any file: one answer or error per line that is not blank, in order, the run going on', 40, file, async (text) => {
    const results = await run(text);
    const lines = text.replace(/^\uFEFF/, '').split('\n').flatMap((content, i) => (content.trim() ? [{ content, number: i + 1 }] : []));
    expect(results).toHaveLength(lines.length);
    for (const [i, result] of results.entries()) {
      const { content, number } = lines[i] ?? { content: '', number: 0 };
      expectNothingOfTheInsides(JSON.stringify(result));
      expect(result.id).toEqual(idOf(content));
      if (!('error' in result)) {
        expect(typeof result.answer).toBe('string');
        continue;
      }
      expect(result.line).toBe(number);
      const { code, message } = result.error as { code: keyof typeof APP_ERROR_STATUS; message: unknown };
      expect(APP_ERROR_STATUS[code]).toBeLessThan(500);
      expect(typeof message).toBe('string');
    }
  });
});
