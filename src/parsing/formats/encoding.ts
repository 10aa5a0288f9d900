/**
 * The text of a text file in whatever encoding Chinese reports come in: UTF-8 (with or without a byte-order mark),
 * UTF-16 and GB18030 (GBK, GB2312). An encoding is taken only when the bytes bear it out; a file whose encoding cannot
 * be told is refused rather than read as mojibake.
 */
import chardet from 'chardet';
import iconv from 'iconv-lite';
import { AppError } from '../../errors.ts';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

export interface DecodedText {
  text: string;
  encoding: TextEncoding;
}

const BOMS: readonly { bytes: readonly number[]; encoding: TextEncoding }[] = [
  { bytes: [0xef, 0xbb, 0xbf], encoding: 'utf-8' },
  { bytes: [0xff, 0xfe], encoding: 'utf-16le' },
  { bytes: [0xfe, 0xff], encoding: 'utf-16be' },
  { bytes: [0x84, 0x31, 0x95, 0x33], encoding: 'gb18030' },
];

function strictDecode(bytes: Uint8Array, encoding: TextEncoding): string | undefined {
  if (encoding === 'gb18030') {
    const text = iconv.decode(Buffer.from(bytes), 'gb18030');
    return text.includes('\uFFFD') ? undefined : text;
  }
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** Characters of Chinese or English prose: Han, CJK and general punctuation, full-width forms, printable ASCII. */
const PROSE_CHAR = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef\u2000-\u206f\u00a0-\u00ff\u0020-\u007e\t\n\r\f]/u;

function proseShare(text: string): number {
  const chars = [...text.slice(0, 20_000)];
  if (chars.length === 0) return 1;
  return chars.filter((c) => PROSE_CHAR.test(c)).length / chars.length;
}

/** Below this share of prose characters, a decoding is not the file's. */
const MIN_PROSE_SHARE = 0.95;

/**
 * UTF-16 without a byte-order mark: the one reading of the two byte orders that gives prose. GB18030 and UTF-8 bytes
 * read as UTF-16 give Hangul and rare ideographs, not prose.
 */
function utf16WithoutBom(bytes: Uint8Array): DecodedText | undefined {
  if (bytes.length < 2 || bytes.length % 2 !== 0) return undefined;
  for (const encoding of ['utf-16le', 'utf-16be'] as const) {
    const text = strictDecode(bytes, encoding);
    if (text !== undefined && /[\n\u3002]/.test(text) && proseShare(text) >= MIN_PROSE_SHARE) return { text, encoding };
  }
  return undefined;
}

/**
 * Share of GB18030's two-byte characters among the 3,755 most common (GB2312 level 1): the reports' own text has
 * 0.88 to 0.91, UTF-8 bytes read as GB18030 0.12, a file half UTF-8 and half GBK 0.35.
 */
function commonShare(bytes: Uint8Array): { share: number; count: number } {
  let common = 0;
  let count = 0;
  for (let i = 0; i < bytes.length; ) {
    const lead = bytes[i] ?? 0;
    if (lead < 0x80) {
      i++;
      continue;
    }
    const trail = bytes[i + 1] ?? 0;
    count++;
    if (trail >= 0x30 && trail <= 0x39) {
      i += 4;
      continue;
    }
    if (lead >= 0xb0 && lead <= 0xd7 && trail >= 0xa1) common++;
    i += 2;
  }
  return { share: count === 0 ? 1 : common / count, count };
}

const MIN_COMMON_SHARE = 0.6;

/** A run of this many Chinese characters in UTF-8 inside a file that is not UTF-8: parts in two encodings. */
const UTF8_RUN = /(?:[\xe3-\xe9][\x80-\xbf]{2}){4}/;

function refuse(message: string): never {
  throw new AppError('unknown-encoding', message);
}

function gb18030(bytes: Uint8Array, name: string): DecodedText {
  const guesses = chardet.analyse(bytes);
  const best = guesses[0];
  if (best?.name !== 'GB18030') {
    refuse(`the encoding of ${name} cannot be told${best ? ` (it reads most like ${best.name}, ${best.confidence}%)` : ''}: save it as UTF-8`);
  }
  if (UTF8_RUN.test(Buffer.from(bytes).toString('latin1'))) {
    refuse(`${name} mixes UTF-8 with another encoding: save it as UTF-8 whole`);
  }
  const text = strictDecode(bytes, 'gb18030');
  const { share } = commonShare(bytes);
  if (text === undefined || share < MIN_COMMON_SHARE || proseShare(text) < MIN_PROSE_SHARE) {
    refuse(`${name} is not valid GB18030 throughout: save it as UTF-8`);
  }
  return { text, encoding: 'gb18030' };
}

/**
 * The file's text and its encoding: a byte-order mark says it, else the bytes are UTF-8 when they decode as UTF-8,
 * UTF-16 when one byte order reads as prose, GB18030 when the detector and the characters' frequencies agree.
 * Refused with `unknown-encoding` otherwise, and when a file marked or taken as one encoding does not decode as it.
 */
export function decodeText(bytes: Uint8Array, name: string): DecodedText {
  const bom = BOMS.find(({ bytes: mark }) => mark.every((byte, i) => bytes[i] === byte));
  if (bom) {
    const text = strictDecode(bytes.subarray(bom.bytes.length), bom.encoding);
    if (text === undefined) refuse(`${name} opens with a ${bom.encoding} byte-order mark but is not ${bom.encoding} throughout`);
    return { text, encoding: bom.encoding };
  }
  const utf8 = strictDecode(bytes, 'utf-8');
  if (utf8 !== undefined && !utf8.includes('\u0000')) return { text: utf8, encoding: 'utf-8' };
  return utf16WithoutBom(bytes) ?? gb18030(bytes, name);
}
