/**
 * The data the answer decision is fitted on, derived from a gold file: each question asked through the same `ask()`
 * as every surface, and each candidate sentence its decision weighed labelled by whether it holds the gold answer.
 * A question decided as one aspect of one part is right when a candidate holds every `must_contain` string and is
 * from a gold report; a question the reports do not answer has no right candidate. The aspects and parts of the
 * other questions (regions compared, years, target against result) are each labelled by the gold evidence: a
 * candidate of a passage holding a piece of evidence and holding one of the gold strings is right. Only the first
 * kind decides the threshold: which part a gold string belongs to is not known for the others.
 */
import type { Assistant, DecisionRecord } from '../../answering/ask.ts';
import type { ScoredCandidate } from '../../answering/decision/decide.ts';
import { FEATURE_NAMES, type FeatureName } from '../../answering/decision/features.ts';
import { evidencesOf, type GoldItem, type GoldKind } from '../gold.ts';
import { containsSquashed, squash } from '../match.ts';

export interface LabelledQuestion {
  /** The gold item's id; the aspects of one item are one group, kept in one fold. */
  group: string;
  id: string;
  kind: GoldKind;
  answerable: boolean;
  /** Whether the question's answer is known to be one candidate, so that it counts on the risk–coverage curve. */
  onCurve: boolean;
  /** One row of features (in `FEATURE_NAMES` order) per candidate the definitional rules allowed. */
  rows: number[][];
  /** 1 where the candidate answers. */
  labels: number[];
  quotes: string[];
}

export function isRight(item: GoldItem, quote: string, report: string): boolean {
  if (item.kind === 'unanswerable') return false;
  const reports = new Set(evidencesOf(item).map((e) => squash(e.report)));
  return reports.has(squash(report)) && item.must_contain.every((m) => containsSquashed(quote, m));
}

/** A candidate of one aspect of a question: from a passage holding gold evidence, with one of the gold strings. */
function isRightPart(item: GoldItem, candidate: ScoredCandidate['candidate']): boolean {
  if (item.kind === 'unanswerable') return false;
  const passage = squash(candidate.passage.text);
  return evidencesOf(item).some((e) => passage.includes(squash(e.evidence))) && item.must_contain.some((m) => containsSquashed(candidate.text, m));
}

function labelled(item: GoldItem, id: string, onCurve: boolean, scored: readonly ScoredCandidate[], features: readonly FeatureName[]): LabelledQuestion {
  const right = onCurve ? (s: ScoredCandidate) => isRight(item, s.candidate.text, s.candidate.passage.report) : (s: ScoredCandidate) => isRightPart(item, s.candidate);
  return {
    group: item.id,
    id,
    kind: item.kind,
    answerable: item.kind !== 'unanswerable',
    onCurve,
    rows: scored.map((s) => features.map((name) => s.features[name])),
    labels: scored.map((s) => (right(s) ? 1 : 0)),
    quotes: scored.map((s) => s.candidate.text),
  };
}

/** Asks every item and returns its decisions' candidates, labelled. */
export async function labelledQuestions(assistant: Assistant, items: readonly GoldItem[], recorded: DecisionRecord[], features: readonly FeatureName[] = FEATURE_NAMES): Promise<LabelledQuestion[]> {
  const questions: LabelledQuestion[] = [];
  for (const item of items) {
    recorded.length = 0;
    const answer = await assistant.ask(item.question, {
      k: 10,
      ...(item.asked_on ? { askedOn: item.asked_on } : {}),
      ...(item.conversation ? { conversation: item.conversation } : {}),
    });
    // Answered from a report's metadata or notes, not by the decision.
    if (recorded.length === 0 && !answer.refused) continue;
    if (!answer.subQuestions && recorded.every((r) => r.aspects === 1)) {
      // A year standing in for another is decided after the first refuses: the first that had candidates is the one.
      const record = recorded.find((r) => r.scored.length > 0) ?? recorded[0];
      questions.push(labelled(item, item.id, true, record?.scored ?? [], features));
      continue;
    }
    recorded.forEach((record, i) => {
      if (record.scored.length > 0) questions.push(labelled(item, `${item.id}#${i}`, false, record.scored, features));
    });
  }
  return questions;
}
