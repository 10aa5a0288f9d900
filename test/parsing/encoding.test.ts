/** A report's text in each encoding Chinese text files come in reads as the same text, its encoding named. */
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { readReportFile } from '../../src/parsing/report-file.ts';
import { reportSource } from './fixtures.ts';

const text = reportSource('2025-beijing');

const ENCODINGS: [string, Buffer, string][] = [
  ['UTF-8', Buffer.from(text), 'utf-8'],
  ['UTF-8 with a byte-order mark', Buffer.from(`\uFEFF${text}`), 'utf-8'],
  ['UTF-16LE with a byte-order mark', Buffer.from(`\uFEFF${text}`, 'utf16le'), 'utf-16le'],
  ['UTF-16BE with a byte-order mark', Buffer.from(`\uFEFF${text}`, 'utf16le').swap16(), 'utf-16be'],
  ['UTF-16LE without one', Buffer.from(text, 'utf16le'), 'utf-16le'],
  ['UTF-16BE without one', Buffer.from(text, 'utf16le').swap16(), 'utf-16be'],
  ['GBK', iconv.encode(text, 'gbk'), 'gb18030'],
  ['GB18030 with characters outside GBK', iconv.encode(`${text}\n𠀾・€`, 'gb18030'), 'gb18030'],
];

describe('text files in any common Chinese encoding', () => {
  for (const [label, bytes, encoding] of ENCODINGS) {
    it(`reads ${label}`, async () => {
      const file = await readReportFile(bytes, 'report.txt');
      expect(file.encoding).toBe(encoding);
      expect(file.text.startsWith(text)).toBe(true);
    });
  }

  it('reads a short note in GBK, too short for statistics to weigh much', async () => {
    const file = await readReportFile(iconv.encode('2025年北京市政府工作报告\n预计全市地区生产总值增长5.2%左右。', 'gbk'), 'note.txt');
    expect(file).toMatchObject({ encoding: 'gb18030', text: '2025年北京市政府工作报告\n预计全市地区生产总值增长5.2%左右。' });
  });
});
