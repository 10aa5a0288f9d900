/**
 * The parts a question asks about at once, each retrieved for and answered by its own sentence: the regions of a
 * comparison, the reports of `2017年和2026年政府工作报告分别…`, the years of `2023年和2024年分别…`, or the target and
 * the result of `目标是多少？实际…`.
 */
import { SECTION_SEPARATOR, type Passage } from '../domain.ts';
import { periodFits, sectionPeriod } from '../retrieval/period.ts';
import type { Query } from '../question/query.ts';
import { hasOwnTopic, topicResidue, withoutRegions } from '../question/topic.ts';

export interface Aspect {
  /** What the aspect's sentence answers when there are several, e.g. `北京市`, `2024年`, `目标`. */
  label: string;
  /** The question as this aspect asks it: of one region, one year, one report, targets or results. */
  query: Query;
  /** Whether a sentence of a passage can answer this aspect. */
  fits(sentence: string, passage: Passage): boolean;
}

/** An aspect with the passages retrieved for it. */
export interface RetrievedAspect extends Aspect {
  passages: readonly Passage[];
}

export function topHeading(passage: Passage): string | undefined {
  return passage.section.split(SECTION_SEPARATOR)[0];
}

function fitsYears(query: Query, years: number[]): Aspect['fits'] {
  return (sentence, passage) => periodFits(sentence, topHeading(passage), passage.year, { ...query, years });
}

const CLAUSE_END = /(?<=[，,。？?；;])/;
const ASKS_RESULT = /实际|完成|实现|最后|最终|结果/;

/**
 * The target's aspect of `产业到位资金目标是多少？实际新增了多少？`: without the clauses asking for the result, whose
 * words (`新增`, `最后`) are not the target's, unless the topic is named only there.
 */
function targetQuery(query: Query): Query {
  const without = (text: string) => text.split(CLAUSE_END).filter((clause) => !ASKS_RESULT.test(clause)).join('');
  const read = without(query.read);
  if (!hasOwnTopic(topicResidue(read, query.regions))) return { ...query, intent: 'plan', contrast: false };
  return { ...query, intent: 'plan', contrast: false, words: without(query.words), searchText: without(query.searchText), read };
}

/** The aspects of a question, each asked on its own; the question itself when it asks one thing. */
export function aspectsOf(query: Query): Aspect[] {
  const { years } = query;
  if (query.regions.length > 1) {
    return query.regions.map((region) => {
      // The other regions' names say nothing of this one's figure: they leave its words and search, with the `和`
      // or `、` joining them to it.
      const others = query.regions.filter((r) => r !== region);
      const without = (text: string) => withoutRegions(text, others).replace(/(?:\s+[、和与及,]|[、和与及,]\s+)/g, ' ');
      return {
        label: region.name,
        query: { ...query, regions: [region], words: without(query.words), searchText: without(query.searchText), read: without(query.read) },
        fits: fitsYears(query, years),
      };
    });
  }
  if (query.reportYears.length > 1) {
    // Each report named is read for its own aspect alone: its label says which report the sentence is from.
    return query.reportYears.map((year) => {
      const inYears = fitsYears(query, years);
      return { label: `${year}年报告`, query: { ...query, reportYears: [year] }, fits: (sentence, passage) => passage.year === year && inYears(sentence, passage) };
    });
  }
  if (years.length > 1) {
    return years.map((year) => ({ label: `${year}年`, query: { ...query, years: [year] }, fits: fitsYears(query, [year]) }));
  }
  if (query.span && query.plan && years.length === 0) {
    const { span, plan, ...rest } = query;
    return [
      { label: `${span.from}—${span.to}年`, query: { ...rest, span }, fits: fitsYears({ ...rest, span }, []) },
      { label: `“${plan}”时期`, query: { ...rest, plan }, fits: fitsYears({ ...rest, plan }, []) },
    ];
  }
  if (query.contrast && years.length === 1) {
    const ofKind = (kind: 'targets' | 'results'): Aspect['fits'] => {
      const inYears = fitsYears(query, years);
      return (sentence, passage) => sectionPeriod(topHeading(passage), passage.year)?.kind === kind && inYears(sentence, passage);
    };
    return [
      { label: '目标', query: targetQuery(query), fits: ofKind('targets') },
      { label: '实际', query: { ...query, intent: 'review', contrast: false }, fits: ofKind('results') },
    ];
  }
  return [{ label: '', query, fits: fitsYears(query, years) }];
}
