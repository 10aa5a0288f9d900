/**
 * A question about a year just past the corpus (`北京去年GDP增长了多少` asked in 2026, when Beijing's latest
 * report is of 2025 and reviews 2024) is answered with the closest year the reports do hold, said plainly and
 * labelled, rather than refused.
 */
import type { ClosestYear } from '../domain.ts';
import type { IndexedReport } from '../indexing/corpus-index.ts';
import type { Query } from './query.ts';

/**
 * The years to answer instead, closest first. A report of year Y reviews Y−1 and sets the targets of Y: the
 * results of the latest report's own year are not in the corpus; its targets for that year are the next best.
 * Only the year or two right after the corpus are read this way: a question about 2035 asks for a long-range
 * target, which reports do state.
 */
export function closestYears(query: Query, inScope: readonly IndexedReport[]): ClosestYear[] {
  const { years, regions, intent } = query;
  const [asked] = years;
  if (asked === undefined || years.length !== 1 || regions.length === 0 || inScope.length === 0) return [];
  const latestReport = Math.max(...inScope.map((r) => r.year));
  if (intent === 'review' && (asked === latestReport || asked === latestReport + 1)) {
    const results: ClosestYear = { asked, askedFor: 'results', answered: latestReport - 1, kind: 'results', latestReport };
    return asked === latestReport ? [results, { ...results, answered: asked, kind: 'targets' }] : [results];
  }
  if (intent === 'plan' && asked === latestReport + 1) return [{ asked, askedFor: 'targets', answered: latestReport, kind: 'targets', latestReport }];
  return [];
}

/** The question about the closest year, in place of the year asked about, and for what that year's report gives. */
export function askAbout(query: Query, { asked, answered, kind }: ClosestYear): Query {
  const year = new RegExp(`(?<!\\d)${asked}(?!\\d)`, 'g');
  return { ...query, years: [answered], intent: kind === 'targets' ? 'plan' : 'review', read: query.read.replace(year, String(answered)) };
}

/** The note opening an answer for the closest year, in the asker's language. */
export function closestYearNote({ asked, askedFor, answered, kind, latestReport }: ClosestYear, where: string, english = false): string {
  if (english) {
    const what = askedFor === 'results' ? 'results' : 'targets';
    return `The corpus has no ${what} of ${asked}${where ? ` for ${where}` : ''} (the latest report is of ${latestReport}); the closest are the ${kind} of ${answered}: `;
  }
  const what = askedFor === 'results' ? '实际数据' : '目标';
  return `语料中没有${where}${asked}年的${what}（最新的是${latestReport}年报告）；最接近的是${answered}年${kind === 'targets' ? '的目标' : ''}：`;
}
