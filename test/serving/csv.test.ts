import { describe, expect, it } from 'vitest';
import { csvField, toCsv } from '../../src/serving/csv.ts';
import { readCsv } from './read-csv.ts';

describe('csvField', () => {
  it.each([
    ['地区生产总值增长5%左右', '地区生产总值增长5%左右'],
    [5.5, '5.5'],
    [-0.1, '-0.1'],
    [true, 'true'],
    [null, ''],
    ['', ''],
    [' 留空 ', ' 留空 '],
    ['a,b', '"a,b"'],
    ['说"稳"字', '"说""稳""字"'],
    ['"', '""""'],
    ['一行\n两行', '"一行\n两行"'],
    ['回车\r', '"回车\r"'],
    ['全角，逗号', '全角，逗号'],
  ])('writes %j as %j', (field, written) => {
    expect(csvField(field)).toBe(written);
  });
});

describe('toCsv', () => {
  it('opens with a BOM and ends every record, the header first, in CRLF', () => {
    expect(toCsv(['a', 'b'], [[1, null], ['x', false]])).toBe('\uFEFFa,b\r\n1,\r\nx,false\r\n');
  });

  it('is the header alone when there are no rows', () => {
    expect(toCsv(['region', 'quote'], [])).toBe('\uFEFFregion,quote\r\n');
  });

  it('reads back as written, whatever the fields hold', () => {
    const rows = [
      ['北京市', '地区生产总值增长5%左右、努力争取更好结果', ''],
      ['a,b', 'say "hi", twice ""', 'line\r\nbreak\nand\rreturn'],
      [',', '"', '\r\n'],
    ];
    const text = toCsv(['x', 'y', 'z'], rows);
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(readCsv(text.slice(1))).toEqual([['x', 'y', 'z'], ...rows]);
  });
});

describe('readCsv, which the tests read the writer with', () => {
  it.each(['a"b\r\n', 'a\nb\r\n', '"a"b\r\n', '"a\r\n', 'a,b'])('refuses %j', (text) => {
    expect(() => readCsv(text)).toThrow();
  });
});
