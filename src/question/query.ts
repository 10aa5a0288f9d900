/**
 * A question read once into what it asks: regions at their level, years and plan periods, targets or results, the kind
 * of value wanted, the topic in the reports' words. Every later stage reads this, never the text again.
 */
import { placesElsewhere } from './elsewhere.ts';
import { normalizeQuestion } from './normalize.ts';
import { readValueAsked, type ValueAsked } from './value.ts';
import { findRegions, type Region } from '../regions.ts';
import { isEnglish, readEveryday } from './everyday.ts';
import { translateTerms } from './glossary.ts';

export type Intent = 'plan' | 'review' | 'unknown';

export interface Query {
  /** The question as typed, folded to half-width characters. */
  text: string;
  regions: Region[];
  /** Years the question asks about. */
  years: number[];
  /** The five-year plan the question names (`十四五`), whose period it asks about when it names no year. */
  plan?: string;
  /** A span of years the question names as one period (`2012—2016年这五年`). */
  span?: { from: number; to: number };
  /** Years that name a report (`2025年政府工作报告`, `the 2017 … government work report`): where to look. */
  reportYears: number[];
  /** Whether the question asks for targets and plans, or for what was achieved. */
  intent: Intent;
  /** The year the question was asked in: a year before it is over, and what it achieved can be known. */
  askedIn: number;
  english: boolean;
  /** Whether the question asks about the report itself: who delivered it, when, at which session. */
  aboutReport: boolean;
  /** Whether the question sets a target against what was achieved (`目标是多少？实际增长了多少？`). */
  contrast: boolean;
  /** Whether the question asks for several items (`哪些`, `哪六个`, `分别`, `具体指什么`). */
  list: boolean;
  /** What kind of value the question asks for: an amount in a unit, a percentage, a rank, a date… */
  value: ValueAsked;
  /** Places the question names that no report of the corpus can speak for: another country, the nation. */
  elsewhere: string[];
  /** The question without question words and names of the document. */
  words: string;
  /** The words, plus Chinese terms for an English question. */
  searchText: string;
  /** The Chinese terms added for an English question, one per English phrase. */
  translations: string[];
  /** The question with its everyday phrasing read as the reports write it. */
  read: string;
  /** What was read so, e.g. `去年 → 2025年`, `GDP → 地区生产总值`. */
  readings: string[];
}

/** Question words: they ask, they do not name the topic, and reports never contain them. */
const QUESTION_WORDS = /是多少|(?:多少|几)(?:个|家|座|所|条|项|套|户|辆|台|艘|列|件|张|处|位|名)?|哪些|哪个|哪几|哪里|哪一|什么|怎么样|怎样|怎么|如何|是否|分别|具体|请问|有没有|吗|呢/g;
/** Names of the document itself: every report says them, so they point at no passage in particular. */
const DOCUMENT_WORDS = /(?:政府)?工作报告|报告/g;

const YEAR = /(?<!\d)((?:19|20)\d{2})(?!\d)/g;
const SPAN = /(?<!\d)((?:19|20)\d{2})\s*年?\s*(?:—|–|-|~|至|到)\s*((?:19|20)\d{2})(?!\d)/;
const FIVE_YEAR_PLAN = /(十[一二三四五六七八九]五)(?:规划|时期|期间|末|”|")/;
/** What follows a year that names a report rather than a period (`2017年贵阳的报告` too, the region written short). */
const NAMES_REPORT = /^\s*(?:年\s*(?:的)?\s*(?:[\u4e00-\u9fff]{1,8}?(?:省|市|自治区|区|州|县))?\s*(?:的)?\s*(?:《)?\s*(?:政府工作)?报告|年\s*[\u4e00-\u9fff]{1,6}?的\s*(?:政府工作)?报告|(?:[A-Z][a-z]+(?:'s)?\s+)*(?:government\s+)?work\s+report)/i;
/** English plans also by the future: `will`, `should`, `is … to reach`. */
const PLAN = /目标|预期|计划|安排|打算|将要|力争|部署|任务|拟|要求|要(?:达到|实现|建成|完成|新增|建设|新建|提高|突破)|准备|target|goal|plan|aim|expect|\bwill\b|\bshould\b|\b(?:is|are)\s+(?:[\w']+\s+){0,4}?to\s+[a-z]+/i;
const REVIEW = /完成|实现了|(?<!要)达到|增长了|回顾|取得|成效|成绩|过去|去年|上一年|achieve|(?<!to )reach|grew|was|were|did/i;

const ABOUT_REPORT = /谁|哪次会议|什么会议|哪天|何时|什么时候|日期|市长|省长|主席|作的|做的|\bwho\b|\bwhen\b|\bdate\b|deliver|session|meeting/i;
/** A year joined to the next one (`2024年和2026年…`, `2017 and 2026 …`). */
const JOINS_NEXT_YEAR = /^\s*年?\s*(?:和|、|与|及|以及|至|到|and|to|,)\s*(?:19|20)\d{2}/i;
const CONTRAST = /(?:目标|计划|预期).*(?:实际|完成|实现)|(?:实际|完成情况).*(?:目标|计划|预期)/;
const ASKS_LIST = /哪些|哪几|哪[一二三四五六七八九十两\d]+[个项类种家座条张件所大]|分别|各(?:多少|是)|具体(?:是|指)|包括|which (?:\w+ )?(?:are|were)|what are/i;

function detectIntent(question: string): Intent {
  const plan = PLAN.test(question);
  const review = REVIEW.test(question);
  if (plan && !review) return 'plan';
  if (review && !plan) return 'review';
  return 'unknown';
}

/** `today` is the date the question is asked, against which `去年`, `今年`, `last year` are read. */
export function readQuery(asked: string, today: Date = new Date()): Query {
  const text = normalizeQuestion(asked);
  const { text: question, readings } = readEveryday(text, today);
  const english = isEnglish(question);
  const years = new Set<number>();
  const reportYears = new Set<number>();
  // `2012—2016年` is one period, not two years.
  const spanned = SPAN.exec(question);
  const span = spanned ? { from: Number(spanned[1]), to: Number(spanned[2]) } : undefined;
  // From the last year back, so that `2024年和2026年政府工作报告` names two reports.
  let nextNamesReport = false;
  for (const match of [...question.matchAll(YEAR)].reverse()) {
    const after = question.slice((match.index ?? 0) + match[0].length);
    const namesReport: boolean = NAMES_REPORT.test(after) || (nextNamesReport && JOINS_NEXT_YEAR.test(after));
    const year = Number(match[1]);
    if (!namesReport && span && (year === span.from || year === span.to)) continue;
    (namesReport ? reportYears : years).add(year);
    nextNamesReport = namesReport;
  }
  const regions = findRegions(question);
  const extra = english ? translateTerms(question) : [];
  const words = question.replace(QUESTION_WORDS, ' ').replace(DOCUMENT_WORDS, ' ');
  const searchText = [words, ...extra].join(' ');
  const plan = FIVE_YEAR_PLAN.exec(question)?.[1];
  return {
    regions,
    years: [...years].sort((a, b) => a - b),
    reportYears: [...reportYears].sort((a, b) => a - b),
    // `去年` says the question asks for a result even once it reads `2025年`.
    intent: detectIntent(asked),
    askedIn: today.getUTCFullYear(),
    english,
    aboutReport: ABOUT_REPORT.test(question),
    contrast: CONTRAST.test(question),
    list: ASKS_LIST.test(question),
    value: readValueAsked(question),
    elsewhere: regions.length === 0 ? placesElsewhere(question) : [],
    ...(plan ? { plan } : {}),
    ...(span && span.from < span.to ? { span } : {}),
    words,
    searchText,
    translations: extra,
    text,
    read: question,
    readings,
  };
}
