/**
 * A follow-up in a conversation (`那上海呢？`, `它2025年的目标是多少？`, `And Guangdong?`) read as the question it
 * stands for: what it leaves out of region, year and topic is carried over from the questions before it, and what
 * it names replaces theirs.
 */
import type { CarriedOver, FollowUp } from '../domain.ts';
import { contentWords, hasOwnTopic, topicResidue } from './residue.ts';
import { topicOf, understand, type Understanding } from './understand.ts';

/** Words pointing back at what was asked before (`它`, `该项`, `its`): the topic goes with them. */
const POINTS_BACK = /它|这项|这个|(?<!应)该|\b(?:it|its|they|their)\b/i;
/** Openings and endings that only say "and what about": `那`, `那么`, `呢`, `and`, `what about`. */
const POINTER = /^\s*(?:那么|那|还有|另外|and\s+(?:what|how)\s+about|what\s+about|how\s+about|and)\s*|\s*呢?\s*[？?]*\s*$/gi;

function allYears(understanding: Understanding): number[] {
  return [...understanding.years, ...understanding.reportYears];
}

/** The years as written back into a question: a report's year names its report. */
function yearWords(understanding: Understanding): string {
  const years = understanding.years.map((y) => `${y}年`);
  const reports = understanding.reportYears.map((y) => `${y}年政府工作报告`);
  return [...years, ...reports].join('、');
}

/** The question completed from the one before it, or undefined when it needs nothing carried over. */
function complete(question: string, before: string, today: Date): FollowUp | undefined {
  const now = understand(question, today);
  const earlier = understand(before, today);
  const carriedOver: CarriedOver = {};
  const added: string[] = [];
  if (now.regions.length === 0 && earlier.regions.length > 0) {
    carriedOver.regions = earlier.regions.map((r) => r.name);
    added.push(carriedOver.regions.join('、'));
  }
  if (allYears(now).length === 0 && allYears(earlier).length > 0) {
    carriedOver.years = allYears(earlier);
    added.push(yearWords(earlier));
  }
  if (POINTS_BACK.test(question) || !hasOwnTopic(topicResidue(now.searchText, now.regions))) {
    // A follow-up asking for a figure of its own (`目标呢？`) keeps it and takes only the subject before it.
    const asksOwnFigure = topicOf(now.searchText) !== now.searchText;
    const topic = contentWords(asksOwnFigure ? topicOf(earlier.words) : earlier.words, earlier.regions);
    if (topic) {
      carriedOver.topic = topic;
      added.push(topic);
    }
  }
  if (added.length === 0) return undefined;
  const own = question.replace(POINTER, '').trim();
  return { standalone: `${[...added, own].join(' ')}？`, carriedOver };
}

/**
 * The question read against the earlier questions of its conversation, each read against those before it so that
 * a chain of follow-ups keeps its thread; undefined when it stands alone.
 */
export function readFollowUp(question: string, earlier: readonly string[], today: Date): FollowUp | undefined {
  let context: string | undefined;
  for (const asked of earlier) context = context === undefined ? asked : (complete(asked, context, today)?.standalone ?? asked);
  return context === undefined ? undefined : complete(question, context, today);
}
