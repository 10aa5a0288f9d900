/**
 * Rebuilding real paragraphs from extracted lines: PDF page breaks and newspaper columns wrap sentences
 * across lines and blank lines; headings stand on their own lines.
 */
import { isMarkedHeading, parseHeadingLine, startsWithSectionNumber, type HeadingLine } from './headings.ts';
import { takeContinuedFrom, takeContinuedOn } from './lines.ts';
import { collapseCjkSpaces, endsSentence, isCjkChar, joinWrappedLines, PAGE_BREAK } from './text.ts';

export type Block = { type: 'heading'; heading: HeadingLine } | { type: 'paragraph'; text: string; page?: number };

interface Layout {
  /** Newspaper columns: every line is wrapped, so consecutive lines belong together. */
  columns: boolean;
  /** Typical line width: in columns, most lines are full. */
  width: number;
}

/** Lines of a column layout are this short; PDF or web text has lines of a paragraph or a page width. */
const COLUMN_MEDIAN_WIDTH = 20;
/** In columns, a line this close to the full width was wrapped and cannot be a heading. */
const FULL_LINE_RATIO = 0.8;
/** A heading wrapped onto a second line leaves a short unpunctuated remainder. */
const MAX_HEADING_REMAINDER = 24;

function measureLayout(lines: readonly string[]): Layout {
  const lengths = lines.filter((l) => l.length > 0).map((l) => l.length).sort((a, b) => a - b);
  if (lengths.length === 0) return { columns: false, width: 0 };
  const median = lengths[Math.floor(lengths.length / 2)] ?? 0;
  return { columns: median <= COLUMN_MEDIAN_WIDTH, width: median };
}

/** A page break sometimes repeats the character it falls on (`中关村科` / `科技园`). */
function joinAcrossBreak(before: string, after: string, acrossBlank: boolean): string {
  const last = before.at(-1) ?? '';
  if (acrossBlank && last === after[0] && isCjkChar(last)) return before + after.slice(1);
  return joinWrappedLines(before, after);
}

/** The second line of a heading wrapped in two: short, unpunctuated, unnumbered. */
function isHeadingRemainder(line: string): boolean {
  return (
    line.length <= MAX_HEADING_REMAINDER &&
    !endsSentence(line) &&
    !/[，。；！？：,;:]/.test(line) &&
    !startsWithSectionNumber(line)
  );
}

export interface ReflowOptions {
  /** The page the lines start on, when they are paged (PAGE_BREAK lines between pages): paragraphs keep theirs. */
  firstPage?: number;
  /**
   * Each line is a whole paragraph or heading already, as a PDF's layout, a Word file or a web page gives them: lines
   * are not joined, but for a sentence left open at the foot of a page, which goes on on the next.
   */
  paragraphLines?: boolean;
}

export function reflow(rawLines: readonly string[], options: ReflowOptions = {}): Block[] {
  const { firstPage, paragraphLines = false } = options;
  const lines = rawLines.map((line) => (line === PAGE_BREAK ? line : collapseCjkSpaces(line)));
  const layout = paragraphLines ? { columns: false, width: 0 } : measureLayout(lines);
  const blocks: Block[] = [];
  let page = firstPage;
  /** A page ended since the last line. */
  let pageBreakSince = false;
  let paragraph: string | undefined;
  let paragraphPage: number | undefined;
  /** The paragraph ends mid-sentence and goes on at the next body line. */
  let open = false;
  /** The paragraph was cut by a `（下转…）` marker and goes on at a line opening with `（上接…）`. */
  let jumped = false;
  let blankSince = false;
  let lastWasHeading = false;
  let lastHeadingMarked = false;

  const flush = (): void => {
    if (paragraph) blocks.push({ type: 'paragraph', text: paragraph, ...(paragraphPage === undefined ? {} : { page: paragraphPage }) });
    paragraph = undefined;
    open = false;
    jumped = false;
  };

  for (const line of lines) {
    if (line === PAGE_BREAK) {
      if (page !== undefined) page++;
      pageBreakSince = true;
      continue;
    }
    if (!line) {
      blankSince = true;
      continue;
    }
    const from = takeContinuedFrom(line);
    const on = takeContinuedOn(from.text);
    const text = on.text;
    const previousHeading = lastWasHeading ? blocks.at(-1) : undefined;
    const previousMarked = lastHeadingMarked;
    lastWasHeading = false;

    if (jumped && !from.continued) flush();
    const wrapped = layout.columns && text.length >= layout.width * FULL_LINE_RATIO;
    const heading = wrapped ? undefined : parseHeadingLine(text);
    // A heading marked as one (Word's, a web page's) is whole: it is not wrapped, and the next marked one is its own.
    const marked = isMarkedHeading(text);
    if (previousHeading?.type === 'heading' && !previousMarked && !marked && !wrapped && !heading?.appendix && isHeadingRemainder(text)) {
      const title = previousHeading.heading;
      title.title += (title.appendix ? ' ' : '') + text;
      lastWasHeading = true;
      blankSince = false;
      continue;
    }
    // An unfinished sentence goes on across a page break even when its next piece looks like a heading (unless marked).
    if (heading && (marked || !(open && !startsWithSectionNumber(text) && !heading.appendix))) {
      flush();
      blocks.push({ type: 'heading', heading });
      lastWasHeading = true;
      lastHeadingMarked = marked;
      blankSince = false;
      continue;
    }

    const continues =
      paragraph !== undefined &&
      ((open && (!paragraphLines || pageBreakSince)) || jumped || (layout.columns && !blankSince && !startsWithSectionNumber(text)));
    if (continues && paragraph !== undefined) {
      paragraph = joinAcrossBreak(paragraph, text, blankSince && !layout.columns);
    } else {
      flush();
      paragraph = text;
      paragraphPage = page;
    }
    open = !endsSentence(text);
    jumped = on.continued;
    blankSince = false;
    pageBreakSince = false;
  }
  flush();
  return blocks;
}
