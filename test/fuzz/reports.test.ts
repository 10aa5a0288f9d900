/**
 * Report files as they come: real reports cut anywhere (inside a character too), with a byte-order mark or CRLF
 * line ends, in GBK, UTF-16 or a mix, and bytes of nothing. Parsing and chunking read any of them without throwing,
 * into reports and chunks of the shape the index needs; a byte-order mark or CRLF line ends change no report; and a
 * small corpus of such files is indexed (lexical only: embedding every run's chunks would take the run's time).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect } from 'vitest';
import { chunkReports } from '../../src/chunking/chunk.ts';
import type { CorpusIndex } from '../../src/indexing/corpus-index.ts';
import { openIndex } from '../../src/indexing/open.ts';
import { parseCorpus, type ParsedCorpus } from '../../src/parsing/corpus.ts';
import { CORPUS_DIR, FILE_003, tempDir } from '../corpus.ts';
import { property } from './fuzz.ts';
import { oddText } from './inputs.ts';

/** The three smaller files whole, and the first 60,000 characters of the two large ones (several reports each). */
const REAL = ['000_d46cfec73a0d31cf.txt', '001_3f56b829cd352b44.txt', '002_c7cf16f2bd42e313.txt', FILE_003, '004_0e8a080e10ab87bc.txt'].map((name) =>
  readFileSync(join(CORPUS_DIR, name), 'utf8').slice(0, 60_000),
);

/** GBK as Windows writes Chinese text, built from the decoder Node has: every two-byte sequence, read back. */
const GBK = (() => {
  const decoder = new TextDecoder('gbk');
  const bytes = new Map<string, Buffer>();
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const pair = Buffer.from([lead, trail]);
      const char = decoder.decode(pair);
      if (char.length === 1 && char !== '\uFFFD' && !bytes.has(char)) bytes.set(char, pair);
    }
  }
  return bytes;
})();

function gbk(text: string): Buffer {
  return Buffer.concat([...text].map((char) => (char.charCodeAt(0) < 0x80 ? Buffer.from(char, 'latin1') : (GBK.get(char) ?? Buffer.from('?')))));
}

const ENCODINGS: Record<string, (text: string) => Buffer> = {
  utf8: (text) => Buffer.from(text),
  bom: (text) => Buffer.from(`\uFEFF${text}`),
  crlf: (text) => Buffer.from(text.replace(/\n/g, '\r\n')),
  gbk,
  utf16le: (text) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
  utf16be: (text) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]),
  // A file put together from two sources: its head in UTF-8, the rest in GBK.
  mixed: (text) => Buffer.concat([Buffer.from(text.slice(0, text.length >> 1)), gbk(text.slice(text.length >> 1))]),
};

/** A real report, its first characters up to any point. */
const realHead = fc.tuple(fc.constantFrom(...REAL), fc.double({ min: 0, max: 1, noNaN: true })).map(([text, share]) => text.slice(0, Math.floor(text.length * share)));

/** A real report cut anywhere and encoded somehow, the last bytes now and then cut off inside a character. */
const encodedHead = fc.tuple(realHead, fc.constantFrom(...Object.keys(ENCODINGS)), fc.nat(3)).map(([text, encoding, cut]) => {
  const bytes = ENCODINGS[encoding]?.(text) ?? Buffer.alloc(0);
  return bytes.subarray(0, Math.max(0, bytes.length - cut));
});

/** A real report with bytes of noise put in anywhere. */
const spliced = fc.tuple(realHead, fc.uint8Array({ maxLength: 300 }), fc.double({ min: 0, max: 1, noNaN: true })).map(([text, noise, at]) => {
  const bytes = Buffer.from(text);
  const split = Math.floor(bytes.length * at);
  return Buffer.concat([bytes.subarray(0, split), noise, bytes.subarray(split)]);
});

/** A report file's bytes: a real report encoded somehow, spliced with noise, or noise alone. */
const reportBytes: fc.Arbitrary<Buffer> = fc.oneof(
  { weight: 5, arbitrary: encodedHead },
  { weight: 1, arbitrary: spliced },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 3000 }).map((bytes) => Buffer.from(bytes)) },
  { weight: 1, arbitrary: oddText(2000).map((text) => Buffer.from(text)) },
);

/** What the index needs of a parse: reports with an id of their own, a title, a region, a year and text; chunks of them. */
function expectUsable(parsed: ParsedCorpus): void {
  const ids = parsed.reports.map((report) => report.id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const report of parsed.reports) {
    expect(report.id).toMatch(/\S/);
    expect(report.title).toMatch(/\S/);
    expect(report.region).toMatch(/\S/);
    expect(Number.isInteger(report.year)).toBe(true);
    expect(report.paragraphs.length).toBeGreaterThan(0);
    for (const paragraph of report.paragraphs) expect(paragraph.text).toMatch(/\S/);
  }
  for (const chunk of chunkReports(parsed.reports)) {
    expect(ids).toContain(chunk.reportId);
    expect(chunk.text).toMatch(/\S/);
  }
}

/** Everything of a parse a reader sees, without the file name. */
/** The ids of every report's chunks, in report order. */
async function chunkIds(index: CorpusIndex): Promise<string[]> {
  const ids: string[] = [];
  for (const id of index.reports.keys()) ids.push(...(await index.chunksOf(id)).map((c) => c.id));
  return ids;
}

const readAs = (parsed: ParsedCorpus) => JSON.stringify({ reports: parsed.reports, skipped: parsed.skipped.map((s) => s.reason) });

describe('report files', () => {
  // The corpus reads every file as UTF-8, as here.
  property('any bytes: parsed and chunked without throwing, into reports the index can take', 120, reportBytes, async (bytes) => {
    expectUsable(parseCorpus([{ name: 'fuzz.txt', text: bytes.toString('utf8') }]));
  });

  property('a byte-order mark or CRLF line ends change no report', 60, realHead, async (text) => {
    const plain = readAs(parseCorpus([{ name: 'fuzz.txt', text }]));
    expect(readAs(parseCorpus([{ name: 'fuzz.txt', text: `\uFEFF${text}` }]))).toBe(plain);
    expect(readAs(parseCorpus([{ name: 'fuzz.txt', text: text.replace(/\n/g, '\r\n') }]))).toBe(plain);
  });

  property('a corpus of one to three such files is indexed, and its index read back', 15, fc.array(reportBytes, { minLength: 1, maxLength: 3 }), async (files) => {
    const dir = tempDir('zbwd-fuzz-');
    try {
      const corpusDir = join(dir, 'reports');
      const indexDir = join(dir, 'index');
      mkdirSync(corpusDir);
      for (const [i, bytes] of files.entries()) writeFileSync(join(corpusDir, `${i}.txt`), bytes);
      const built = await openIndex({ corpusDir, indexDir, log: () => {} });
      const loaded = await openIndex({ corpusDir, indexDir, log: () => {} });
      expect(built.built).toBeDefined();
      expect(loaded.built).toBeUndefined();
      expect(await chunkIds(loaded)).toEqual(await chunkIds(built));
      expect([...loaded.reports.keys()]).toEqual([...built.reports.keys()]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
