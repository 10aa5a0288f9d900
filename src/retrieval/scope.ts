/** Turning the regions and years of a question into a filter and boosts over the reports of the corpus. */
import type { IndexedReport } from '../indexing/corpus-index.ts';
import { lookupRegion, type Region } from '../regions.ts';
import type { Intent, Understanding } from './understand.ts';

export interface Scope {
  /** Reports to search; undefined means all. */
  reportIds?: ReadonlySet<string>;
  /** Score multipliers for reports whose year fits the question. */
  reportBoost?: ReadonlyMap<string, number>;
  /** Regions the question names that have reports of their own: the scope stands for their names. */
  coveredRegions: Region[];
  /** Regions the question names that no report of the corpus covers. */
  missingRegions: Region[];
}

/**
 * A report of year Y reviews Y-1 and sets the targets of Y, so a question about year Y is answered by
 * the report of Y+1 (results) or of Y (targets), weighted by what the question asks for.
 */
const YEAR_BOOST: Record<Intent, { results: number; targets: number }> = {
  review: { results: 2, targets: 1.3 },
  plan: { results: 1.2, targets: 2 },
  unknown: { results: 1.8, targets: 1.6 },
};

function reportsOfRegion(region: Region, reports: readonly IndexedReport[]): IndexedReport[] {
  const own = reports.filter((r) => r.region === region.name);
  if (own.length > 0 || !region.province) return own;
  // A city without its own report may still be covered by its province's report.
  const province = lookupRegion(region.province);
  return province ? reports.filter((r) => r.region === province.name) : [];
}

function yearBoost(understanding: Understanding, reports: readonly IndexedReport[]): Map<string, number> | undefined {
  if (understanding.years.length === 0) return undefined;
  const weights = YEAR_BOOST[understanding.intent];
  const boost = new Map<string, number>();
  for (const report of reports) {
    let weight = 1;
    for (const year of understanding.years) {
      if (report.year === year + 1) weight = Math.max(weight, weights.results);
      if (report.year === year) weight = Math.max(weight, weights.targets);
    }
    if (weight > 1) boost.set(report.id, weight);
  }
  return boost.size > 0 ? boost : undefined;
}

export function scopeFor(understanding: Understanding, allReports: Iterable<IndexedReport>): Scope {
  const reports = [...allReports];
  const missingRegions: Region[] = [];
  const coveredRegions: Region[] = [];
  let inScope = reports;
  if (understanding.regions.length > 0) {
    const ids = new Set<string>();
    for (const region of understanding.regions) {
      const covered = reportsOfRegion(region, reports);
      if (covered.length === 0) missingRegions.push(region);
      if (covered.some((r) => r.region === region.name)) coveredRegions.push(region);
      for (const report of covered) ids.add(report.id);
    }
    inScope = reports.filter((r) => ids.has(r.id));
  }
  const reportBoost = yearBoost(understanding, inScope);
  return {
    ...(understanding.regions.length > 0 ? { reportIds: new Set(inScope.map((r) => r.id)) } : {}),
    ...(reportBoost ? { reportBoost } : {}),
    coveredRegions,
    missingRegions,
  };
}
