/**
 * What a question says of its own topic once its regions, years, question words and fillers are gone. A part of a
 * multi-part question, or a follow-up in a conversation, with too little topic left does not stand alone: it takes
 * its topic from the question before it.
 */
import type { Region } from '../regions.ts';
import { topicOf, withoutRegions, withoutYears } from './understand.ts';

/** Question words, fillers, pronouns and verbs of a figure (`降到`) that say nothing of what a question is about. */
const FILLER =
  /是多少|多少|几|哪些|什么|怎么样|如何|降到|降至|升至|增至|提高到|那么|那|它们|它|其|该|又|还|也|是|了|的|吗|呢|['’]s\b|\b(?:what|how|which|when|who|where|is|are|was|were|the|its|it|their|they|that|this|of|in|and|about|did|does|do|much|many|long|now|then)\b/gi;
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
