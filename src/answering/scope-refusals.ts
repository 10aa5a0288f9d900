/**
 * Refusals that need no passage read: the places, regions or years asked about have no report in scope, or the
 * question names nothing to look up.
 */
import type { RefusalCode } from '../domain.ts';
import type { CorpusIndex, IndexedReport } from '../indexing/corpus-index.ts';
import type { Retrieval } from '../retrieval/retrieve.ts';
import type { Query } from '../question/query.ts';
import { contentWords } from '../question/topic.ts';
import { refusalDetail, regionName, type Language } from './wording.ts';

export function regionNames(regions: readonly { name: string }[], language: Language): string {
  return regions.map((r) => regionName(r.name, language)).join(language === 'zh' ? '、' : ', ');
}

export function reportsInScope(retrieval: Retrieval, index: CorpusIndex): IndexedReport[] {
  return [...index.reports.values()].filter((r) => retrieval.scope.reportIds?.has(r.id) ?? true);
}

/**
 * Years the corpus says nothing about: no report in scope reviews or plans them, and no retrieved
 * passage names them. Years after the latest report are targets (`到2035年`), which reports do discuss.
 */
function uncoveredYears(retrieval: Retrieval, index: CorpusIndex): number[] {
  const inScope = reportsInScope(retrieval, index);
  const latest = Math.max(...inScope.map((r) => r.year));
  const reported = (year: number): boolean => inScope.some((r) => r.year === year || r.year === year + 1);
  const named = (year: number): boolean => retrieval.passages.some((p) => p.text.includes(String(year)));
  const { years } = retrieval.query;
  return years.length > 0 && years.every((y) => y <= latest && !reported(y) && !named(y)) ? years : [];
}

export interface Refusal {
  code: RefusalCode;
  detail: string;
}

/** Why the corpus cannot answer, whatever the passages say: no report of the places, regions or years asked about. */
export function outOfScope(retrieval: Retrieval, index: CorpusIndex, language: Language): Refusal | undefined {
  const { scope, query } = retrieval;
  const refuse = (code: RefusalCode, named = ''): Refusal => ({ code, detail: refusalDetail(code, query, language, named) });
  if (query.elsewhere.length > 0) return refuse('no-report', query.elsewhere.join(language === 'zh' ? '、' : ', '));
  if (scope.outsideFilter) return refuse('filtered-out');
  if (scope.reportIds?.size === 0) {
    if (scope.missingRegions.length > 0) return refuse('no-report', regionNames(scope.missingRegions, language));
    const years = scope.missingReportYears.map((y) => (language === 'zh' ? `${y}年` : String(y))).join(language === 'zh' ? '、' : ', ');
    return refuse('no-report', `${years}${language === 'zh' ? '的' : ' of '}${regionNames(query.regions, language)}`);
  }
  const years = uncoveredYears(retrieval, index);
  if (years.length > 0) return refuse('period-missing', `${years.join(language === 'zh' ? '、' : ', ')}${language === 'zh' ? '' : ` for ${regionNames(query.regions, language) || 'the regions asked about'}`}`);
  return undefined;
}

/** Whether a question names anything to look up once its regions, years and question words are gone. */
export function asksNothing(query: Query): boolean {
  const rest = contentWords(query.searchText, query.regions);
  return !/[\u4e00-\u9fff]|[a-z]{2,}/i.test(rest);
}
