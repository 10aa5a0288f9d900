/**
 * What the outside may send: text with whatever characters people, programs and broken encoders put in it, questions
 * made of the words real questions use, JSON of any shape, JSON text no serializer writes, and bytes. A request keeps
 * its shape but for one field now and then, so that most cases reach past the first check.
 */
import fc from 'fast-check';

/** A question the corpus answers (`5.2%`), asked to see that the server still answers after whatever came before. */
export const GOOD_QUESTION = '2024年北京市地区生产总值增长多少？';

/** One character: any code point, a lone surrogate, NUL, a byte-order mark, line separators, markup, CJK. */
const oddChar = fc.oneof(
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code)),
  fc.integer({ min: 0x4e00, max: 0x9fff }).map((code) => String.fromCharCode(code)),
  fc.constantFrom('\0', '\uFEFF', '\u2028', '\u2029', '\u200B', '\r', '\n', '\t', '\u3000', '"', '\\', '<', '>', '&', '%', '？', '，', '。', '２'),
);

export const oddText = (maxLength = 40): fc.Arbitrary<string> => fc.string({ unit: oddChar, maxLength });

const WORDS = [
  // regions, at every level, and places no report speaks for
  '北京', '北京市', '上海', '河南省', '贵阳', '贵州', '广东', '新疆', '哈尔滨', '浦东新区', 'Beijing', 'Guiyang', '东京', '国务院', '全国',
  // years, spans and plans
  '2024年', '2025年', '2026年', '2017年', '去年', '今年', '明年', '前年', '24年', '２０２４年', '2012—2016年', '“十四五”', '十五五', 'last year', '1900年', '9999年',
  // topics and everyday words
  '地区生产总值', 'GDP', 'ＧＤＰ', '粮食产量', '常住人口', '财政收入', 'CPI', '社零', '城镇新增就业', '经济', '十件民生实事', '单位生产总值能耗', '入境游客', '燃气管网',
  // what is asked
  '增长多少', '是多少', '多少万人', '多少万亩', '多少辆', '第几', '哪天', '多大岁数', '目标是多少', '实际完成了多少', '哪个更高', '比全国高多少', '有哪些', '是谁作的', '怎么样',
  'how much did', 'grow', 'What was', '?',
  // joins, follow-ups and noise
  '？', '?', '，', '；', '。', '和', '与', '那', '呢', '它', ' ', '\n', '[1]', '%', '5.2%', '<script>alert(1)</script>', '<b>', '&amp;', '<@U0BOT>', '<!channel>', '__proto__',
];

/** A question as long as the intake allows, and one character longer. */
const longest = fc.constantFrom(500, 501).map((length) => '北京'.repeat(length).slice(0, length));

/** Mostly question-like: the words real questions use, in any order, with odd text between them. */
export const questionText: fc.Arbitrary<string> = fc.oneof(
  { weight: 16, arbitrary: fc.array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...WORDS) }, { weight: 1, arbitrary: oddText(6) }), { minLength: 1, maxLength: 14 }).map((parts) => parts.join('')) },
  { weight: 3, arbitrary: oddText() },
  { weight: 1, arbitrary: longest },
);

/** Any JSON value, its strings of odd characters. */
export const jsonValue: fc.Arbitrary<unknown> = fc.jsonValue({ stringUnit: oddChar, maxDepth: 4 });

/**
 * The fields of a request of the right kinds, then, in one case of three, one of them (or one no request has) set to
 * any JSON: most requests reach past the intake, and those that do not are wrong in one place.
 */
export function withOneFault(fields: fc.Arbitrary<Record<string, unknown>>, names: readonly string[]): fc.Arbitrary<Record<string, unknown>> {
  const fault = fc.tuple(fc.constantFrom(...names, '__proto__', 'constructor', 'topK'), jsonValue);
  const faults = fc.oneof({ weight: 2, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fault });
  return fc.tuple(fields, faults).map(([good, wrong]) => (wrong ? { ...good, [wrong[0]]: wrong[1] } : { ...good }));
}

/** A turn of a conversation as a request gives it. */
export const turn = fc.record({ question: questionText, answer: oddText(80) }, { requiredKeys: ['question'] });

/** Filters: mostly none, or ones some report matches, now and then ones none does. */
const filters = fc.oneof(
  { weight: 4, arbitrary: fc.constant({}) },
  { weight: 2, arbitrary: fc.record({ region: fc.constantFrom('北京', '北京市', 'Beijing', '贵阳市', '河南', '广东省', 'Henan') }) },
  { weight: 1, arbitrary: fc.record({ year: fc.constantFrom(2017, 2024, 2025, 2026) }) },
  { weight: 1, arbitrary: fc.constantFrom({ region: '贵阳市', year: 2024 }, { region: 'Beijing', year: 2025 }, { region: '河南', year: 2025 }) },
  { weight: 1, arbitrary: fc.record({ region: fc.constantFrom('火星', '东京', '浦东新区'), year: fc.integer({ min: 1900, max: 2100 }) }, { requiredKeys: [] }) },
);

/** A good request of `POST /api/ask`: a question, now and then a conversation, filters and k. */
export const askRecord: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(fc.record({ question: questionText, conversation: fc.array(turn, { maxLength: 3 }), k: fc.integer({ min: 1, max: 50 }) }, { requiredKeys: ['question'] }), filters)
  .map(([fields, filter]) => ({ ...fields, ...filter }));

export const ASK_FIELDS = ['question', 'conversation', 'region', 'year', 'k'];

/** `POST /api/ask`, with one field wrong now and then. */
export const askFields = withOneFault(askRecord, ASK_FIELDS);

/**
 * JSON text no serializer writes: nested as deep as the size limit allows, wide, numbers past a double's range,
 * repeated and prototype keys, the near misses of hand-written JSON, and a body that is not JSON at all.
 */
const rawJsonText: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: 1, max: 20_000 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`),
  fc.integer({ min: 1, max: 3_000 }).map((depth) => `${'{"question":'.repeat(depth)}"北京GDP"${'}'.repeat(depth)}`),
  fc.integer({ min: 1, max: 3_000 }).map((width) => `{"question":"${GOOD_QUESTION}",${Array.from({ length: width }, (_, i) => `"k${i}":${i}`).join(',')}}`),
  fc.integer({ min: 1, max: 1_500 }).map((turns) => JSON.stringify({ question: '那北京呢？', conversation: Array.from({ length: turns }, () => ({ question: GOOD_QUESTION })) })),
  fc
    .tuple(fc.constantFrom('k', 'year', 'question'), fc.oneof(fc.bigInt().map(String), fc.constantFrom('1e400', '-1e400', '1e-400', '-0', '5.0', '0.5e1', '1E+999999999', '123456789012345678901234567890')))
    .map(([field, number]) => `{"question":"${GOOD_QUESTION}","${field}":${number}}`),
  fc.constantFrom(
    `{"question":"","question":"${GOOD_QUESTION}"}`,
    `{"__proto__":{"k":3},"question":"${GOOD_QUESTION}"}`,
    `{"question":"${GOOD_QUESTION}","constructor":{"prototype":{"polluted":true}}}`,
    `{'question':'${GOOD_QUESTION}'}`,
    `{"question":"${GOOD_QUESTION}",}`,
    `{"question":"${GOOD_QUESTION}"} // a comment`,
    `\uFEFF{"question":"${GOOD_QUESTION}"}`,
    `{"question":"${GOOD_QUESTION}"}\0`,
    `{"question":"\\ud800${GOOD_QUESTION}\\udfff"}`,
    `{"question":"\\u0000"}`,
    '', '[', '{', 'null', 'true', '0', '"2024年北京GDP"', '[]', '{}', 'NaN',
  ),
  oddText(),
);

/** A JSON text: usually of a value, sometimes one no serializer writes. */
export const jsonText: fc.Arbitrary<string> = fc.oneof({ weight: 3, arbitrary: jsonValue.map((value) => JSON.stringify(value)) }, { weight: 2, arbitrary: rawJsonText });

/** Bytes that are not UTF-8 inside what is otherwise a good request, or bytes of nothing at all. */
export const oddBytes: fc.Arbitrary<Buffer> = fc.oneof(
  fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.concat([Buffer.from('{"question":"2024年北京'), bytes, Buffer.from('GDP增长多少？"}')])),
  fc.uint8Array({ maxLength: 400 }).map((bytes) => Buffer.from(bytes)),
);

/** A body to post: JSON text of the request's fields, of any value, or bytes. */
export const body = (fields: fc.Arbitrary<unknown>): fc.Arbitrary<Buffer> =>
  fc.oneof(
    { weight: 6, arbitrary: fields.map((value) => Buffer.from(JSON.stringify(value))) },
    { weight: 2, arbitrary: jsonText.map((text) => Buffer.from(text)) },
    { weight: 1, arbitrary: oddBytes },
  );
