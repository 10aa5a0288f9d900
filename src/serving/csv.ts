/**
 * Rows as CSV per RFC 4180: CRLF after every record, a field quoted when it holds a comma, a double quote or a line
 * break, its double quotes doubled. The text opens with a byte-order mark, without which spreadsheet programs read
 * UTF-8 as the local code page and garble Chinese.
 */
export type CsvField = string | number | boolean | null;

const BOM = '\uFEFF';
const NEEDS_QUOTES = /[",\r\n]/;

/** One field as written: null as an empty field. */
export function csvField(field: CsvField): string {
  const text = field === null ? '' : String(field);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: readonly (readonly CsvField[])[]): string {
  return BOM + [header, ...rows].map((record) => `${record.map(csvField).join(',')}\r\n`).join('');
}
