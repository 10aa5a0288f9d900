/**
 * The parts a question asks about at once, each answered by its own sentence: the regions of a comparison,
 * the reports of `2017年和2026年政府工作报告分别…`, the years of `2023年和2024年分别…`, or the target and the
 * result of `目标是多少？实际…`.
 */
import { SECTION_SEPARATOR, type Passage } from '../domain.ts';
import { periodFits, sectionPeriod } from '../retrieval/period.ts';
import type { Understanding } from '../retrieval/understand.ts';

export interface Aspect {
  /** What the aspect's sentence answers when there are several, e.g. `北京市`, `2024年`, `目标`. */
  label: string;
  /** The question as this aspect asks it: of one region, one year, one report, targets or results. */
  understanding: Understanding;
  passages: readonly Passage[];
  /** Whether a sentence of a passage can answer this aspect. */
  fits(sentence: string, passage: Passage): boolean;
}

export function topHeading(passage: Passage): string | undefined {
  return passage.section.split(SECTION_SEPARATOR)[0];
}

function fitsYears(understanding: Understanding, years: number[]): Aspect['fits'] {
  return (sentence, passage) => periodFits(sentence, topHeading(passage), passage.year, { ...understanding, years });
}

export function aspectsOf(passages: readonly Passage[], understanding: Understanding): Aspect[] {
  const { years } = understanding;
  const regions = [...new Set(passages.map((p) => p.region))];
  if (understanding.regions.length > 1 && regions.length > 1) {
    return regions.map((region) => {
      // A region with a report of its own is asked about alone; one reached through its province keeps both.
      const asked = understanding.regions.filter((r) => r.name === region || r.province === region);
      return {
        label: region,
        understanding: { ...understanding, regions: asked.length > 0 ? asked : understanding.regions },
        passages: passages.filter((p) => p.region === region),
        fits: fitsYears(understanding, years),
      };
    });
  }
  if (understanding.reportYears.length > 1) {
    return understanding.reportYears.map((year) => ({
      label: `${year}年报告`,
      understanding: { ...understanding, reportYears: [year] },
      passages: passages.filter((p) => p.year === year),
      fits: fitsYears(understanding, years),
    }));
  }
  if (years.length > 1) {
    return years.map((year) => ({ label: `${year}年`, understanding: { ...understanding, years: [year] }, passages, fits: fitsYears(understanding, [year]) }));
  }
  if (understanding.contrast && years.length === 1) {
    const ofKind = (kind: 'targets' | 'results'): Aspect['fits'] => {
      const inYears = fitsYears(understanding, years);
      return (sentence, passage) =>
        sectionPeriod(topHeading(passage), passage.year)?.kind === kind && inYears(sentence, passage);
    };
    return [
      { label: '目标', understanding: { ...understanding, intent: 'plan', contrast: false }, passages, fits: ofKind('targets') },
      { label: '实际', understanding: { ...understanding, intent: 'review', contrast: false }, passages, fits: ofKind('results') },
    ];
  }
  return [{ label: '', understanding, passages, fits: fitsYears(understanding, years) }];
}
