/** What a question is about before any search: regions, years, whether it asks for plans or results. */
import { findRegions, type Region } from '../regions.ts';
import { translateTerms } from './glossary.ts';

export type Intent = 'plan' | 'review' | 'unknown';

export interface Understanding {
  regions: Region[];
  /** Years named in the question. */
  years: number[];
  /** Whether the question asks for targets and plans, or for what was achieved. */
  intent: Intent;
  english: boolean;
  /** The question without question words, plus Chinese terms for an English question. */
  searchText: string;
}

/** Question words: they ask, they do not name the topic, and reports never contain them. */
const QUESTION_WORDS = /是多少|多少|哪些|哪个|哪几|哪里|哪一|什么|怎么样|怎样|怎么|如何|是否|分别|具体|请问|有没有|吗|呢/g;

const YEAR = /(?<!\d)((?:19|20)\d{2})(?!\d)/g;
const PLAN = /目标|预期|计划|安排|打算|将要|力争|部署|任务|拟|要求|target|goal|plan|aim|expect/i;
const REVIEW = /完成|实现了|达到|增长了|回顾|取得|成效|成绩|过去|去年|上一年|achieve|reach|grew|was|were|did/i;

function detectIntent(question: string): Intent {
  const plan = PLAN.test(question);
  const review = REVIEW.test(question);
  if (plan && !review) return 'plan';
  if (review && !plan) return 'review';
  return 'unknown';
}

/** Every way the regions may be written, longest first so that `北京市` goes before `北京`. */
function regionNames(regions: readonly Region[]): string[] {
  return regions.flatMap((r) => [r.name, r.short, ...r.english]).sort((a, b) => b.length - a.length);
}

/** The text without the names of these regions. */
export function withoutRegions(text: string, regions: readonly Region[]): string {
  let rest = text;
  for (const name of regionNames(regions)) rest = rest.replace(new RegExp(name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'), ' ');
  return rest;
}

export function understand(question: string): Understanding {
  const latin = (question.match(/[A-Za-z]/g) ?? []).length;
  const chinese = (question.match(/[\u4e00-\u9fff]/g) ?? []).length;
  const english = latin > chinese * 2;
  const years = [...new Set([...question.matchAll(YEAR)].map((m) => Number(m[1])))];
  const regions = findRegions(question);
  const extra = english ? translateTerms(question) : [];
  const searchText = [question.replace(QUESTION_WORDS, ' '), ...extra].join(' ');
  return { regions, years, intent: detectIntent(question), english, searchText };
}
