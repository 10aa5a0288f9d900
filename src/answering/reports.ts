/**
 * The reports as a reader sees them: the list with their metadata, and one report's sections in order with the
 * chunks that make up each section's paragraphs, so that a citation can be shown in place.
 */
import type { ReportMeta, ReportOutline, ReportSummary, OutlineSection } from '../domain.ts';
import type { CorpusIndex } from '../indexing/corpus-index.ts';

export function reportSummary(report: ReportMeta & { chunkCount: number }): ReportSummary {
  return {
    id: report.id,
    title: report.title,
    region: report.region,
    year: report.year,
    date: report.date ?? null,
    speaker: report.speaker ?? null,
    sourceUrl: report.sourceUrl ?? null,
    chunkCount: report.chunkCount,
  };
}

/** Every report of the corpus, by region and then year. */
export function listReports(index: CorpusIndex): ReportSummary[] {
  return [...index.reports.values()]
    .map(reportSummary)
    .sort((a, b) => a.region.localeCompare(b.region, 'zh') || a.year - b.year);
}

/** The report's sections in reading order, a heading before what it holds; undefined for an unknown id. */
export async function reportOutline(index: CorpusIndex, id: string): Promise<ReportOutline | undefined> {
  const report = index.reports.get(id);
  if (!report) return undefined;
  const chunks = await index.chunksOf(id);
  const sections = new Map<string, OutlineSection>();
  const sectionAt = (path: readonly string[]): OutlineSection => {
    const key = JSON.stringify(path);
    let section = sections.get(key);
    if (!section) {
      // A heading that holds only sub-headings still opens its part of the report.
      if (path.length > 0) sectionAt(path.slice(0, -1));
      section = { title: path.at(-1) ?? report.title, level: path.length, path: [...path], paragraphs: [] };
      sections.set(key, section);
    }
    return section;
  };
  for (const chunk of chunks) sectionAt(chunk.sectionPath).paragraphs.push({ chunkId: chunk.id, text: chunk.text });
  return {
    ...reportSummary(report),
    meeting: report.meeting ?? null,
    speakerRole: report.speakerRole ?? null,
    sections: [...sections.values()],
  };
}
