/**
 * Report files as they may be handed in: a real report as PDF, Word, web page and text in several encodings, cut
 * anywhere, with bytes damaged or noise spliced in, under any name. Each is read into text the parser takes, or
 * refused with an error of the product's own (a code below 500 and a message without a stack trace); never a crash.
 */
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { AppError, APP_ERROR_STATUS } from '../../src/errors.ts';
import { chunkReports } from '../../src/chunking/chunk.ts';
import { parseCorpus } from '../../src/parsing/corpus.ts';
import { readReportFile } from '../../src/parsing/report-file.ts';
import { closeBrowser, printablePage, printPdf, reportDocx, reportSource, savedPage, shippedReport } from '../parsing/fixtures.ts';
import { property } from './fuzz.ts';
import { oddText } from './inputs.ts';

const originals: Buffer[] = [];

beforeAll(async () => {
  // A few pages of a report keep each case quick.
  const full = shippedReport('2024-guiyang');
  const report = { ...full, paragraphs: full.paragraphs.slice(0, 8) };
  const text = reportSource('2024-guiyang').slice(0, 5000);
  originals.push(
    await printPdf(printablePage(report), report.title),
    await reportDocx(report),
    Buffer.from(savedPage(report, 'https://www.guiyang.gov.cn/2024.html')),
    Buffer.from(text),
    iconv.encode(text, 'gbk'),
    Buffer.from(`\uFEFF${text}`, 'utf16le'),
  );
}, 120_000);

afterAll(closeBrowser);

/** One of the originals, cut short, with bytes flipped or with noise put in somewhere. */
const damaged: fc.Arbitrary<Buffer> = fc
  .tuple(fc.nat(5), fc.constantFrom('whole', 'cut', 'flip', 'splice'), fc.double({ min: 0, max: 1, noNaN: true }), fc.uint8Array({ minLength: 1, maxLength: 64 }))
  .map(([which, how, at, noise]) => {
    const bytes = Buffer.from(originals[which % originals.length] ?? Buffer.alloc(0));
    const where = Math.floor(bytes.length * at);
    if (how === 'cut') return bytes.subarray(0, where);
    if (how === 'flip') {
      for (let i = where; i < bytes.length; i += 4099) bytes[i] = (bytes[i] ?? 0) ^ (noise[0] ?? 1);
      return bytes;
    }
    if (how === 'splice') return Buffer.concat([bytes.subarray(0, where), noise, bytes.subarray(where)]);
    return bytes;
  });

const fileName = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('report.pdf', 'report.docx', 'report.html', 'report.htm', 'report.txt', 'report.md') },
  { weight: 1, arbitrary: oddText(20) },
);

describe('report files', () => {
  property('any file under any name: read into reports the index can take, or refused with a code of ours', 40, fc.tuple(damaged, fileName), async ([bytes, name]) => {
    try {
      const file = await readReportFile(bytes, name);
      for (const chunk of chunkReports(parseCorpus([file]).reports)) expect(chunk.text).toMatch(/\S/);
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      const { code, status, message } = error as AppError;
      expect(APP_ERROR_STATUS[code]).toBe(status);
      expect(status).toBeLessThan(500);
      expect(message).not.toMatch(/\n\s+at /);
    }
  });
});
