/** Report → chunks: one per paragraph, long paragraphs split at sentences, tiny neighbours merged. */
import { createHash } from 'node:crypto';
import { formatSectionPath, type Chunk, type Report } from '../domain.ts';
import { splitToLength } from './sentences.ts';

export interface ChunkingOptions {
  /** Longest chunk in characters; the embedding model reads at most 512 tokens. */
  maxChars: number;
  /** Paragraphs shorter than this join a neighbour of the same section. */
  minChars: number;
}

export const DEFAULT_CHUNKING: ChunkingOptions = { maxChars: 400, minChars: 60 };

export function chunkId(reportId: string, sectionPath: readonly string[], text: string): string {
  return createHash('sha256')
    .update(`${reportId}\u0000${formatSectionPath(sectionPath)}\u0000${text}`)
    .digest('hex')
    .slice(0, 16);
}

interface Draft {
  sectionPath: string[];
  text: string;
  page?: number;
}

function chineseDate(iso: string): string {
  const [year, month, day] = iso.split('-').map(Number);
  return `${year}年${month}月${day}日`;
}

/** The report's front matter as a chunk of its own, so that "who delivered it, when and where" is answerable. */
function headerDraft(report: Report): Draft | undefined {
  const occasion = report.meeting ? `${report.date ? chineseDate(report.date) : ''}在${report.meeting}上` : '';
  const speaker = report.speaker ? `${report.speakerRole ?? ''} ${report.speaker}`.trim() : '';
  if (!occasion && !speaker) return undefined;
  return { sectionPath: [], text: [report.title, occasion, speaker].filter(Boolean).join('\n') };
}

export function chunkReport(report: Report, options: ChunkingOptions = DEFAULT_CHUNKING): Chunk[] {
  const header = headerDraft(report);
  const drafts: Draft[] = header ? [header] : [];
  for (const paragraph of report.paragraphs) {
    const section = formatSectionPath(paragraph.sectionPath);
    for (const piece of splitToLength(paragraph.text, options.maxChars)) {
      const previous = drafts.at(-1);
      const mergeable =
        previous !== undefined &&
        previous !== header &&
        formatSectionPath(previous.sectionPath) === section &&
        (previous.text.length < options.minChars || piece.length < options.minChars) &&
        previous.text.length + 1 + piece.length <= options.maxChars;
      if (mergeable && previous) previous.text += `\n${piece}`;
      else drafts.push({ sectionPath: paragraph.sectionPath, text: piece, ...(paragraph.page === undefined ? {} : { page: paragraph.page }) });
    }
  }
  return drafts.map((draft, ordinal) => ({
    id: chunkId(report.id, draft.sectionPath, draft.text),
    reportId: report.id,
    sectionPath: draft.sectionPath,
    text: draft.text,
    ordinal,
    ...(draft.page === undefined ? {} : { page: draft.page }),
  }));
}

export function chunkReports(reports: readonly Report[], options: ChunkingOptions = DEFAULT_CHUNKING): Chunk[] {
  return reports.flatMap((report) => chunkReport(report, options));
}
