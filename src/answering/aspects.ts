/**
 * The parts a question asks about at once, each answered by its own sentence: the regions of a comparison,
 * the reports of `2017年和2026年政府工作报告分别…`, the years of `2023年和2024年分别…`, or the target and the
 * result of `目标是多少？实际…`.
 */
import { SECTION_SEPARATOR, type Passage } from '../domain.ts';
import { periodFits, sectionPeriod } from '../retrieval/period.ts';
import type { Query } from '../question/query.ts';

export interface Aspect {
  /** What the aspect's sentence answers when there are several, e.g. `北京市`, `2024年`, `目标`. */
  label: string;
  /** The question as this aspect asks it: of one region, one year, one report, targets or results. */
  query: Query;
  passages: readonly Passage[];
  /** Whether a sentence of a passage can answer this aspect. */
  fits(sentence: string, passage: Passage): boolean;
}

export function topHeading(passage: Passage): string | undefined {
  return passage.section.split(SECTION_SEPARATOR)[0];
}

function fitsYears(query: Query, years: number[]): Aspect['fits'] {
  return (sentence, passage) => periodFits(sentence, topHeading(passage), passage.year, { ...query, years });
}

export function aspectsOf(passages: readonly Passage[], query: Query): Aspect[] {
  const { years } = query;
  const regions = [...new Set(passages.map((p) => p.region))];
  if (query.regions.length > 1 && regions.length > 1) {
    return regions.map((region) => {
      // A region with a report of its own is asked about alone; one reached through its province keeps both.
      const asked = query.regions.filter((r) => r.name === region || r.province === region);
      return {
        label: region,
        query: { ...query, regions: asked.length > 0 ? asked : query.regions },
        passages: passages.filter((p) => p.region === region),
        fits: fitsYears(query, years),
      };
    });
  }
  if (query.reportYears.length > 1) {
    return query.reportYears.map((year) => ({
      label: `${year}年报告`,
      query: { ...query, reportYears: [year] },
      passages: passages.filter((p) => p.year === year),
      fits: fitsYears(query, years),
    }));
  }
  if (years.length > 1) {
    return years.map((year) => ({ label: `${year}年`, query: { ...query, years: [year] }, passages, fits: fitsYears(query, [year]) }));
  }
  if (query.contrast && years.length === 1) {
    const ofKind = (kind: 'targets' | 'results'): Aspect['fits'] => {
      const inYears = fitsYears(query, years);
      return (sentence, passage) =>
        sectionPeriod(topHeading(passage), passage.year)?.kind === kind && inYears(sentence, passage);
    };
    return [
      { label: '目标', query: { ...query, intent: 'plan', contrast: false }, passages, fits: ofKind('targets') },
      { label: '实际', query: { ...query, intent: 'review', contrast: false }, passages, fits: ofKind('results') },
    ];
  }
  return [{ label: '', query, passages, fits: fitsYears(query, years) }];
}
