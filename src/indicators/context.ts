/**
 * Whether a figure is a target or a result, and of which year: read from the report's top-level heading (a 2025
 * report reviews 2024 under `一、2024年工作回顾` and sets the 2025 targets after it), then from the sentence
 * (`2023年`, `到2027年`, `去年`, `预期目标`). Figures of part of a year are not a year's figure.
 */
import { sectionPeriod, type Period } from '../retrieval/period.ts';

export interface FigureContext {
  kind: 'target' | 'result';
  /** `2024`, or a plan's span `2021-2025`. */
  period: string;
  estimate: boolean;
}

/** Part of a year: `一季度`, `上半年`, `1—11月`. */
const PART_OF_YEAR = /[一二三四1-4]季度|上半年|下半年|前三季度|\d{1,2}\s*[—–\-至到]\s*\d{1,2}\s*月|\d{1,2}月份/;
/** A year a figure is aimed at: `到2027年`. */
const AIMED_AT = /(?:到|至)((?:19|20)\d{2})\s*年/g;
/** A year a figure is of: not one compared with, counted from or aimed at, nor a date. */
const YEAR_OF = /(?<![比较到至从自于与和、—\-])((?:19|20)\d{2})\s*年(?!\s*(?:以来|来|起|以前|前|之前|以后|后|之后|至|到|和|、|—|-|\d|[一二三四五六七八九十]+月|度))/g;
const LAST_YEAR = /(?<![比较同])(?:去年|上年|上一年|过去一年)/;
const THIS_YEAR = /今年/;
/**
 * A target of the year reviewed, quoted in the review: said before the figure (`预期目标是`, `年初确定的…目标`)
 * or right after it (`…增长5.5%左右的目标`).
 */
const EARLIER_TARGET = /预期目标|目标(?:是|为)|年初(?:确定|提出|制定|设定)的?[^，。；]{0,20}目标/;
const TARGET_AFTER = /^的?(?:预期)?目标/;
const ESTIMATE = /预计|初步/;

/** Headings that name no year: a review says what was done, a plan what is to be done. */
const HEADING_KINDS: readonly [RegExp, Period['kind']][] = [
  [/取得|成效|成绩|成就/, 'results'],
];
/** Sentences under such headings say which they state. */
const SENTENCE_KINDS: readonly [RegExp, Period['kind']][] = [
  [/目标|力争|确保|今年/, 'targets'],
  [/预计|初步|一年来|全年|实现了|完成了/, 'results'],
];

function lastYear(pattern: RegExp, text: string): number | undefined {
  const years = [...text.matchAll(pattern)].map((m) => Number(m[1]));
  return years.at(-1);
}

function periodOf(topHeading: string | undefined, reportYear: number, before: string): Period | undefined {
  const period = sectionPeriod(topHeading, reportYear);
  if (period) return period;
  const kind = HEADING_KINDS.find(([words]) => topHeading !== undefined && words.test(topHeading))?.[1] ?? SENTENCE_KINDS.find(([words]) => words.test(before))?.[1];
  if (kind === 'results') return { from: reportYear - 1, to: reportYear - 1, kind };
  if (kind === 'targets') return { from: reportYear, to: reportYear, kind };
  return undefined;
}

const spanText = (from: number, to: number): string => (from === to ? String(from) : `${from}-${to}`);

/**
 * The context of a figure from the heading of its part of the report and the words of its sentence up to the
 * figure (`before`) and after it in its clause (`after`); undefined when it cannot be told or the figure is of
 * part of a year.
 */
export function figureContext(topHeading: string | undefined, reportYear: number, before: string, after = ''): FigureContext | undefined {
  if (PART_OF_YEAR.test(before)) return undefined;
  const period = periodOf(topHeading, reportYear, before);
  const aimedAt = lastYear(AIMED_AT, before);
  if (aimedAt !== undefined) return { kind: 'target', period: String(aimedAt), estimate: false };
  const year = lastYear(YEAR_OF, before) ?? (LAST_YEAR.test(before) ? reportYear - 1 : THIS_YEAR.test(before) ? reportYear : undefined);
  const quotesTarget = period?.kind === 'results' && (EARLIER_TARGET.test(before) || TARGET_AFTER.test(after));
  const kind = quotesTarget ? 'target' : year !== undefined ? (year < reportYear ? 'result' : 'target') : period?.kind === 'results' ? 'result' : period ? 'target' : undefined;
  if (!kind) return undefined;
  const said = year !== undefined ? String(year) : period ? spanText(period.from, period.to) : undefined;
  if (!said) return undefined;
  return { kind, period: said, estimate: kind === 'result' && ESTIMATE.test(before) };
}
