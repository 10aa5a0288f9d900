/**
 * Report files that must not be read, each refused with a code of its own and a message that says why: never a
 * crash, never an empty report. The bad files are made from the corpus's own reports (a scan of a printed report,
 * the PDF encrypted by qpdf, cut short or damaged, a Word file that unpacks to gigabytes).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync, crc32 } from 'node:zlib';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, APP_ERROR_STATUS, type AppErrorCode } from '../../src/errors.ts';
import { parseCorpus, readCorpusFiles } from '../../src/parsing/corpus.ts';
import { DEFAULT_FILE_LIMITS } from '../../src/parsing/formats/limits.ts';
import { readReportFile } from '../../src/parsing/report-file.ts';
import { tempDir } from '../corpus.ts';
import { closeBrowser, gbk, printablePage, printPdf, reportDocx, reportSource, scannedPdf, shippedReport } from './fixtures.ts';

/** The refusal reading the file gives: its code, HTTP status and message. */
async function refusal(bytes: Uint8Array, name: string, limits = DEFAULT_FILE_LIMITS): Promise<{ code: AppErrorCode; status: number; message: string }> {
  try {
    await readReportFile(bytes, name, limits);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { code: error.code, status: error.status, message: error.message };
  }
  throw new Error(`${name} was read`);
}

/** A zip archive of the given parts, each deflated; `claimed` states sizes other than the true ones, as a bomb may. */
function zip(parts: Record<string, Buffer>, claimed: Record<string, number> = {}): Buffer {
  const local: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(parts)) {
    const data = deflateRawSync(content, { level: 9 });
    const fileName = Buffer.from(name);
    const size = claimed[name] ?? content.length;
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(8, 8);
    header.writeUInt32LE(crc32(content), 14);
    header.writeUInt32LE(data.length, 18);
    header.writeUInt32LE(size, 22);
    header.writeUInt16LE(fileName.length, 26);
    local.push(header, fileName, data);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt32LE(crc32(content), 16);
    entry.writeUInt32LE(data.length, 20);
    entry.writeUInt32LE(size, 24);
    entry.writeUInt16LE(fileName.length, 28);
    entry.writeUInt32LE(offset, 42);
    central.push(entry, fileName);
    offset += header.length + fileName.length + data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(central.length / 2, 8);
  end.writeUInt16LE(central.length / 2, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...local, directory, end]);
}

const WORD_PARTS = {
  '[Content_Types].xml': Buffer.from('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
  '_rels/.rels': Buffer.from('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>'),
};
/** 200 MB of a Word document's XML, deflated to a few hundred KB. */
const HUGE_DOCUMENT = Buffer.alloc(200 * 1024 * 1024, ' ');

let pdf: Buffer;
let dir: string;

beforeAll(async () => {
  const report = shippedReport('2025-guiyang');
  pdf = await printPdf(printablePage(report), report.title);
  dir = tempDir('zbwd-bad-files-');
}, 120_000);

afterAll(closeBrowser);

describe('PDFs that are not read', () => {
  it('a scan, pages as pictures with no text: no text layer, OCR it first', async () => {
    const scan = await scannedPdf(printablePage(shippedReport('2025-guiyang')));
    expect(await refusal(scan, 'scan.pdf')).toMatchObject({ code: 'no-text-layer', status: 422, message: expect.stringMatching(/^no text layer: OCR it first/) });
  });

  it('one that opens only with a password; one whose password only limits copying is read', async () => {
    const plain = join(dir, 'plain.pdf');
    writeFileSync(plain, pdf);
    execFileSync('qpdf', ['--encrypt', 'user-secret', 'owner-secret', '256', '--', plain, join(dir, 'locked.pdf')]);
    execFileSync('qpdf', ['--encrypt', '', 'owner-secret', '256', '--print=none', '--extract=n', '--', plain, join(dir, 'no-copy.pdf')]);
    expect(await refusal(readFileSync(join(dir, 'locked.pdf')), 'locked.pdf')).toMatchObject({ code: 'encrypted-file', status: 422 });
    const open = await readReportFile(readFileSync(join(dir, 'no-copy.pdf')), 'no-copy.pdf');
    expect(open.text).toBe((await readReportFile(pdf, 'plain.pdf')).text);
  });

  it('one cut short, one with damaged bytes, one that is a header alone', async () => {
    const damaged = Buffer.from(pdf);
    for (let i = 2000; i < damaged.length; i += 997) damaged[i] = (damaged[i] ?? 0) ^ 0xff;
    for (const [bytes, name] of [[pdf.subarray(0, pdf.length >> 1), 'half.pdf'], [damaged, 'damaged.pdf'], [Buffer.from('%PDF-1.7\n%%EOF\n'), 'empty.pdf']] as const) {
      expect(await refusal(bytes, name)).toMatchObject({ code: 'unreadable-file', status: 422, message: expect.stringContaining(`${name} is not a readable PDF`) });
    }
  });
});

describe('Word files that are not read', () => {
  it('a zip bomb: a document that unpacks past the limit, stated or not', async () => {
    const honest = zip({ ...WORD_PARTS, 'word/document.xml': HUGE_DOCUMENT });
    const lying = zip({ ...WORD_PARTS, 'word/document.xml': HUGE_DOCUMENT }, { 'word/document.xml': 1000 });
    expect(honest.length).toBeLessThan(1024 * 1024);
    const started = performance.now();
    expect(await refusal(honest, 'bomb.docx')).toMatchObject({ code: 'payload-too-large', status: 413 });
    // One that states a small size is caught as it unpacks past what it stated.
    expect(await refusal(lying, 'lying-bomb.docx')).toMatchObject({ code: 'unreadable-file', message: expect.stringContaining('expected 1000') });
    // Refused while unpacking, long before 200 MB are inflated.
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('a zip that is not a Word file, a broken one, and a Word file with a password', async () => {
    expect(await refusal(zip({ 'notes.txt': Buffer.from('hello') }), 'notes.docx')).toMatchObject({ code: 'unsupported-media-type', status: 415 });
    const docx = await reportDocx(shippedReport('2026-guiyang'));
    expect(await refusal(docx.subarray(0, docx.length >> 1), 'half.docx')).toMatchObject({ code: 'unreadable-file', status: 422 });
    const oleContainer = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(4096)]);
    expect(await refusal(oleContainer, 'locked.docx')).toMatchObject({ code: 'encrypted-file' });
    expect(await refusal(oleContainer, 'old.doc.txt')).toMatchObject({ code: 'unsupported-media-type', message: expect.stringContaining('old Word (.doc)') });
  });
});

describe('web pages that are not read', () => {
  it('100 MB of nested tags: refused by size before anything is parsed', async () => {
    const huge = Buffer.alloc(100 * 1024 * 1024, '<div>');
    expect(await refusal(huge, 'huge.html')).toMatchObject({ code: 'payload-too-large', status: 413 });
  });

  it('nested deeper than a page of a report, or with more elements, within the size limit', async () => {
    const started = performance.now();
    expect(await refusal(Buffer.from(`<html><body>${'<div>'.repeat(2_000_000)}x`), 'deep.html')).toMatchObject({ code: 'file-too-complex', status: 422 });
    expect(await refusal(Buffer.from(`<html><body>${'<p>x</p>'.repeat(300_000)}`), 'wide.html')).toMatchObject({ code: 'file-too-complex' });
    expect(performance.now() - started).toBeLessThan(5000);
  });
});

describe('text files that are not read', () => {
  const text = reportSource('2025-guiyang').slice(0, 6000);

  it('one whose encoding cannot be told, or that mixes two', async () => {
    const noise = Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 7919 + 13) % 256));
    expect(await refusal(noise, 'noise.txt')).toMatchObject({ code: 'unknown-encoding', status: 415, message: expect.stringContaining('cannot be told') });
    const mixed = Buffer.concat([Buffer.from(text.slice(0, 3000)), gbk(text.slice(3000))]);
    expect(await refusal(mixed, 'mixed.txt')).toMatchObject({ code: 'unknown-encoding', message: expect.stringContaining('mixes UTF-8') });
    expect(await refusal(iconv.encode(text, 'big5'), 'big5.txt')).toMatchObject({ code: 'unknown-encoding', message: expect.stringContaining('Big5') });
    expect(await refusal(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), gbk(text)]), 'bom-gbk.txt')).toMatchObject({ code: 'unknown-encoding' });
  });
});

describe('files named or typed wrongly', () => {
  it('a name that holds a path or control characters', async () => {
    for (const name of ['../../etc/passwd.txt', 'reports/2025.txt', '..\\x.txt', '..', 'a\u0000b.txt', 'a\nb.txt', 'report\u202etxt.pdf', ' ']) {
      expect(await refusal(Buffer.from(text()), name)).toMatchObject({ code: 'invalid-file-name', status: 400 });
    }
  });

  it('content other than its name says, or of a format not read', async () => {
    expect(await refusal(pdf, 'report.txt')).toMatchObject({ code: 'unsupported-media-type', status: 415, message: expect.stringContaining('name it .pdf') });
    expect(await refusal(Buffer.from(text()), 'report.pdf')).toMatchObject({ code: 'unsupported-media-type', message: expect.stringContaining('not a PDF') });
    expect(await refusal(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]), 'scan.txt')).toMatchObject({ code: 'unsupported-media-type', message: expect.stringContaining('PNG') });
  });

  it('a file larger than the limit', async () => {
    expect(await refusal(Buffer.from(text()), 'report.txt', { ...DEFAULT_FILE_LIMITS, maxBytes: 100 })).toMatchObject({ code: 'payload-too-large', status: 413 });
  });

  const text = () => reportSource('2025-guiyang');
});

describe('a corpus folder holding bad files', () => {
  it('reads its good reports and lists each bad file with its code', async () => {
    const folder = join(tempDir('zbwd-bad-corpus-'), 'reports');
    mkdirSync(folder);
    writeFileSync(join(folder, 'a-guiyang.pdf'), pdf);
    writeFileSync(join(folder, 'b-scan.pdf'), await scannedPdf(printablePage(shippedReport('2025-guiyang')), 1));
    writeFileSync(join(folder, 'c-bomb.docx'), zip({ ...WORD_PARTS, 'word/document.xml': HUGE_DOCUMENT }));
    writeFileSync(join(folder, 'd-noise.txt'), Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 7919 + 13) % 256)));
    writeFileSync(join(folder, 'e-guiyang-copy.txt'), reportSource('2025-guiyang'));
    const parsed = parseCorpus(await readCorpusFiles(folder));
    expect(parsed.reports.map((r) => [r.id, r.file])).toEqual([['2025-guiyang', 'a-guiyang.pdf']]);
    expect(parsed.duplicates).toEqual([{ file: 'e-guiyang-copy.txt', of: '2025-guiyang' }]);
    expect(parsed.skipped.map((s) => [s.file, s.code])).toEqual([
      ['b-scan.pdf', 'no-text-layer'],
      ['c-bomb.docx', 'payload-too-large'],
      ['d-noise.txt', 'unknown-encoding'],
    ]);
    expect(parsed.skipped.every((s) => s.code && APP_ERROR_STATUS[s.code] < 500 && s.reason.length > 0)).toBe(true);
  });
});
