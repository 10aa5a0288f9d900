/**
 * The rows an answer across reports rests on, as text: a Markdown table (the OpenAI-compatible endpoint) and a
 * compact table of aligned columns (Slack's code block, the terminal), in the question's language. Empty for an
 * answer without rows.
 */
import stringWidth from 'string-width';
import { regionName } from '../answering/wording.ts';
import type { Answer, AnswerTable } from '../domain.ts';
import { figureLabel } from '../indicators/figure.ts';
import { isEnglish } from '../question/everyday.ts';

type Language = 'zh' | 'en';
type Row = AnswerTable['rows'][number];

/** Characters of the quote a Markdown row gives: enough to recognise the clause, which its citation holds whole. */
const QUOTE_CHARS = 24;

const WORDS = {
  zh: { region: '地区', period: '年份', figure: '数值', quote: '原文', source: '出处', noNumber: '未给出数字', more: (n: number) => `…及其余${n}个` },
  en: { region: 'Region', period: 'Year', figure: 'Figure', quote: 'Quote', source: 'Source', noNumber: 'no number', more: (n: number) => `… and ${n} more` },
} as const;

function languageOf(answer: Answer): Language {
  return isEnglish(answer.question) ? 'en' : 'zh';
}

function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** One line of text: a cell must not break its row. */
const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

function figureOf(row: Row, language: Language): string {
  return figureLabel(row, language) ?? WORDS[language].noNumber;
}

function regionOf(row: Row, language: Language): string {
  return regionName(row.region, language);
}

/** Cells padded to their column's width, Chinese characters counting as two columns. */
function aligned(rows: readonly (readonly string[])[]): string[][] {
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => stringWidth(r[i] ?? ''))));
  return rows.map((r) => r.map((cell, i) => cell + ' '.repeat(Math.max(0, (widths[i] ?? 0) - stringWidth(cell)))));
}

/** `| 地区 | 年份 | 数值 | 原文 | 出处 |`, a row a line, led by a blank line; '' without rows. */
export function markdownTable(answer: Answer): string {
  const { table } = answer;
  if (!table || table.rows.length === 0) return '';
  const language = languageOf(answer);
  const words = WORDS[language];
  const cell = (text: string) => oneLine(text).replace(/\\/g, '\\\\').replace(/\|/g, '\\|');
  const rows = table.rows.map((row) => [regionOf(row, language), row.period, figureOf(row, language), clip(row.quote, QUOTE_CHARS), `[${row.n}]`].map(cell));
  const [header, ...body] = aligned([[words.region, words.period, words.figure, words.quote, words.source], ...rows]);
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  const rule = `| ${(header ?? []).map((c) => '-'.repeat(Math.max(3, stringWidth(c)))).join(' | ')} |`;
  return `\n\n${[line(header ?? []), rule, ...body.map(line)].join('\n')}`;
}

/**
 * `[1] 西藏自治区  7%以上（力争达到8%）`, a row a line in columns, the first `limit` rows and then how many are left;
 * the year is a column only when the rows are of several. '' without rows.
 */
export function compactTable(answer: Answer, limit = Number.POSITIVE_INFINITY): string {
  const { table } = answer;
  if (!table || table.rows.length === 0) return '';
  const language = languageOf(answer);
  const severalYears = new Set(table.rows.map((r) => r.period)).size > 1;
  const shown = table.rows.slice(0, limit);
  const cells = shown.map((row) => [`[${row.n}]`, severalYears ? row.period : regionOf(row, language), figureOf(row, language)].map(oneLine));
  const lines = aligned(cells).map((r) => r.join('  ').trimEnd());
  const rest = table.rows.length - shown.length;
  return [...lines, ...(rest > 0 ? [WORDS[language].more(rest)] : [])].join('\n');
}
