/** Turning one segment of a file into a Report: metadata from its header lines, then sections and paragraphs. */
import type { Report } from '../domain.ts';
import { findRegions, lookupRegion, regionSlug } from '../regions.ts';
import { isNoiseLine, parseMeetingLine, parseSpeakerLine, parseTitleLine, parseUrlLine } from './lines.ts';
import { reflow } from './reflow.ts';
import { assignSections } from './sections.ts';
import type { Segment } from './segments.ts';
import type { ReportSidecar } from './sidecar.ts';

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

/** What the sidecar says of the header, over what the text says. */
function headerWith(header: Header, meta: ReportSidecar): Header {
  return {
    ...header,
    ...(meta.meeting ? { meeting: meta.meeting } : {}),
    ...(meta.date ? { date: meta.date } : {}),
    ...(meta.speaker ? { speaker: meta.speaker } : {}),
    ...(meta.role ? { speakerRole: meta.role } : {}),
    ...(meta.sourceUrl ? { sourceUrl: meta.sourceUrl } : {}),
  };
}

const DOCUMENT_TITLE_LENGTH = 60;
const YEAR_IN_TITLE = /((?:19|20)\d{2})\s*年/;

/** A document's title: its first line when short enough to be one. */
function documentTitle(body: readonly string[]): string | undefined {
  const first = body.map((line) => line.replace(/^#+\s*/, '').trim()).find((line) => line.length > 0);
  return first && first.length <= DOCUMENT_TITLE_LENGTH ? first : undefined;
}

/**
 * `paragraphLines`: each line of the file is a whole paragraph or heading (a PDF's, Word file's or web page's).
 * A segment with neither a report's title nor a congress session is a document other than a work report.
 */
export function parseSegment(segment: Segment, file: string, paragraphLines = false, meta: ReportSidecar = {}): ParsedSegment {
  const separated = separateHeader(segment.lines);
  const header = headerWith(separated.header, meta);
  const { body } = separated;
  const { sections, paragraphs } = assignSections(reflow(body, { ...(segment.firstPage === undefined ? {} : { firstPage: segment.firstPage }), paragraphLines }));
  if (paragraphs.length === 0) return { ok: false, reason: 'no body text' };
  const document = meta.kind === 'document' || (meta.kind === undefined && !segment.title && !separated.header.meeting);
  const ownTitle = document ? (meta.title ?? documentTitle(body)) : meta.title;
  const text = paragraphs.map((p) => p.text).join('\n');
  const named = meta.region ?? resolveRegion(segment.title?.regionText ?? '', header.meeting, text);
  const region = named === undefined ? undefined : (lookupRegion(named)?.name ?? named);
  const titleYear = ownTitle ? YEAR_IN_TITLE.exec(ownTitle)?.[1] : undefined;
  const year = meta.year ?? segment.title?.year ?? (header.date ? Number(header.date.slice(0, 4)) : undefined) ?? (titleYear ? Number(titleYear) : undefined);
  const missing = document ? ` (give it in ${file}.meta.json)` : '';
  if (!region) return { ok: false, reason: `no region in title, congress session or text${missing}` };
  if (!year) return { ok: false, reason: `no year in title or date${missing}` };
  if (document && !ownTitle) return { ok: false, reason: `a document without a title line (give it in ${file}.meta.json)` };
  return {
    ok: true,
    report: {
      id: document ? `${year}-${regionSlug(region)}-document` : `${year}-${regionSlug(region)}`,
      title: ownTitle ?? `${year}年${region}政府工作报告`,
      region,
      year,
      ...header,
      file,
      ...(document ? { kind: 'document' as const } : {}),
      sections,
      paragraphs,
    },
  };
}
