/**
 * What a question is about: its text without the words saying what kind of figure it wants, without its regions and
 * years, without question words and fillers. A part of a multi-part question, or a follow-up in a conversation, with
 * too little topic left does not stand alone: it takes its topic from the question before it.
 */
import type { Region } from '../regions.ts';

/**
 * Words that say what kind of figure is asked for (a target, a growth, a total, the higher, how two compare), not what
 * it is about; `全省` of `贵州全省` names the region as a whole, which the region's name already says.
 */
const FIGURE_WORDS = /更高|更低|更快|更慢|更多|更少|哪个|相比|对比|比较|全省|全市|全区|目标|预期|增长|增速|原计划|原定|计划|实际|完成|达到|提高|下降|比上年|同比|全年|今年|去年|总量|规模(?!以上)|数量|情况|要求|提出|安排|比例|比重|百分/g;

/** The topic of a search text: without the words that only say what kind of figure is wanted. */
export function topicOf(text: string): string {
  return text.replace(FIGURE_WORDS, ' ');
}

/** Every way the regions may be written, longest first so that `北京市` goes before `北京`. */
function regionNames(regions: readonly Region[]): string[] {
  return regions.flatMap((r) => [r.name, r.short, ...r.english]).sort((a, b) => b.length - a.length);
}

const YEAR_WORDS = /(?:19|20)\d{2}\s*年?/g;

/** The text without its years (`2024年`, `2024`). */
export function withoutYears(text: string): string {
  return text.replace(YEAR_WORDS, ' ');
}

/** The text without the names of these regions. */
export function withoutRegions(text: string, regions: readonly Region[]): string {
  let rest = text;
  for (const name of regionNames(regions)) rest = rest.replace(new RegExp(name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'), ' ');
  return rest;
}

/** Question words, fillers, pronouns and verbs of a figure (`降到`) that say nothing of what a question is about. */
const FILLER =
  /是多少|(?:多少|几)(?:个|家|座|所|条|项|套|户|辆|台|艘|列|件|张|处|位|名)?|哪些|什么|怎么样|如何|降到|降至|升至|增至|提高到|达到|预计|当年|整个|一共|总共|累计|实际|那么|那|它们|它|其|该|又|还|也|是|了|的|吗|呢|['’]s\b|\b(?:what|how|which|when|who|where|is|are|was|were|the|its|it|their|they|that|this|of|in|and|about|did|does|do|much|many|long|now|then)\b/gi;
/** A question needs this much topic of its own to stand alone. */
const MIN_TOPIC_HAN = 2;
const MIN_TOPIC_WORDS = 2;

/** The words of a search text that name something: without the regions named, the years and the fillers. */
export function contentWords(searchText: string, regions: readonly Region[]): string {
  return withoutYears(withoutRegions(searchText, regions))
    .replace(FILLER, ' ')
    .replace(/[\s\p{P}]+/gu, ' ')
    .trim();
}

/** The content words of a search text without the words of the figure it wants (目标, 增长): its topic alone. */
export function topicResidue(searchText: string, regions: readonly Region[]): string {
  return contentWords(topicOf(searchText), regions);
}

export function hasOwnTopic(residue: string): boolean {
  const han = (residue.match(/[\u4e00-\u9fff]/g) ?? []).length;
  const words = (residue.match(/[a-z]{3,}/gi) ?? []).length;
  return han >= MIN_TOPIC_HAN || words >= MIN_TOPIC_WORDS;
}
