/** Splitting one file into the reports it holds, each starting at a dated title line. */
import { lookupRegion } from '../regions.ts';
import { parseTitleLine, type TitleLine } from './lines.ts';
import { PAGE_BREAK } from './text.ts';

export interface Segment {
  /** The title the segment starts with; absent when the file has no dated title line. */
  title?: TitleLine;
  /** Lines after the title line, PAGE_BREAK lines among them. */
  lines: string[];
  /** The page the segment starts on, when the file is paged (a PDF's text). */
  firstPage?: number;
}

/** Title lines longer than this are sentences that merely mention a report. */
const MAX_TITLE_LINE_LENGTH = 40;

function startsReport(line: string): TitleLine | undefined {
  if (line.trim().length > MAX_TITLE_LINE_LENGTH) return undefined;
  const title = parseTitleLine(line);
  // Undated titles are repeated title lines inside a report; a collection heading such as
  // `2025 年地方两会 政府工作报告` names no region and is not a report either.
  if (!title?.year) return undefined;
  if (title.regionText && !lookupRegion(title.regionText)) return undefined;
  return title;
}

/** The leftover of a title wrapped onto the next line, e.g. a lone `告` after `…政府工作报告`. */
function isTitleRemnant(line: string, titleLine: string): boolean {
  const t = line.trim();
  return t.length > 0 && t.length <= 4 && titleLine.replace(/\s+/g, '').endsWith(t);
}

/**
 * Text before the first title (a collection's table of contents) belongs to no report; a file without
 * any dated title is one report. A form feed is a page break on a line of its own (`pdftotext` puts it before a
 * page's first line), and pages are counted from the file's first.
 */
export function splitIntoSegments(text: string): Segment[] {
  const paged = text.includes(PAGE_BREAK);
  const lines = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').replace(/\n?\f\n?/g, `\n${PAGE_BREAK}\n`).split('\n');
  const segments: Segment[] = [];
  let current: Segment | undefined;
  let titleLine = '';
  let expectingRemnant = false;
  let page = 1;
  for (const line of lines) {
    if (line === PAGE_BREAK) {
      page++;
      current?.lines.push(line);
      continue;
    }
    const title = startsReport(line);
    if (title) {
      current = { title, lines: [], ...(paged ? { firstPage: page } : {}) };
      segments.push(current);
      titleLine = line;
      expectingRemnant = true;
      continue;
    }
    if (expectingRemnant && line.trim()) {
      expectingRemnant = false;
      if (isTitleRemnant(line, titleLine)) continue;
    }
    current?.lines.push(line);
  }
  return segments.length > 0 ? segments : [{ lines, ...(paged ? { firstPage: 1 } : {}) }];
}
