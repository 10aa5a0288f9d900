/** Recognising section headings: standalone heading lines and the inline leads that open a paragraph. */
import { CHINESE_NUMERAL, endsSentence, hasPunctuation } from './text.ts';

/**
 * Rank of a heading kind: a heading closes every open section of the same or a deeper rank. Ranks are
 * relative, so a report that goes from `三、` straight to `一是` nests them directly.
 */
export type HeadingRank = 1 | 2 | 3;

export interface HeadingLine {
  title: string;
  rank: HeadingRank;
  /** Glossaries and appendices: their own top-level section, numbered headings nest inside them. */
  appendix: boolean;
}

const MARKDOWN_HEADING = /^#{1,6}\s*(.+?)\s*#*$/;
const BOLD_LINE = /^\*\*(.+?)\*\*$/;
const LEVEL1 = new RegExp(`^(?:${CHINESE_NUMERAL}[、.．]|第${CHINESE_NUMERAL}部分)`);
const LEVEL2 = new RegExp(`^[（(]${CHINESE_NUMERAL}[）)]`);
const LEVEL3 = new RegExp(`^${CHINESE_NUMERAL}是`);
const APPENDIX = /^(?:附件\s*\d*|附录|名词解释|名词注释|注释|有关名词解释)(?:\s|[:：]|$)/;
/** Longest heading line or inline lead taken as a section title. */
const MAX_TITLE_LENGTH = 60;
/** Unnumbered heading lines (`2024年工作回顾`, `加强政府自身建设`) are short and unpunctuated. */
const MAX_PLAIN_HEADING_LENGTH = 24;

function numberedRank(text: string): HeadingRank | undefined {
  if (LEVEL1.test(text)) return 1;
  if (LEVEL2.test(text)) return 2;
  if (LEVEL3.test(text)) return 3;
  return undefined;
}

export function stripMarkup(line: string): string {
  const markdown = MARKDOWN_HEADING.exec(line);
  const inner = markdown?.[1] ?? line;
  return (BOLD_LINE.exec(inner)?.[1] ?? inner).trim();
}

/** Whether a line is marked a heading (`## …`, `**…**`), as Word's and web pages' headings are written. */
export function isMarkedHeading(line: string): boolean {
  return MARKDOWN_HEADING.test(line) || BOLD_LINE.test(line);
}

/** An unnumbered marked heading ranks by its depth (`#`, `##`, `###` and deeper), a bold line as the top. */
function markedRank(line: string): HeadingRank {
  const depth = /^#+/.exec(line)?.[0].length ?? 1;
  return depth >= 3 ? 3 : depth === 2 ? 2 : 1;
}

/** Whether a line opens with a section number (`一、`, `（二）`, `三是`). */
export function startsWithSectionNumber(line: string): boolean {
  return numberedRank(stripMarkup(line)) !== undefined;
}

/** A whole line that is a heading, or undefined when the line is body text. */
export function parseHeadingLine(line: string): HeadingLine | undefined {
  const marked = isMarkedHeading(line);
  const title = stripMarkup(line);
  if (!title || title.length > MAX_TITLE_LENGTH || endsSentence(title)) return undefined;
  if (APPENDIX.test(title)) return { title, rank: 1, appendix: true };
  const numbered = numberedRank(title);
  if (numbered !== undefined) return /[。！？]/.test(title) ? undefined : { title, rank: numbered, appendix: false };
  if (marked) return { title, rank: markedRank(line), appendix: false };
  if (title.length <= MAX_PLAIN_HEADING_LENGTH && !hasPunctuation(title) && !/^[\d.\s%]+$/.test(title)) {
    return { title, rank: 1, appendix: false };
  }
  return undefined;
}

/**
 * A paragraph that opens with a numbered lead sentence (`（一）现代化产业体系建设取得新成效。坚持…`), or
 * is nothing but one (`（六）聚力打造美丽中国建设先行区，…实现新作为。`): the lead, without its full stop,
 * is the section title; the paragraph stays whole.
 */
export function parseInlineLead(paragraph: string): Omit<HeadingLine, 'appendix'> | undefined {
  const rank = numberedRank(paragraph);
  if (rank === undefined) return undefined;
  const end = paragraph.search(/[。！？；]/);
  if (end < 0 || end > MAX_TITLE_LENGTH) return undefined;
  return { title: paragraph.slice(0, end), rank };
}
