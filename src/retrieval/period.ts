/**
 * The years a passage speaks of, read from its top-level heading: a 2025 report's `一、2024年工作回顾` gives the
 * results of 2024, its `二、2025年工作安排` the targets of 2025. Questions about a year prefer passages whose
 * period holds it, so that the targets and the results printed in one report are told apart.
 */
import type { Intent, Query } from '../question/query.ts';

export interface Period {
  from: number;
  to: number;
  kind: 'results' | 'targets';
}

const REVIEW = /回顾|过去|总结/;
const FIVE_YEAR_PLAN = /[“"]?(十[一二三四五六七八九])五[”"]?/;
const FIVE_YEAR_PLAN_START: Record<string, number> = { 十三: 2016, 十四: 2021, 十五: 2026, 十六: 2031 };
const YEAR = /((?:19|20)\d{2})\s*年/;

/** Periods already read, by report year and heading: every sentence of every passage asks again. */
const periods = new Map<string, Period | undefined>();

export function sectionPeriod(topHeading: string | undefined, reportYear: number): Period | undefined {
  if (!topHeading) return undefined;
  const key = `${reportYear}\0${topHeading}`;
  if (!periods.has(key)) periods.set(key, readPeriod(topHeading, reportYear));
  return periods.get(key);
}

function readPeriod(topHeading: string, reportYear: number): Period | undefined {
  const kind = REVIEW.test(topHeading) ? 'results' : 'targets';
  const year = YEAR.exec(topHeading);
  if (year) {
    const y = Number(year[1]);
    // A results heading names the year reviewed; a plan heading, the report's own year.
    if (kind === 'results' ? y < reportYear : y === reportYear) return { from: y, to: y, kind };
    return undefined;
  }
  const plan = FIVE_YEAR_PLAN.exec(topHeading)?.[1];
  const planStart = plan ? FIVE_YEAR_PLAN_START[plan] : undefined;
  if (planStart) return { from: planStart, to: planStart + 4, kind };
  if (/过去一年|去年/.test(topHeading)) return { from: reportYear - 1, to: reportYear - 1, kind: 'results' };
  if (/过去五年/.test(topHeading)) return { from: reportYear - 5, to: reportYear - 1, kind: 'results' };
  if (/今后五年/.test(topHeading)) return { from: reportYear, to: reportYear + 4, kind: 'targets' };
  if (/今年/.test(topHeading)) return { from: reportYear, to: reportYear, kind: 'targets' };
  return undefined;
}

/**
 * How much a question about these years wants a passage: results are in the report of the year after,
 * targets in the report of the year itself.
 */
const WEIGHTS: Record<Intent, { results: number; targets: number }> = {
  review: { results: 2, targets: 1.3 },
  plan: { results: 1.2, targets: 2 },
  unknown: { results: 1.8, targets: 1.6 },
};

/** The most a passage's period or report year weighs: every weight is at least 1 and at most this. */
export const MAX_PASSAGE_WEIGHT = Math.max(...Object.values(WEIGHTS).flatMap((w) => [w.results, w.targets]));

function reportWeight(reportYear: number, query: Query): number {
  const weights = WEIGHTS[query.intent];
  let weight = 1;
  for (const year of query.years) {
    if (reportYear === year + 1) weight = Math.max(weight, weights.results);
    if (reportYear === year) weight = Math.max(weight, weights.targets);
  }
  return weight;
}

function holdsAny(period: Period, years: readonly number[]): boolean {
  return years.some((y) => y >= period.from && y <= period.to);
}

/** The weight of a passage of a known period: a question's years fall in it or they do not. */
function periodWeight(period: Period, query: Query): number {
  return holdsAny(period, query.years) ? WEIGHTS[query.intent][period.kind] : 1;
}

/** Weight of a passage for the question's years: by its period when known, else by its report's year. */
export function passageWeight(topHeading: string | undefined, reportYear: number, query: Query): number {
  if (query.years.length === 0) return 1;
  const period = sectionPeriod(topHeading, reportYear);
  return period ? periodWeight(period, query) : reportWeight(reportYear, query);
}

/**
 * A year a sentence gives a figure of: not one compared with (`比2020年`), counted from (`2023年以来`) or aimed at
 * (`到2035年`), nor a day's date (`2025年1月`).
 */
const POINT_YEAR = /(?<![比较到至从自于与和、—-]\s*)(?:19|20)\d{2}\s*年(?!\s*(?:以来|来|起|以前|前|之前|以后|后|之后|至|到|和|、|—|-|\d|[一二三四五六七八九十]+月))/;

/**
 * Whether a sentence can answer a question about these years: it names one of them, or it names no other year
 * and its passage's period holds one and is of the kind asked for; or, for a question about a five-year plan, it or its part names the
 * plan. Passages of unknown period always can.
 */
export function periodFits(sentence: string, topHeading: string | undefined, reportYear: number, query: Query): boolean {
  const { years, plan, span } = query;
  // A span of years asked about as one period is answered by what a passage of that period says.
  if (years.length === 0 && span) {
    const period = sectionPeriod(topHeading, reportYear);
    return !period || (period.from <= span.to && period.to >= span.from);
  }
  // A question about a five-year plan, naming no year, is answered by what is said of the plan.
  if (years.length === 0 && plan) return sentence.includes(plan) || (topHeading?.includes(plan) ?? false) || !sectionPeriod(topHeading, reportYear);
  if (years.length === 0 || years.some((y) => sentence.includes(String(y)))) return true;
  // `2023年达到13.09万亿元` gives 2023's figure, whatever period its passage reviews.
  if (POINT_YEAR.test(sentence)) return false;
  const period = sectionPeriod(topHeading, reportYear);
  if (!period) return true;
  // What was achieved is not answered by the target set for it. (A target is asked about in words a review
  // section shares too, `2024年计划…实际…`, so a results section is not ruled out the other way round.)
  if (query.intent === 'review' && period.kind === 'targets') return false;
  return holdsAny(period, years);
}
