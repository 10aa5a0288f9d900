/**
 * A PDF page's positioned text as lines in reading order, then paragraphs: the geometry a text file has lost. Lines
 * are gathered by baseline and read left to right, a page in two columns column by column; running headers, footers
 * and page numbers (the same line at the top or bottom of most pages, or a lone number there) are dropped; a line
 * joins the one before unless that one ended short of the right margin, it is indented, or a gap or a change of size
 * sets it apart. What is left to join (sentences across a page break, headings) is the reflow's, as for text.
 */
import { collapseCjkSpaces, joinWrappedLines } from '../text.ts';

/** A run of text placed on a page: its baseline's left end, its advance width and its font size, in points. */
export interface Glyphs {
  text: string;
  x: number;
  y: number;
  width: number;
  size: number;
}

export interface PageText {
  /** The page's size, to tell its top and bottom margins. */
  width: number;
  height: number;
  glyphs: Glyphs[];
}

interface Line {
  text: string;
  x0: number;
  x1: number;
  y: number;
  size: number;
}

/** Runs whose baselines differ by less than this share of their size sit on one line (a superscript rides along). */
const SAME_LINE = 0.5;
/** A gap wider than this share of the size between two runs is a space (a Latin word gap; CJK gaps are collapsed). */
const WORD_GAP = 0.2;
/** A gap wider than this many sizes between two runs of a line parts it: columns, or a table's cells. */
const PART_GAP = 1.5;

/** Runs on one baseline, top of the page first. */
function toRows(glyphs: readonly Glyphs[]): Glyphs[][] {
  const sorted = [...glyphs].sort((a, b) => b.y - a.y || a.x - b.x);
  const rows: Glyphs[][] = [];
  for (const glyph of sorted) {
    const row = rows.at(-1);
    const first = row?.[0];
    if (row && first && Math.abs(first.y - glyph.y) < SAME_LINE * Math.min(first.size, glyph.size)) row.push(glyph);
    else rows.push([glyph]);
  }
  return rows.map((row) => row.sort((a, b) => a.x - b.x));
}

/** A row's runs in the parts that wide gaps leave, each read as one stretch of text. */
function parts(row: readonly Glyphs[]): Glyphs[][] {
  const out: Glyphs[][] = [];
  let end = -Infinity;
  for (const run of row) {
    const part = out.at(-1);
    if (part && run.x - end <= PART_GAP * run.size) part.push(run);
    else out.push([run]);
    end = Math.max(end, run.x + run.width);
  }
  return out;
}

function toLine(runs: readonly Glyphs[]): Line {
  let text = '';
  let end = -Infinity;
  for (const run of runs) {
    if (text && run.x - end > WORD_GAP * run.size) text += ' ';
    text += run.text;
    end = Math.max(end, run.x + run.width);
  }
  return { text: collapseCjkSpaces(text), x0: runs[0]?.x ?? 0, x1: end, y: runs[0]?.y ?? 0, size: median(runs.map((r) => r.size)) };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

const nonEmpty = (lines: Line[]): Line[] => lines.filter((line) => line.text.length > 0);

/** Text crossing a column gutter is at most this share of the page's characters (a title and the lines under it across the top). */
const GUTTER_CROSSING = 0.15;
/** Each column holds at least this share of the page's characters. */
const MIN_COLUMN_SHARE = 0.2;

interface Span {
  x0: number;
  x1: number;
  chars: number;
}

const spanOf = (runs: readonly Glyphs[]): Span => ({
  x0: runs[0]?.x ?? 0,
  x1: Math.max(...runs.map((r) => r.x + r.width)),
  chars: runs.reduce((n, r) => n + r.text.length, 0),
});

/**
 * The x of a vertical gutter splitting the page's text in two columns, if there is one: a line near the middle that
 * nearly no stretch of text crosses, with plenty of text on both sides.
 */
function findGutter(spans: readonly Span[], pageWidth: number): number | undefined {
  const total = spans.reduce((sum, s) => sum + s.chars, 0);
  if (total === 0) return undefined;
  let best: { x: number; crossing: number } | undefined;
  for (let x = pageWidth * 0.3; x <= pageWidth * 0.7; x += 2) {
    let crossing = 0;
    let left = 0;
    for (const span of spans) {
      if (span.x0 < x && span.x1 > x) crossing += span.chars;
      else if (span.x1 <= x) left += span.chars;
    }
    const right = total - crossing - left;
    if (left < MIN_COLUMN_SHARE * total || right < MIN_COLUMN_SHARE * total) continue;
    if (!best || crossing < best.crossing) best = { x, crossing };
  }
  return best && best.crossing <= GUTTER_CROSSING * total ? best.x : undefined;
}

/**
 * The page's lines in reading order, as regions each read on its own: with two columns, the text across the gutter
 * above them, the left column, the right, then the text across below.
 */
function readingOrder(page: PageText): Line[][] {
  const stretches = toRows(page.glyphs).flatMap(parts);
  const gutter = findGutter(stretches.map(spanOf), page.width);
  if (gutter === undefined) return [nonEmpty(toRows(page.glyphs).map(toLine))];
  const side = (runs: readonly Glyphs[]): 'left' | 'right' | 'across' => {
    const span = spanOf(runs);
    return span.x1 <= gutter ? 'left' : span.x0 >= gutter ? 'right' : 'across';
  };
  const linesOf = (which: 'left' | 'right'): Line[] => nonEmpty(toRows(stretches.filter((s) => side(s) === which).flat()).map(toLine));
  const across = stretches.filter((s) => side(s) === 'across');
  const columnTop = Math.max(...stretches.filter((s) => side(s) !== 'across').map((s) => s[0]?.y ?? 0));
  const acrossLines = (above: boolean): Line[] => nonEmpty(across.filter((s) => ((s[0]?.y ?? 0) > columnTop) === above).map(toLine));
  return [acrossLines(true), linesOf('left'), linesOf('right'), acrossLines(false)];
}

/** Top and bottom margins of a page, where running headers, footers and page numbers stand. */
const MARGIN_SHARE = 0.12;
/** Lines at each edge of a page looked at as running headers or footers. */
const EDGE_LINES = 2;
/** A line at the edge of this share of pages (at least two) is a running header or footer. */
const RUNNING_SHARE = 0.4;

const PAGE_NUMBER = [
  /^[-—–－~·•\s]*(?:第\s*)?\d{1,4}\s*页?[-—–－~·•\s]*$/,
  /^[-—–－\s]*\d{1,4}\s*[/／]\s*\d{1,4}[-—–－\s]*$/,
  /^第\s*\d{1,4}\s*页\s*[,，、]?\s*共\s*\d{1,4}\s*页$/,
  /^(?:page\s*)?\d{1,4}(?:\s*of\s*\d{1,4})?$/i,
  /^[-—–\s]*[ivxlc]{1,6}[-—–\s]*$/i,
];

/** A line's text with its numbers blanked, so that `第3页` and `第4页` (or a header with the page's date) compare equal. */
const runningKey = (text: string): string => text.replace(/\d+/g, '#').replace(/\s+/g, '');

/** The highest and lowest lines of a page, those in its margins. */
function edgeLines(lines: readonly Line[], height: number): Line[] {
  const byHeight = [...lines].sort((a, b) => b.y - a.y);
  const top = byHeight.slice(0, EDGE_LINES).filter((l) => l.y > height * (1 - MARGIN_SHARE));
  const bottom = byHeight.slice(-EDGE_LINES).filter((l) => l.y < height * MARGIN_SHARE);
  return [...new Set([...top, ...bottom])];
}

/** Every page's regions without its running headers, footers and page numbers. */
function dropRunningLines(pages: readonly { page: PageText; regions: Line[][] }[]): Line[][][] {
  const edgesOf = ({ page, regions }: { page: PageText; regions: Line[][] }) => new Set(edgeLines(regions.flat(), page.height));
  const pagesWith = new Map<string, number>();
  for (const page of pages) {
    for (const key of new Set([...edgesOf(page)].map((l) => runningKey(l.text)))) pagesWith.set(key, (pagesWith.get(key) ?? 0) + 1);
  }
  const minPages = Math.max(2, Math.ceil(RUNNING_SHARE * pages.length));
  return pages.map((page) => {
    const edges = edgesOf(page);
    const keep = (line: Line): boolean => {
      if (!edges.has(line)) return true;
      if (PAGE_NUMBER.some((pattern) => pattern.test(line.text))) return false;
      return (pagesWith.get(runningKey(line.text)) ?? 0) < minPages;
    };
    return page.regions.map((lines) => lines.filter(keep));
  });
}

/** A line indented past the margin by this share of the size starts a paragraph (Chinese indents two characters). */
const INDENT = 1;
/** A line ending this many sizes short of the right margin ends its paragraph. */
const SHORT_END = 1.5;
/** A gap between baselines this much wider than the usual sets a paragraph apart. */
const WIDE_GAP = 1.6;
/** A change of font size by this share starts a new paragraph (a heading). */
const SIZE_CHANGE = 0.15;

function mode(values: readonly number[]): number {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(Math.round(v), (counts.get(Math.round(v)) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? 0;
}

function percentile(values: readonly number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))] ?? 0;
}

interface Region {
  paragraphs: string[];
  /** The first line is not indented: it goes on from the region before (the foot of the left column). */
  continuesBefore: boolean;
  /** The last line runs to the right margin: its paragraph may go on in the next region. */
  fullAtEnd: boolean;
}

/** The lines of one column or page joined into its paragraphs. */
function paragraphs(lines: readonly Line[]): Region {
  if (lines.length === 0) return { paragraphs: [], continuesBefore: false, fullAtEnd: false };
  const left = mode(lines.map((l) => l.x0));
  const right = percentile(lines.map((l) => l.x1), 0.9);
  const gaps = lines.slice(1).map((l, i) => (lines[i]?.y ?? 0) - l.y).filter((g) => g > 0);
  const gap = median(gaps);
  const endsShort = (line: Line): boolean => line.x1 < right - SHORT_END * line.size;
  const indented = (line: Line): boolean => line.x0 > left + INDENT * line.size;
  const out: string[] = [];
  let previous: Line | undefined;
  for (const line of lines) {
    const breaks =
      !previous ||
      endsShort(previous) ||
      indented(line) ||
      previous.y - line.y > WIDE_GAP * gap ||
      Math.abs(line.size - previous.size) > SIZE_CHANGE * previous.size;
    if (breaks || out.length === 0) out.push(line.text);
    else out[out.length - 1] = joinWrappedLines(out.at(-1) ?? '', line.text);
    previous = line;
  }
  const first = lines[0];
  const last = lines.at(-1);
  return { paragraphs: out, continuesBefore: first !== undefined && !indented(first), fullAtEnd: last !== undefined && !endsShort(last) };
}

/** A page's regions in order, a paragraph running from the foot of one column to the head of the next joined. */
function joinRegions(regions: readonly Region[]): string[] {
  const out: string[] = [];
  let open = false;
  for (const region of regions) {
    if (region.paragraphs.length === 0) continue;
    const [first = '', ...rest] = region.paragraphs;
    if (open && region.continuesBefore && out.length > 0) out[out.length - 1] = joinWrappedLines(out.at(-1) ?? '', first);
    else out.push(first);
    out.push(...rest);
    open = region.fullAtEnd;
  }
  return out;
}

/** Each page's paragraphs, in reading order, without running headers, footers or page numbers. */
export function layoutPages(pages: readonly PageText[]): string[][] {
  const ordered = pages.map((page) => ({ page, regions: readingOrder(page) }));
  return dropRunningLines(ordered).map((regions) => joinRegions(regions.map(paragraphs)));
}
