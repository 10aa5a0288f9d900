/** Turning one segment of a file into a Report: metadata from its header lines, then sections and paragraphs. */
import type { Report } from '../domain.ts';
import { findRegions, lookupRegion, regionSlug } from '../regions.ts';
import { isNoiseLine, parseMeetingLine, parseSpeakerLine, parseTitleLine, parseUrlLine } from './lines.ts';
import { reflow } from './reflow.ts';
import { assignSections } from './sections.ts';
import type { Segment } from './segments.ts';

/** Metadata lines are short; a longer line that matches a pattern is body text. */
const MAX_META_LINE_LENGTH = 60;

interface Header {
  meeting?: string;
  date?: string;
  speaker?: string;
  speakerRole?: string;
  sourceUrl?: string;
}

/** Takes metadata and noise lines out of the segment, wherever they stand (newspapers print them last). */
function separateHeader(lines: readonly string[]): { header: Header; body: string[] } {
  const header: Header = {};
  const body: string[] = [];
  for (const line of lines) {
    const url = parseUrlLine(line);
    if (url) {
      header.sourceUrl ??= url;
      continue;
    }
    if (!line.trim() || line.trim().length > MAX_META_LINE_LENGTH) {
      body.push(line);
      continue;
    }
    const meeting = parseMeetingLine(line);
    if (meeting) {
      header.meeting ??= meeting.meeting;
      if (meeting.date) header.date ??= meeting.date;
      continue;
    }
    const speaker = parseSpeakerLine(line);
    if (speaker && !header.speaker) {
      header.speaker = speaker.name;
      header.speakerRole = speaker.role;
      continue;
    }
    if (parseTitleLine(line) || isNoiseLine(line)) continue;
    body.push(line);
  }
  return { header, body };
}

const CONGRESS_REGION = /([\u4e00-\u9fff]{2,12}?)第[一二三四五六七八九十]+届人民代表大会/;

/** The region a report belongs to: its title, else its congress session, else the region it names most. */
function resolveRegion(titleRegion: string, meeting: string | undefined, text: string): string | undefined {
  if (titleRegion) return lookupRegion(titleRegion)?.name ?? titleRegion;
  const congress = CONGRESS_REGION.exec(meeting ?? '') ?? CONGRESS_REGION.exec(text);
  const named = congress?.[1] ? lookupRegion(congress[1]) : undefined;
  if (named) return named.name;
  const counts = new Map<string, number>();
  for (const region of findRegions(text)) counts.set(region.name, (counts.get(region.name) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
}

export type ParsedSegment = { ok: true; report: Report } | { ok: false; reason: string };

/** `paragraphLines`: each line of the file is a whole paragraph or heading (a PDF's, Word file's or web page's). */
export function parseSegment(segment: Segment, file: string, paragraphLines = false): ParsedSegment {
  const { header, body } = separateHeader(segment.lines);
  const { sections, paragraphs } = assignSections(reflow(body, { ...(segment.firstPage === undefined ? {} : { firstPage: segment.firstPage }), paragraphLines }));
  if (paragraphs.length === 0) return { ok: false, reason: 'no body text' };
  const text = paragraphs.map((p) => p.text).join('\n');
  const region = resolveRegion(segment.title?.regionText ?? '', header.meeting, text);
  const year = segment.title?.year ?? (header.date ? Number(header.date.slice(0, 4)) : undefined);
  if (!region) return { ok: false, reason: 'no region in title, congress session or text' };
  if (!year) return { ok: false, reason: 'no year in title or date' };
  return {
    ok: true,
    report: {
      id: `${year}-${regionSlug(region)}`,
      title: `${year}年${region}政府工作报告`,
      region,
      year,
      ...header,
      file,
      sections,
      paragraphs,
    },
  };
}
