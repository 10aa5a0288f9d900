/**
 * A strict reader of RFC 4180 CSV for the tests: every record ends in CRLF, and a quote anywhere but around a whole
 * field, or a line break outside quotes, is an error rather than read somehow.
 */
export function readCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"') {
      const close = closingQuote(text, i + 1);
      record.push(text.slice(i + 1, close).replaceAll('""', '"'));
      i = close + 1;
    } else {
      const end = fieldEnd(text, i);
      const field = text.slice(i, end);
      if (/["\r\n]/.test(field)) throw new Error(`an unquoted field holds a quote or line break at ${i}`);
      record.push(field);
      i = end;
    }
    if (text[i] === ',') {
      i += 1;
    } else if (text.startsWith('\r\n', i)) {
      records.push(record);
      record = [];
      i += 2;
    } else {
      throw new Error(i === text.length ? 'the last record does not end in CRLF' : `text after a closing quote at ${i}`);
    }
  }
  if (record.length > 0) throw new Error('the last record does not end in CRLF');
  return records;
}

function fieldEnd(text: string, from: number): number {
  const separator = /,|\r\n/g;
  separator.lastIndex = from;
  return separator.exec(text)?.index ?? text.length;
}

function closingQuote(text: string, from: number): number {
  for (let i = from; i < text.length; i += 1) {
    if (text[i] !== '"') continue;
    if (text[i + 1] !== '"') return i;
    i += 1;
  }
  throw new Error(`a quoted field opened at ${from - 1} is never closed`);
}
