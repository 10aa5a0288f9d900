/**
 * The words that make a question one across reports, in one table: a superlative, a comparison with a number, a list
 * of regions, a series of years; and the words of targets, results and growth. Read by `read-form.ts` alone.
 */
import type { Comparison } from '../../domain.ts';

export type Order = 'highest' | 'lowest';

/** `最高`, `lowest`: which end of a ranking is asked for. */
export const SUPERLATIVES: readonly { order: Order; pattern: RegExp }[] = [
  { order: 'highest', pattern: /最(?:高|多|大|快)|\b(?:highest|most|largest|biggest|fastest|top)\b/i },
  { order: 'lowest', pattern: /最(?:低|少|小|慢)|\b(?:lowest|least|fewest|smallest|slowest|bottom)\b/i },
];

/** How many of the ranking are asked for: `最多的三个省`, `前5`, `top 3`, `the three provinces`. */
export const TOP_N = /(?:最(?:高|多|大|快|低|少|小|慢)的|前)\s*([一二三四五六七八九十两]|\d{1,2})\s*(?:个|位|名)|\btop\s+(\d{1,2}|two|three|four|five|ten)\b|\b(two|three|four|five|ten)\s+(?:provinces|regions)\b/i;

/** A number and the unit written after it, longest units first. */
const NUMBER = String.raw`(?<value>\d+(?:\.\d+)?)\s*(?<unit>%|％|个百分点|万亿元|亿美元|万美元|亿元|万元|元|亿人次|万人次|万人|亿人|亿公斤|公斤|亿斤|万斤|亿吨|万吨|吨)?`;
/** Not a year (`2025年`), nor a number inside one. */
const NOT_YEAR = String.raw`(?![\d.]|\s*年)`;

/**
 * Comparisons of a figure with a number, the first that matches winning: `不是` before `是`, `不低于` before `低于`.
 * `asks` says whether the comparison needs a question asking for regions (`哪些`, `which`) to be one: `是6%` alone
 * is a statement.
 */
export const COMPARISONS: readonly { op: Comparison['op']; pattern: RegExp; asks?: true }[] = [
  { op: 'gte', pattern: new RegExp(`${NUMBER}${NOT_YEAR}\\s*(?:及以上|或以上|以上|或更高|or (?:more|higher|above))`, 'i') },
  { op: 'lte', pattern: new RegExp(`${NUMBER}${NOT_YEAR}\\s*(?:及以下|或以下|以下|以内|or (?:less|lower|below))`, 'i') },
  { op: 'ne', pattern: new RegExp(`(?:不是|不等于|不为|other than|not|except|different from)\\s*(?:目标)?\\s*${NUMBER}${NOT_YEAR}`, 'i') },
  { op: 'gte', pattern: new RegExp(`(?:不低于|不少于|至少|at least|no less than)\\s*${NUMBER}${NOT_YEAR}`, 'i') },
  { op: 'lte', pattern: new RegExp(`(?:不高于|不超过|至多|at most|no more than)\\s*${NUMBER}${NOT_YEAR}`, 'i') },
  { op: 'gt', pattern: new RegExp(`(?:高于|超过|大于|多于|above|more than|higher than|greater than|over|exceeding)\\s*${NUMBER}${NOT_YEAR}`, 'i') },
  { op: 'lt', pattern: new RegExp(`(?:低于|少于|小于|below|less than|lower than|under)\\s*${NUMBER}${NOT_YEAR}`, 'i') },
  { op: 'eq', pattern: new RegExp(`(?:是|为|定为|等于|of|exactly|equal to)\\s*(?:(?<aboutEn>about|around|roughly)\\s+)?${NUMBER}${NOT_YEAR}\\s*(?<about>左右)?`, 'i'), asks: true },
];

/** A question asking which regions, or for all of them. */
export const ASKS_REGIONS = /哪些(?:省|地区|地方|城市|市)|哪几个(?:省|地区|城市|市)|有哪些|\bwhich\s+(?:provinces|regions|cities)\b/i;
export const ASKS_ONE_REGION = /哪(?:个|一个)(?:省|地区|地方|城市|市)|哪里|哪儿|\bwhich\s+(?:province|region|city)\b|\bwhere\b/i;
export const ALL_REGIONS = /各省|各地区|各地|各省份|各省区市|全部省份|所有省份|各(?:城)?市|所有城市|\b(?:all|each|every)\s+(?:the\s+)?(?:provinces?|regions?|cit(?:y|ies))\b/i;
/** Regions asked about at the level of cities, not of provinces. */
export const CITIES = /城市|(?:哪个|哪一个|哪些|哪几个|各)市|\bcit(?:y|ies)\b/i;
export const LIST = /列出|列举|罗列|\blist\b/i;
/** Years of one region, one after the other. */
export const SERIES = /历年|每年|各年|逐年|\b(?:over|through)\s+the\s+years\b|\b(?:each|every)\s+year\b|\byear\s+by\s+year\b/i;

/** Words that settle targets or results whatever the year. */
export const RESULT_WORDS = /实际|实现了|完成了|达到了|增长了|\b(?:actual|actually|achieved|grew|recorded)\b/i;
export const TARGET_WORDS = /目标|预期|计划|\b(?:targets?|goals?|aims?|planned)\b/i;
/** Words of a change: they pick the growth of an indicator over its amount (`地区生产总值增长` over `地区生产总值`). */
export const GROWTH_WORDS = /增长|增速|涨幅|增幅|\b(?:growth|grow|grew|rise|increase|inflation)\b/i;

const CHINESE_DIGITS: Record<string, number> = { 一: 1, 两: 2, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };
const ENGLISH_NUMBERS: Record<string, number> = { two: 2, three: 3, four: 4, five: 5, ten: 10 };

/** `三`, `3`, `three` as a number. */
export function countOf(word: string): number | undefined {
  const n = CHINESE_DIGITS[word] ?? ENGLISH_NUMBERS[word.toLowerCase()] ?? Number(word);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}
