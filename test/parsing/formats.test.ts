/**
 * The corpus's own reports in every format the corpus folder reads, each parsed into the same report as the original
 * text: its metadata, its section tree and its paragraphs, each under the same headings.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Document, HeadingLevel, Packer, Paragraph as WordParagraph } from 'docx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Paragraph, Report } from '../../src/domain.ts';
import { parseCorpus, readCorpusFiles } from '../../src/parsing/corpus.ts';
import { readReportFile, type ReportFile } from '../../src/parsing/report-file.ts';
import { tempDir } from '../corpus.ts';
import { closeBrowser, gbk, printablePage, printPdf, reportDocx, reportSource, savedPage, shippedReport } from './fixtures.ts';

/** The one report a file holds. */
function onlyReport(file: ReportFile): Report {
  const parsed = parseCorpus([file]);
  expect(parsed.skipped).toEqual([]);
  expect(parsed.reports).toHaveLength(1);
  return parsed.reports[0] as Report;
}

const meta = ({ sections: _s, paragraphs: _p, file: _f, sourceUrl: _u, ...rest }: Report) => rest;
const outline = (paragraphs: readonly Paragraph[], fold: (text: string) => string = (t) => t) =>
  paragraphs.map((p) => ({ text: fold(p.text), sectionPath: p.sectionPath }));

/**
 * Chromium prints with Noto Sans CJK, whose Simplified Chinese face draws 户 and 戶 with one glyph, and writes that
 * glyph into the PDF as 戶: the PDF's own text says 戶, so the reader cannot but read it so.
 */
const undoSharedGlyphs = (text: string) => text.replaceAll('戶', '户');

const PDF_ID = '2025-beijing';
const COLUMNS_ID = '2025-guiyang';
const DOCX_ID = '2026-guiyang';
const HTML_ID = '2024-guiyang';
const GBK_ID = '2025-tibet';
const PAGE_URL = 'https://www.guiyang.gov.cn/zwgk/zfxxgks/fdzdgknr/ghxx/zfgzbg/202402/t20240205_83461223.html';

const files: Record<string, ReportFile> = {};

beforeAll(async () => {
  const pdf = shippedReport(PDF_ID);
  const columns = shippedReport(COLUMNS_ID);
  const read = async (bytes: Uint8Array, name: string) => {
    files[name] = await readReportFile(bytes, name);
  };
  await read(await printPdf(printablePage(pdf), pdf.title), 'beijing.pdf');
  await read(await printPdf(printablePage(columns, { columns: true }), columns.title), 'guiyang-columns.pdf');
  await read(await reportDocx(shippedReport(DOCX_ID)), 'guiyang-2026.docx');
  await read(Buffer.from(savedPage(shippedReport(HTML_ID), PAGE_URL)), 'guiyang-2024.html');
  await read(gbk(reportSource(GBK_ID)), 'tibet.txt');
}, 120_000);

afterAll(closeBrowser);

describe('a PDF printed from a report', () => {
  it('reads as the same report: metadata, section tree and every paragraph under its headings', () => {
    const file = files['beijing.pdf'] as ReportFile;
    const original = shippedReport(PDF_ID);
    const report = onlyReport(file);
    expect(file.format).toBe('pdf');
    expect(meta(report)).toEqual(meta(original));
    expect(report.sections).toEqual(original.sections);
    expect(outline(report.paragraphs, undoSharedGlyphs)).toEqual(outline(original.paragraphs));
    // 戶 is the only difference: every other character is the original's.
    const changed = report.paragraphs.filter((p, i) => p.text !== original.paragraphs[i]?.text);
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.every((p) => p.text.includes('戶'))).toBe(true);
  });

  it('drops the running header and the page numbers, and joins Chinese lines without spaces', () => {
    const file = files['beijing.pdf'] as ReportFile;
    expect(file.pages).toBeGreaterThan(10);
    expect(file.text.split('\n').filter((line) => line.includes('政府工作报告')).length).toBe(1);
    expect(file.text).not.toMatch(/—\s*\d+\s*—/);
    expect(file.text).not.toMatch(/[\u4e00-\u9fff，。；] [\u4e00-\u9fff，。；]/);
    // The lines of a paragraph are joined across the page's width: a paragraph is one line of the text.
    expect(file.text.split('\n').some((line) => line.includes('预计全市地区生产总值增长5.2%左右'))).toBe(true);
  });

  it('keeps the page each paragraph starts on', () => {
    const file = files['beijing.pdf'] as ReportFile;
    const pages = onlyReport(file).paragraphs.map((p) => p.page ?? 0);
    expect(pages[0]).toBe(1);
    expect(pages.at(-1)).toBe(file.pages);
    expect(pages.every((page, i) => page >= (pages[i - 1] ?? 1))).toBe(true);
    expect(new Set(pages).size).toBeGreaterThan(10);
  });

  it('reads a page in two columns column by column', () => {
    const original = shippedReport(COLUMNS_ID);
    const report = onlyReport(files['guiyang-columns.pdf'] as ReportFile);
    expect(meta(report)).toEqual(meta(original));
    expect(report.sections).toEqual(original.sections);
    expect(outline(report.paragraphs, undoSharedGlyphs)).toEqual(outline(original.paragraphs));
  });
});

describe('a Word file of a report', () => {
  it('reads as the same report, its heading styles making the section tree', () => {
    const original = shippedReport(DOCX_ID);
    const file = files['guiyang-2026.docx'] as ReportFile;
    const report = onlyReport(file);
    expect(file.format).toBe('docx');
    expect(meta(report)).toEqual(meta(original));
    expect(report.sections).toEqual(original.sections);
    expect(outline(report.paragraphs)).toEqual(outline(original.paragraphs));
    expect(file.text).toMatch(/^# 一、2025年和“十四五”时期工作回顾$/m);
  });

  it('nests unnumbered headings by their heading level, and keeps its paragraphs apart', async () => {
    const heading = (text: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel]) => new WordParagraph({ text, heading: level });
    const children = [
      heading('2025年贵阳市政府工作报告', HeadingLevel.TITLE),
      heading('过去一年的工作', HeadingLevel.HEADING_1),
      heading('产业发展', HeadingLevel.HEADING_2),
      new WordParagraph('规模以上工业增加值增长9.7%。'),
      heading('民生保障', HeadingLevel.HEADING_2),
      new WordParagraph('城镇新增就业7.8万人，城镇调查失业率5.5%'),
      new WordParagraph('居民人均可支配收入增长5%。'),
      heading('今年的工作安排', HeadingLevel.HEADING_1),
      new WordParagraph('地区生产总值增长5.5%左右。'),
    ];
    const report = onlyReport(await readReportFile(await Packer.toBuffer(new Document({ sections: [{ children }] })), 'outline.docx'));
    expect(report).toMatchObject({ region: '贵阳市', year: 2025 });
    expect(report.sections).toEqual([
      { title: '过去一年的工作', level: 1, path: ['过去一年的工作'] },
      { title: '产业发展', level: 2, path: ['过去一年的工作', '产业发展'] },
      { title: '民生保障', level: 2, path: ['过去一年的工作', '民生保障'] },
      { title: '今年的工作安排', level: 1, path: ['今年的工作安排'] },
    ]);
    expect(report.paragraphs.map((p) => [p.text, p.sectionPath.at(-1)])).toEqual([
      ['规模以上工业增加值增长9.7%。', '产业发展'],
      ['城镇新增就业7.8万人，城镇调查失业率5.5%', '民生保障'],
      ['居民人均可支配收入增长5%。', '民生保障'],
      ['地区生产总值增长5.5%左右。', '今年的工作安排'],
    ]);
  });
});

describe('a saved web page of a report', () => {
  it('reads as the same report, without the navigation, sidebar, scripts and footer around it', () => {
    const original = shippedReport(HTML_ID);
    const file = files['guiyang-2024.html'] as ReportFile;
    const report = onlyReport(file);
    expect(file.format).toBe('html');
    expect(meta(report)).toEqual(meta(original));
    expect(report.sections).toEqual(original.sections);
    expect(outline(report.paragraphs)).toEqual(outline(original.paragraphs));
    expect(file.text).not.toMatch(/首页|政务公开|相关阅读|备案号|版权所有|分享到|统计代码|访问量|请输入关键字/);
  });

  it('takes its source URL from <link rel=canonical>', () => {
    expect(onlyReport(files['guiyang-2024.html'] as ReportFile).sourceUrl).toBe(PAGE_URL);
  });
});

describe('a report in GBK', () => {
  it('is read as GB18030 (of which GBK is part) into the report the UTF-8 corpus holds', () => {
    const file = files['tibet.txt'] as ReportFile;
    expect(file).toMatchObject({ format: 'text', encoding: 'gb18030' });
    expect({ ...onlyReport(file), file: '' }).toEqual({ ...shippedReport(GBK_ID), file: '' });
  });
});

describe('a corpus folder of mixed formats', () => {
  it('reads every format by its content, and indexes a copy of a report in another format once', async () => {
    const dir = join(tempDir('zbwd-formats-'), 'reports');
    mkdirSync(dir);
    writeFileSync(join(dir, 'a-beijing.txt'), reportSource(PDF_ID));
    writeFileSync(join(dir, 'b-beijing-again.pdf'), await printPdf(printablePage(shippedReport(PDF_ID)), '北京'));
    writeFileSync(join(dir, 'c-guiyang-2026.docx'), await reportDocx(shippedReport(DOCX_ID)));
    // A saved page named .txt is still a page.
    writeFileSync(join(dir, 'd-guiyang-2024.txt'), savedPage(shippedReport(HTML_ID), PAGE_URL));
    writeFileSync(join(dir, 'e-tibet.md'), gbk(reportSource(GBK_ID)));
    writeFileSync(join(dir, 'e-tibet.meta.json'), '{}');
    const parsed = parseCorpus(await readCorpusFiles(dir));
    expect(parsed.reports.map((r) => [r.id, r.file])).toEqual([
      ['2025-beijing', 'a-beijing.txt'],
      ['2026-guiyang', 'c-guiyang-2026.docx'],
      ['2024-guiyang', 'd-guiyang-2024.txt'],
      ['2025-tibet', 'e-tibet.md'],
    ]);
    expect(parsed.duplicates).toEqual([{ file: 'b-beijing-again.pdf', of: '2025-beijing' }]);
    expect(parsed.skipped).toEqual([]);
  });
});
