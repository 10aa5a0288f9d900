/** `GET /api/reports`: each report with its region's level and English name, so that a page can group and name it. */
import type { ListedReport, ReportSummary } from '../domain.ts';
import { lookupRegion } from '../regions.ts';

/** `guizhou` → `Guizhou`, `inner mongolia` → `Inner Mongolia`; a region not in the gazetteer keeps its Chinese name. */
function englishName(region: string): string {
  const english = lookupRegion(region)?.english[0];
  return english ? english.replace(/\b\w/g, (letter) => letter.toUpperCase()) : region;
}

/** A region not in the gazetteer is taken for a province's, as the corpus's first reports were. */
export function regionLevel(region: string): ListedReport['level'] {
  return lookupRegion(region)?.level ?? 'province';
}

export function listedReports(reports: readonly ReportSummary[]): ListedReport[] {
  return reports.map((report) => ({ ...report, level: regionLevel(report.region), regionEn: englishName(report.region) }));
}
