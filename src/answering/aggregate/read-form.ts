/**
 * Whether a question asks across reports of one indicator (the highest region, the regions above a number, every
 * region's figure, one region's figures over the years), read from its `Query`; undefined whenever the form or the
 * indicator is unclear, so that the question goes the usual way.
 */
import type { Aggregate, Comparison } from '../../domain.ts';
import { INDICATORS, type Indicator } from '../../indicators/definitions.ts';
import type { Query } from '../../question/query.ts';
import type { Region } from '../../regions.ts';
import { ALL_REGIONS, ASKS_ONE_REGION, ASKS_REGIONS, CITIES, COMPARISONS, countOf, GROWTH_WORDS, LIST, RESULT_WORDS, SERIES, SUPERLATIVES, TARGET_WORDS, TOP_N } from './words.ts';

export interface AggregateAsk {
  form: Aggregate['form'];
  indicator: Indicator;
  kind: Aggregate['kind'];
  /** The year asked about; for a series, or when none is named, every year the table holds. */
  year?: number;
  /** The region of a series. */
  region?: Region;
  /** The regions compared or listed: provinces, or cities (`哪个城市`). */
  level: 'province' | 'city';
  order?: NonNullable<Aggregate['order']>;
  top?: number;
  comparison?: Comparison;
  english: boolean;
}

/** Every way an indicator is written, longest first, with the indicators it may name. */
const NAMES: readonly { name: string; indicators: Indicator[] }[] = (() => {
  const byName = new Map<string, Indicator[]>();
  for (const indicator of INDICATORS) {
    for (const name of new Set([indicator.name, ...indicator.variants])) byName.set(name, [...(byName.get(name) ?? []), indicator]);
  }
  return [...byName].map(([name, indicators]) => ({ name, indicators })).sort((a, b) => b.name.length - a.name.length);
})();

/**
 * The one indicator a question names, in its reports' words (the glossary's for an English question): names inside a
 * longer one found do not count (`生产总值` in `人均地区生产总值`), and words of growth pick a growth over an amount.
 */
export function indicatorNamed(query: Query): Indicator | undefined {
  let text = query.english ? `${query.translations.join(' ')} ${query.text}` : query.read;
  const found = new Set<Indicator>();
  for (const { name, indicators } of NAMES) {
    if (!text.includes(name)) continue;
    for (const indicator of indicators) found.add(indicator);
    text = text.split(name).join(' ');
  }
  const growth = GROWTH_WORDS.test(query.text) || GROWTH_WORDS.test(query.read);
  const changes = (i: Indicator) => i.measure === 'growth' || i.measure === 'decline';
  const candidates = found.size > 1 ? [...found].filter((i) => changes(i) === growth) : [...found];
  return candidates.length === 1 ? candidates[0] : undefined;
}

function comparisonOf(text: string, asksRegions: boolean): Comparison | undefined {
  for (const { op, pattern, asks } of COMPARISONS) {
    const match = pattern.exec(text);
    if (!match?.groups || (asks && !asksRegions)) continue;
    const { value, unit, about, aboutEn } = match.groups;
    return { op, value: Number(value), ...(unit ? { unit: unit.replace('％', '%') } : {}), ...(about || aboutEn ? { about: true } : {}) };
  }
  return undefined;
}

function topOf(text: string): number | undefined {
  const match = TOP_N.exec(text);
  const word = match?.[1] ?? match?.[2] ?? match?.[3];
  return word === undefined ? undefined : countOf(word);
}

/** Targets or results: as the question says, else results of a year gone by and targets of one not over. */
export function kindOf(query: Query, year: number | undefined, form: Aggregate['form']): Aggregate['kind'] | undefined {
  const result = RESULT_WORDS.test(query.text);
  const target = TARGET_WORDS.test(query.text);
  if (result && target) return undefined;
  if (result) return 'result';
  if (target) return 'target';
  if (query.intent === 'plan') return 'target';
  if (query.intent === 'review') return 'result';
  if (year !== undefined) return year < query.askedIn ? 'result' : 'target';
  // `历年` asks what the years brought.
  return form === 'series' ? 'result' : 'target';
}

/** The form of a question across regions or years, without its indicator: undefined when it has none. */
function formOf(query: Query): Pick<AggregateAsk, 'form' | 'order' | 'top' | 'comparison' | 'region'> | undefined {
  const text = query.english ? query.text : query.read;
  const [region, ...others] = query.regions;
  if (region && others.length === 0 && SERIES.test(text)) return { form: 'series', region };
  if (query.regions.length > 0 || query.elsewhere.length > 0) return undefined;
  const asksRegions = ASKS_REGIONS.test(text);
  const comparison = comparisonOf(text, asksRegions);
  if (comparison && (asksRegions || ALL_REGIONS.test(text))) return { form: 'filter', comparison };
  const superlative = SUPERLATIVES.find((s) => s.pattern.test(text));
  const top = topOf(text);
  if (superlative && (ASKS_ONE_REGION.test(text) || asksRegions || ALL_REGIONS.test(text) || top !== undefined)) {
    return { form: 'rank', order: superlative.order, ...(top !== undefined ? { top } : {}) };
  }
  if (!comparison && !superlative && (ALL_REGIONS.test(text) || (LIST.test(text) && asksRegions))) return { form: 'list' };
  return undefined;
}

/** The question read as one across reports of one indicator, or undefined. */
export function readAggregate(query: Query): AggregateAsk | undefined {
  // A question asking several years of many regions, a target against its result or a span, is not one table.
  if (query.contrast || query.span || query.plan || query.aboutReport) return undefined;
  const form = formOf(query);
  if (!form) return undefined;
  if (form.form !== 'series' && query.years.length > 1) return undefined;
  const indicator = indicatorNamed(query);
  if (!indicator) return undefined;
  const year = form.form === 'series' ? undefined : query.years[0];
  const kind = kindOf(query, year, form.form);
  if (!kind) return undefined;
  const level = CITIES.test(query.english ? query.text : query.read) ? 'city' : 'province';
  return { ...form, indicator, kind, level, english: query.english, ...(year !== undefined ? { year } : {}) };
}

/**
 * A follow-up to a question across reports (`那2024年实际增长呢？`) asks the same of what it changes: a year, targets
 * or results, another indicator. One naming a region, or changing none of these, is not such a follow-up.
 */
export function continueAggregate(now: Query, before: AggregateAsk): AggregateAsk | undefined {
  if (now.regions.length > 0 || now.elsewhere.length > 0 || now.contrast || now.years.length > 1) return undefined;
  const own = indicatorNamed(now);
  const kindWords = RESULT_WORDS.test(now.text) || TARGET_WORDS.test(now.text);
  const [year] = now.years;
  if (!own && !kindWords && year === undefined) return undefined;
  const asked = year ?? before.year;
  const kind = kindWords ? kindOf(now, asked, before.form) : year !== undefined && year !== before.year ? kindOf({ ...now, intent: 'unknown' }, year, before.form) : before.kind;
  if (!kind) return undefined;
  const { year: _before, ...rest } = before;
  return { ...rest, indicator: own ?? before.indicator, kind, english: now.english, ...(asked !== undefined && before.form !== 'series' ? { year: asked } : {}) };
}
