/**
 * A follow-up in a conversation (`那上海呢？`, `它2025年的目标是多少？`, `And Guangdong?`) read as the question it
 * stands for: what it leaves out of region, year and topic is carried over from the question before it, and what it
 * names replaces theirs. Both are read already; this only moves what one lacks from the other.
 */
import type { CarriedOver, FollowUp } from '../domain.ts';
import type { Query } from './query.ts';
import { contentWords, hasOwnTopic, topicOf, topicResidue } from './topic.ts';

/** Words pointing back at what was asked before (`它`, `该项`, `its`): the topic goes with them. */
const POINTS_BACK = /它|这项|这个|(?<!应)该|\b(?:it|its|they|their)\b/i;
/** Openings and endings that only say "and what about": `那`, `那么`, `呢`, `and`, `what about`. */
const POINTER = /^\s*(?:那么|那|还有|另外|and\s+(?:what|how)\s+about|what\s+about|how\s+about|and)\s*|\s*呢?\s*[？?]*\s*$/gi;

function allYears(query: Query): number[] {
  return [...query.years, ...query.reportYears];
}

/** The years as written into a standalone question: a report's year names its report. */
function yearWords(query: Query): string {
  const years = query.years.map((y) => `${y}年`);
  const reports = query.reportYears.map((y) => `${y}年政府工作报告`);
  return [...years, ...reports].join('、');
}

export interface CarriedQuery {
  query: Query;
  followUp: FollowUp;
}

/** The question completed from the one before it, or undefined when it needs nothing carried over. */
export function carryOver(now: Query, before: Query): CarriedQuery | undefined {
  const carriedOver: CarriedOver = {};
  const added: string[] = [];
  let query: Query = now;
  if (now.regions.length === 0 && before.regions.length > 0) {
    carriedOver.regions = before.regions.map((r) => r.name);
    added.push(carriedOver.regions.join('、'));
    query = { ...query, regions: before.regions, elsewhere: [] };
  }
  if (allYears(now).length === 0 && allYears(before).length > 0) {
    carriedOver.years = allYears(before);
    added.push(yearWords(before));
    query = { ...query, years: before.years, reportYears: before.reportYears, ...(before.plan && !now.plan ? { plan: before.plan } : {}) };
  }
  if (POINTS_BACK.test(now.text) || !hasOwnTopic(topicResidue(now.searchText, now.regions))) {
    // A follow-up asking for a figure of its own (`目标呢？`) keeps it and takes only the subject before it.
    const asksOwnFigure = topicOf(now.searchText) !== now.searchText;
    const topic = contentWords(asksOwnFigure ? topicOf(before.words) : before.words, before.regions);
    if (topic) {
      carriedOver.topic = topic;
      added.push(topic);
      query = {
        ...query,
        words: `${topic} ${query.words}`,
        searchText: `${topic} ${query.searchText}`,
        translations: [...before.translations, ...query.translations],
        // `那北京呢？` asks for what was asked before: a growth, an amount in 亿元.
        value: now.value.kind === 'description' ? before.value : now.value,
        intent: now.intent === 'unknown' ? before.intent : now.intent,
      };
    }
  }
  if (added.length === 0) return undefined;
  const standalone = `${[...added, now.text.replace(POINTER, '').trim()].join(' ')}？`;
  return { query: { ...query, read: `${[...added, now.read.replace(POINTER, '').trim()].join(' ')}？` }, followUp: { standalone, carriedOver } };
}

/**
 * The question read against the earlier questions of its conversation, each read against those before it so that a
 * chain of follow-ups keeps its thread; undefined when it stands alone.
 */
export function readFollowUp(question: Query, earlier: readonly Query[]): CarriedQuery | undefined {
  let context: Query | undefined;
  for (const asked of earlier) context = context === undefined ? asked : (carryOver(asked, context)?.query ?? asked);
  return context === undefined ? undefined : carryOver(question, context);
}
