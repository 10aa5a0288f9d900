/**
 * Rebuilding real paragraphs from extracted lines: PDF page breaks and newspaper columns wrap sentences
 * across lines and blank lines; headings stand on their own lines.
 */
import { parseHeadingLine, startsWithSectionNumber, type HeadingLine } from './headings.ts';
import { takeContinuedFrom, takeContinuedOn } from './lines.ts';
import { collapseCjkSpaces, endsSentence, isCjkChar } from './text.ts';

export type Block = { type: 'heading'; heading: HeadingLine } | { type: 'paragraph'; text: string };

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
  const needsSpace = /[A-Za-z0-9]$/.test(before) && /^[A-Za-z]/.test(after);
  return before + (needsSpace ? ' ' : '') + after;
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

export function reflow(rawLines: readonly string[]): Block[] {
  const lines = rawLines.map(collapseCjkSpaces);
  const layout = measureLayout(lines);
  const blocks: Block[] = [];
  let paragraph: string | undefined;
  /** The paragraph ends mid-sentence and goes on at the next body line. */
  let open = false;
  /** The paragraph was cut by a `（下转…）` marker and goes on at a line opening with `（上接…）`. */
  let jumped = false;
  let blankSince = false;
  let lastWasHeading = false;

  const flush = (): void => {
    if (paragraph) blocks.push({ type: 'paragraph', text: paragraph });
    paragraph = undefined;
    open = false;
    jumped = false;
  };

  for (const line of lines) {
    if (!line) {
      blankSince = true;
      continue;
    }
    const from = takeContinuedFrom(line);
    const on = takeContinuedOn(from.text);
    const text = on.text;
    const previousHeading = lastWasHeading ? blocks.at(-1) : undefined;
    lastWasHeading = false;

    if (jumped && !from.continued) flush();
    const wrapped = layout.columns && text.length >= layout.width * FULL_LINE_RATIO;
    const heading = wrapped ? undefined : parseHeadingLine(text);
    if (previousHeading?.type === 'heading' && !wrapped && !heading?.appendix && isHeadingRemainder(text)) {
      const title = previousHeading.heading;
      title.title += (title.appendix ? ' ' : '') + text;
      lastWasHeading = true;
      blankSince = false;
      continue;
    }
    // An unfinished sentence goes on across a page break even when its next piece looks like a heading.
    if (heading && !(open && !startsWithSectionNumber(text) && !heading.appendix)) {
      flush();
      blocks.push({ type: 'heading', heading });
      lastWasHeading = true;
      blankSince = false;
      continue;
    }

    const continues =
      paragraph !== undefined &&
      (open || jumped || (layout.columns && !blankSince && !startsWithSectionNumber(text)));
    if (continues && paragraph !== undefined) {
      paragraph = joinAcrossBreak(paragraph, text, blankSince && !layout.columns);
    } else {
      flush();
      paragraph = text;
    }
    open = !endsSentence(text);
    jumped = on.continued;
    blankSince = false;
  }
  flush();
  return blocks;
}
