/** Turning the regions and years of a question into a filter and boosts over the reports of the corpus. */
import type { IndexedReport } from '../indexing/corpus-index.ts';
import { lookupRegion, type Region } from '../regions.ts';
import { MAX_PASSAGE_WEIGHT, passageWeight } from './period.ts';
import type { Query } from '../question/query.ts';

export interface Scope {
  /** Reports to search; undefined means all. */
  reportIds?: ReadonlySet<string>;
  /**
   * Score multiplier of a passage, by its report and top-level heading, when the question names years:
   * above 1 where the passage speaks of them.
   */
  weight?: (reportId: string, topHeading: string | undefined) => number;
  /** The most `weight` gives (it gives at least 1). */
  weightBound?: number;
  /** Regions the question names that have reports of their own: the scope stands for their names. */
  coveredRegions: Region[];
  /** Regions the question names that no report of the corpus covers. */
  missingRegions: Region[];
  /** Years of reports the question names (`2024年政府工作报告`) that the corpus lacks for its regions. */
  missingReportYears: number[];
  /** Whether the reports the question asks about are all outside the reports it was limited to. */
  outsideFilter: boolean;
}

function reportsOfRegion(region: Region, reports: readonly IndexedReport[]): IndexedReport[] {
  const own = reports.filter((r) => r.region === region.name);
  if (own.length > 0 || !region.province) return own;
  // A city without its own report may still be covered by its province's report.
  const province = lookupRegion(region.province);
  return province ? reports.filter((r) => r.region === province.name) : [];
}

/** A report the question names (`2025年政府工作报告`) outweighs the others without shutting them out. */
const NAMED_REPORT_WEIGHT = 2;

function yearWeight(query: Query, reports: readonly IndexedReport[]): Scope['weight'] {
  const { years, reportYears } = query;
  if (years.length === 0 && reportYears.length === 0) return undefined;
  const yearOf = new Map(reports.map((r) => [r.id, r.year]));
  return (reportId, topHeading) => {
    const year = yearOf.get(reportId);
    if (year === undefined) return 1;
    const named = reportYears.includes(year) ? NAMED_REPORT_WEIGHT : 1;
    return named * passageWeight(topHeading, year, query);
  };
}

/** `within`: the reports a question is limited to (by region or year filters), whatever it names. */
export function scopeFor(query: Query, allReports: Iterable<IndexedReport>, within?: ReadonlySet<string>): Scope {
  const reports = [...allReports];
  const missingRegions: Region[] = [];
  const coveredRegions: Region[] = [];
  let inScope = reports;
  if (query.regions.length > 0) {
    const ids = new Set<string>();
    for (const region of query.regions) {
      const covered = reportsOfRegion(region, reports);
      if (covered.length === 0) missingRegions.push(region);
      if (covered.some((r) => r.region === region.name)) coveredRegions.push(region);
      for (const report of covered) ids.add(report.id);
    }
    inScope = reports.filter((r) => ids.has(r.id));
  }
  const { reportYears } = query;
  const missingReportYears = reportYears.filter((year) => !inScope.some((r) => r.year === year));
  // Only when none of the reports it names exists does the question lose its scope.
  if (reportYears.length > 0 && missingReportYears.length === reportYears.length) inScope = [];
  const named = inScope;
  if (within) inScope = inScope.filter((r) => within.has(r.id));
  const weight = yearWeight(query, inScope);
  return {
    ...(query.regions.length > 0 || reportYears.length > 0 || within ? { reportIds: new Set(inScope.map((r) => r.id)) } : {}),
    ...(weight ? { weight, weightBound: NAMED_REPORT_WEIGHT * MAX_PASSAGE_WEIGHT } : {}),
    coveredRegions,
    missingRegions,
    missingReportYears,
    outsideFilter: named.length > 0 && inScope.length === 0,
  };
}
