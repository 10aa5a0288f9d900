/**
 * Requests of each surface as they may come: `POST /api/ask` with any headers, shares and feedback, chat
 * completions, WebSocket frames, and Slack's signed payloads (Events API callbacks, url_verification, slash commands).
 */
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { FEEDBACK_REASONS, REFUSAL_CODES } from '../../src/domain.ts';
import { BOT_USER_ID, TEAM_ID } from '../slack/slack-api.ts';
import { ASK_FIELDS, askFields, askRecord, body, GOOD_QUESTION, jsonText, jsonValue, oddBytes, oddText, questionText, turn, withOneFault } from './inputs.ts';

/** A header value as a client might send it: printable ASCII, now and then a byte past it or a control character. */
const headerText = fc.string({
  unit: fc.oneof(
    { weight: 30, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
    { weight: 1, arbitrary: fc.integer({ min: 0x80, max: 0xff }).map((code) => String.fromCharCode(code)) },
    { weight: 1, arbitrary: fc.constantFrom('\0', '\t', '\x7f') },
  ),
  maxLength: 30,
});

const contentType = fc.oneof(
  fc.constantFrom(
    'application/json', 'application/json; charset=utf-8', 'application/json; charset="UTF-8"', 'APPLICATION/JSON;CHARSET=UTF8', 'application/json; charset=latin1',
    'application/json;charset=utf-16', 'application/json; charset=gbk', 'application/json; charset=', 'application/json; charset=utf-8; charset=gbk',
    'application/json; boundary=x; q=0.5', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=----x', ';;;', '*/*', '',
  ),
  headerText,
);

const ENCODINGS = ['identity', 'gzip', 'deflate', 'br', 'x-gzip', 'GZIP', 'gzip, gzip', 'compress', 'zstd', ''] as const;
const ENCODE = new Map<string | undefined, (data: Buffer) => Buffer>([['gzip', gzipSync], ['deflate', deflateSync], ['br', brotliCompressSync]]);

export interface RawPost {
  /** The request's bytes, head and body. */
  bytes: Buffer;
  /** Whether the body is shorter than its Content-Length says, so that the server would wait for the rest. */
  unfinished: boolean;
}

/**
 * A POST to `path` written byte for byte: any content type and charset, any content encoding, the body (`payload`,
 * mostly a good one) in the encoding named or in another, a zip bomb, and a Content-Length that is right, short or
 * long, or none (chunked).
 */
export function rawPost(path: string, payload: fc.Arbitrary<Buffer>): fc.Arbitrary<RawPost> {
  return fc
    .record({
      contentType: fc.option(contentType, { nil: undefined }),
      encoding: fc.oneof({ weight: 2, arbitrary: fc.constant(undefined) }, { weight: 3, arbitrary: fc.constantFrom(...ENCODINGS) }, { weight: 1, arbitrary: headerText }),
      encoded: fc.oneof(fc.constant('as named'), fc.constantFrom(...ENCODINGS)),
      length: fc.constantFrom('chunked', 'right', 'short', 'long'),
      payload,
      // A few kilobytes inflating far past the size limit.
      bomb: fc.boolean(),
    })
    .map((sent) => {
      const plain = sent.bomb ? Buffer.from(`{"question":"${' '.repeat(1_000_000)}"}`) : sent.payload;
      const bytes = ENCODE.get(sent.encoded === 'as named' ? sent.encoding : sent.encoded)?.(plain) ?? plain;
      const lengths = { chunked: 'Transfer-Encoding: chunked', right: `Content-Length: ${bytes.length}`, short: `Content-Length: ${Math.floor(bytes.length / 2)}`, long: `Content-Length: ${bytes.length + 10}` };
      const head = [
        `POST ${path} HTTP/1.1`,
        'Host: 127.0.0.1',
        'Connection: close',
        ...(sent.contentType === undefined ? [] : [`Content-Type: ${sent.contentType}`]),
        ...(sent.encoding === undefined ? [] : [`Content-Encoding: ${sent.encoding}`]),
        lengths[sent.length],
      ];
      const framed = sent.length === 'chunked' ? Buffer.concat([Buffer.from(`${bytes.length.toString(16)}\r\n`), bytes, Buffer.from('\r\n0\r\n\r\n')]) : bytes;
      return { bytes: Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`, 'latin1'), framed]), unfinished: sent.length === 'long' };
    });
}

export const rawAsk = rawPost('/api/ask', fc.oneof({ weight: 3, arbitrary: fc.constant(Buffer.from(JSON.stringify({ question: GOOD_QUESTION }))) }, { weight: 2, arbitrary: body(askFields) }));

/** A citation as the page shares it. */
const sharedCitation = fc.record({
  n: fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 1, max: 20 }) }, fc.constantFrom(0, 1000, 1.5)),
  reportId: fc.constantFrom('2025-beijing', '2025-shanghai', 'no-such-report'),
  report: oddText(20),
  region: oddText(6),
  year: fc.integer({ min: 1899, max: 2101 }),
  section: oddText(40),
  chunkId: fc.constantFrom('2025-beijing#12', 'x'),
  text: oddText(120),
});

/** A turn as the page shares it; one in a few of a field wrong. */
const sharedTurn = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record(
      {
        question: questionText,
        answer: oddText(200),
        refused: fc.boolean(),
        refusal: fc.constantFrom(...REFUSAL_CODES),
        citations: fc.array(fc.oneof({ weight: 5, arbitrary: sharedCitation }, { weight: 1, arbitrary: withOneFault(sharedCitation, ['n', 'reportId', 'year', 'chunkId', 'text']) }), { maxLength: 3 }),
      },
      { requiredKeys: ['question', 'answer'] },
    ),
  },
  { weight: 1, arbitrary: withOneFault(fc.record({ question: questionText, answer: oddText(200), refusal: fc.constantFrom('because', 'no-evidence') }), ['question', 'answer', 'refused', 'refusal', 'citations']) },
);

/** `POST /api/share`: a conversation of a few turns, now and then empty or over 50 turns, one field wrong now and then. */
export const shareFields = withOneFault(
  fc.record({
    conversation: fc.oneof(
      { weight: 8, arbitrary: fc.array(sharedTurn, { maxLength: 4 }) },
      { weight: 1, arbitrary: fc.integer({ min: 49, max: 52 }).map((turns) => Array.from({ length: turns }, () => ({ question: GOOD_QUESTION, answer: '5.2%' }))) },
    ),
  }),
  ['conversation'],
);

const FEEDBACK_FIELDS = ['question', 'answer', 'rating', 'reason', 'comment', 'citations', 'conversation'];

/** `POST /api/feedback`: 👍 or 👎, with a reason (at times by its words, or with 👍), a comment, citations and the turns before. */
export const feedbackFields = withOneFault(
  fc.record(
    {
      question: questionText,
      answer: oddText(200),
      rating: fc.oneof({ weight: 6, arbitrary: fc.constantFrom('up', 'down') }, fc.constantFrom('meh', '', 'UP')),
      reason: fc.constantFrom(...FEEDBACK_REASONS, '数字不对'),
      comment: fc.oneof({ weight: 6, arbitrary: oddText(60) }, fc.constantFrom(1000, 1001).map((length) => '长'.repeat(length))),
      citations: fc.array(fc.record({ n: fc.integer({ min: 1, max: 20 }), reportId: fc.constantFrom('2025-beijing', 'x'), chunkId: fc.constantFrom('2025-beijing#12', 'x'), section: oddText(20) }, { requiredKeys: ['n', 'reportId', 'chunkId'] }), { maxLength: 3 }),
      conversation: fc.array(turn, { maxLength: 3 }),
    },
    { requiredKeys: ['question', 'answer', 'rating'] },
  ),
  FEEDBACK_FIELDS,
);

/** The id part of `GET /api/share/:id`: ids of the right shape nobody shared, near misses, paths and bytes that do not decode. */
export const shareIdPath = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'), minLength: 21, maxLength: 23 }) },
  { weight: 3, arbitrary: oddText(30).map((text) => encodeURIComponent(text.replace(/[\ud800-\udfff]/g, ''))) },
  { weight: 1, arbitrary: fc.constantFrom('..%2F..%2Fpackage.json', '..%252F', '%zz', '%', '%00', '%C0%AF', '', '.', '..', 'AAAAAAAAAAAAAAAAAAAAAA.json', 'AAAAAAAAAAAAAAAAAAAAAA%00', 'A'.repeat(4000)) },
);

/** Content as OpenAI's clients send it: text, null, or parts (text and other kinds). */
const content = fc.oneof(
  { weight: 6, arbitrary: questionText },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 2, arbitrary: fc.array(fc.record({ type: fc.constantFrom('text', 'image_url'), text: questionText }, { requiredKeys: ['type'] }), { maxLength: 3 }) },
);

const earlier = withOneFault(fc.record({ role: fc.constantFrom('system', 'developer', 'user', 'assistant', 'tool'), content, name: oddText(10) }, { requiredKeys: ['role'] }), ['role', 'content']);

/** A conversation ending in the question, now and then a message of another shape, and at times more than allowed. */
const messages = fc.oneof(
  { weight: 8, arbitrary: fc.tuple(fc.array(earlier, { maxLength: 5 }), content).map(([before, last]) => [...before, { role: 'user', content: last }]) },
  { weight: 1, arbitrary: fc.array(earlier, { maxLength: 120 }) },
);

/** `POST /v1/chat/completions`, streamed or not. */
export const completion = withOneFault(
  fc.record(
    {
      model: fc.oneof({ weight: 8, arbitrary: fc.constant('zhengbao-wenda') }, { weight: 1, arbitrary: fc.constantFrom('gpt-4o', '', 'Zhengbao-Wenda') }),
      messages,
      stream: fc.boolean(),
      temperature: fc.double(),
      user: oddText(10),
    },
    { requiredKeys: ['messages'] },
  ),
  ['model', 'messages', 'stream'],
);

export interface Frame {
  data: string | Buffer;
  binary: boolean;
}

/** A question's frame: ids of every kind the schema takes and some it does not, one field wrong now and then. */
const wsAsk = withOneFault(
  fc
    .tuple(askRecord, fc.oneof({ weight: 4, arbitrary: fc.string({ minLength: 1, maxLength: 64 }) }, { weight: 2, arbitrary: fc.integer() }, fc.string({ minLength: 65, maxLength: 70 }), fc.double()))
    .map(([fields, id]) => ({ type: 'ask', id, ...fields })),
  [...ASK_FIELDS, 'type', 'id'],
);

/** A WebSocket frame: a question of any shape, any JSON text, bytes sent as text or as binary, or more than a frame may hold. */
export const frame: fc.Arbitrary<Frame> = fc.oneof(
  { weight: 6, arbitrary: wsAsk.map((fields) => ({ data: JSON.stringify(fields), binary: false })) },
  { weight: 2, arbitrary: jsonText.map((data) => ({ data, binary: false })) },
  { weight: 1, arbitrary: fc.tuple(oddBytes, fc.boolean()).map(([data, binary]) => ({ data, binary })) },
  { weight: 1, arbitrary: wsAsk.map((fields) => ({ data: JSON.stringify(fields), binary: true })) },
  { weight: 1, arbitrary: fc.integer({ min: 32 * 1024 - 40, max: 40 * 1024 }).map((size) => ({ data: JSON.stringify({ type: 'ask', id: 'big', question: 'x'.repeat(size) }), binary: false })) },
);

/** How people write in Slack: questions, mentions, links with labels, escapes, broadcasts, code. */
const slackText = fc
  .array(
    fc.oneof(
      { weight: 4, arbitrary: questionText },
      fc.constantFrom(`<@${BOT_USER_ID}>`, '<@U0OTHER>', '<https://www.beijing.gov.cn|北京市政府网站>', '<mailto:a@example.org>', '&lt;', '&gt;', '&amp;', '<!here>', '<!channel>', '<#C0GENERAL|general>', '`code`', '*粗体*', '<>', '<|>'),
    ),
    { maxLength: 6 },
  )
  .map((parts) => parts.join(' '));

/** Ids, some of them the name of a property every object has. */
const someId = (prefix: string) =>
  fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 0, max: 999 }).map((n) => `${prefix}${n}`) }, fc.constantFrom('', '__proto__', 'constructor', 'toString', 'hasOwnProperty'));

let clock = 1_900_000_000;
/** A message timestamp not seen before, so that no event is taken for a retry of another. */
const freshTs = fc.constant(null).map(() => `${++clock}.000300`);

/** A mention or direct message, now and then in a thread, or one the bot leaves alone (a bot's, an edit, a subtype). */
const slackEvent = withOneFault(
  fc
    .tuple(
      fc.record({
        type: fc.constantFrom('app_mention', 'message'),
        user: fc.oneof({ weight: 4, arbitrary: fc.constant('U0ASKER') }, someId('U')),
        text: slackText,
        ts: freshTs,
        channel: someId('C0FUZZ'),
        channel_type: fc.oneof({ weight: 3, arbitrary: fc.constant('im') }, fc.constantFrom('channel', 'group')),
      }),
      fc.oneof(
        { weight: 4, arbitrary: fc.constant({}) },
        fc.record({ thread_ts: fc.constantFrom('1800000001.000200', '1800000002.000200') }),
        fc.record({ subtype: fc.constantFrom('message_changed', 'bot_message', 'thread_broadcast') }),
        fc.record({ bot_id: someId('B') }),
        fc.record({ edited: jsonValue }),
      ),
    )
    .map(([fields, more]) => ({ ...fields, ...more })),
  // With the fields Bolt itself reads of an event before any listener runs.
  ['type', 'user', 'text', 'ts', 'thread_ts', 'channel', 'channel_type', 'subtype', 'channel_id', 'item', 'subteam', 'message', 'previous_message', 'assistant_thread'],
);

let events = 0;

/** The team Bolt takes a callback to be for: its first authorization's, else its own. */
function teamOf(callback: Record<string, unknown>): unknown {
  const first: unknown = Array.isArray(callback.authorizations) ? callback.authorizations[0] : undefined;
  if (first === undefined || first === null) return callback.team_id;
  const team = (first as { team_id?: unknown }).team_id;
  return team === null ? callback.team_id : team;
}

/**
 * An Events API callback. Its `event` may be any JSON but is always there: Bolt leaves a body it cannot place
 * unanswered for 3 s, which would take the run's time without testing anything of ours. It always names a team, as
 * Slack's do: for one that names none Bolt answers with a client holding no token, which Slack refuses.
 */
export const eventCallback = withOneFault(
  fc.record(
    {
      token: fc.constant('legacy-verification-token'),
      team_id: fc.oneof({ weight: 4, arbitrary: fc.constant(TEAM_ID) }, someId('T')),
      api_app_id: fc.constant('A0APP'),
      type: fc.constant('event_callback'),
      event_id: fc.constant(null).map(() => `EvFuzz${++events}`),
      event_time: fc.integer(),
      event: slackEvent,
      authorizations: fc.array(fc.record({ team_id: someId('T'), user_id: fc.constant(BOT_USER_ID), is_bot: fc.boolean(), enterprise_id: fc.option(someId('E')) }), { maxLength: 2 }),
      enterprise_id: someId('E'),
      is_ext_shared_channel: fc.boolean(),
    },
    { requiredKeys: ['token', 'team_id', 'api_app_id', 'type', 'event_id', 'event'] },
  ),
  ['team_id', 'type', 'event_id', 'event_time', 'event', 'authorizations', 'enterprise_id'],
).filter((callback) => callback.event !== undefined && teamOf(callback) !== undefined);

export const urlVerification = fc.record({ token: oddText(10), challenge: fc.oneof(oddText(60), jsonValue), type: fc.constant('url_verification') }, { requiredKeys: ['type'] });

/**
 * A slash command's form as Slack posts it, a field or two now and then left out, repeated, empty or odd; its
 * `response_url` the stand-in's (known once it listens), one that is no URL, or one where nothing listens.
 */
export function slashCommand(responseUrl: () => string): fc.Arbitrary<string> {
  return fc
    .record({
      token: fc.constant('legacy-verification-token'),
      team_id: fc.oneof({ weight: 4, arbitrary: fc.constant(TEAM_ID) }, someId('T')),
      team_domain: fc.constant('stand-in'),
      channel_id: someId('C0COMMAND'),
      channel_name: fc.constant('general'),
      user_id: fc.oneof({ weight: 4, arbitrary: fc.constant('U0ASKER') }, someId('U')),
      user_name: oddText(10),
      text: slackText,
      api_app_id: fc.constant('A0APP'),
      response_url: fc.constantFrom('stand-in', 'not a url', 'http://127.0.0.1:9/respond'),
      trigger_id: fc.constant('1.2.3'),
      enterprise_id: someId('E'),
    })
    .chain((fields) =>
      fc.array(fc.tuple(fc.constantFrom(...Object.keys(fields)), fc.constantFrom('drop', 'repeat', 'empty', 'odd'), oddText(20)), { maxLength: 2 }).map((faults) => {
        const entries: [string, string][] = Object.entries(fields).map(([key, value]) => [key, value === 'stand-in' ? responseUrl() : value]);
        for (const [key, fault, odd] of faults) {
          const at = entries.findIndex(([name]) => name === key);
          if (at < 0) continue;
          if (fault === 'drop') entries.splice(at, 1);
          if (fault === 'repeat') entries.push([key, odd]);
          if (fault === 'empty') entries[at] = [key, ''];
          if (fault === 'odd') entries[at] = [key, odd];
        }
        // The bot's own command, once: Bolt leaves a command no listener takes unanswered for 3 s.
        return new URLSearchParams([...entries, ['command', '/zhengbao']]).toString();
      }),
    );
}
