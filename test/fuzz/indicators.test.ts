/**
 * `GET /api/indicators/:id` sent any id and any query: the rows as JSON or CSV, or an error of the API's shape at its
 * status, never a server error; the server still answers after.
 */
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect } from 'vitest';
import { INDICATORS } from '../../src/indicators/definitions.ts';
import { startTestServer, type TestServer } from '../serving/fixture.ts';
import { readCsv } from '../serving/read-csv.ts';
import { expectApiError, expectNoServerError, expectStillAnswers, unexpectedErrors } from './checks.ts';
import { property } from './fuzz.ts';
import { oddText } from './inputs.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());
afterEach(async () => {
  await expectStillAnswers(server.url);
  expect(unexpectedErrors(server.logs)).toEqual([]);
});

/** Every byte of the text's UTF-8 percent-encoded; a lone surrogate goes as U+FFFD, as a browser would send it. */
const encoded = (text: string): string => [...Buffer.from(text, 'utf8')].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');

/** Text as a client sends it, or as no client should: encoded, or raw with a broken escape. */
const part = (known: readonly string[]): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...known).map(encoded) },
    { weight: 2, arbitrary: oddText(12).map(encoded) },
    { weight: 1, arbitrary: fc.constantFrom('%zz', '%', '%E4%B8', '=', '&', '+', '..', '%2F', '%00', '') },
  );

const request = fc.record({
  id: part(INDICATORS.map((i) => i.id)),
  query: fc.array(fc.tuple(part(['year', 'kind', 'region', 'format', 'years']), part(['2025', '2024', '2021-2025', '2025abc', 'target', 'result', 'csv', 'json', '北京', 'Beijing', '浙江省', '火星'])), { maxLength: 5 }),
});

describe('GET /api/indicators/:id', () => {
  property('any id and query: rows as JSON or CSV, or an error of the API’s shape', 60, request, async ({ id, query }) => {
    const reply = await fetch(new URL(`/api/indicators/${id}?${query.map(([k, v]) => `${k}=${v}`).join('&')}`, server.url));
    // Read as bytes: `text()` would drop the BOM, which the CSV must open with.
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await reply.arrayBuffer());
    expectNoServerError(reply.status, text);
    if (reply.status !== 200) {
      expectApiError(reply.status, text);
    } else if (reply.headers.get('content-type') === 'text/csv; charset=utf-8') {
      expect(text.startsWith('\uFEFF')).toBe(true);
      for (const record of readCsv(text.slice(1))) expect(record).toHaveLength(15);
    } else {
      expect(JSON.parse(text)).toBeTypeOf('object');
    }
  });
});
