/** Scoring one answer against its gold item. */
import type { Answer, RefusalCode } from '../domain.ts';
import { evidencesOf, type GoldItem } from './gold.ts';
import { containsSquashed, squash, sectionMatches } from './match.ts';

/** Answers longer than this are correct but not concise. */
const CONCISE_CHARS = 300;
const RECALL_DEPTHS = [1, 5, 10] as const;

export type FailureCause =
  | 'answered-unanswerable'
  | 'refused-not-retrieved'
  | 'refused-retrieved'
  | 'wrong-extract-not-retrieved'
  | 'wrong-extract-retrieved'
  | 'wrong-report-cited';

export const FAILURE_CAUSES: Record<FailureCause, string> = {
  'answered-unanswerable': 'answered a question the reports do not answer',
  'refused-not-retrieved': 'refused; the evidence was not retrieved',
  'refused-retrieved': 'refused although the evidence was retrieved',
  'wrong-extract-not-retrieved': 'answered from the wrong passage; the evidence was not retrieved',
  'wrong-extract-retrieved': 'evidence retrieved, but the quoted sentence lacks the answer',
  'wrong-report-cited': 'right answer, but a gold report is not cited',
};

export interface ItemScore {
  answerable: boolean;
  /** Per evidence, the 1-based rank of the first passage holding it, or null when none of the k does. */
  evidenceRanks: (number | null)[];
  /** Share of the item's evidence found within the top n passages; null when k < n or nothing is to be found. */
  recall: Record<`at${(typeof RECALL_DEPTHS)[number]}`, number | null>;
  /** Mean over the item's evidence of 1/rank (0 when not retrieved). */
  reciprocalRank: number;
  refused: boolean;
  /** Why it was refused, by the decision's code. */
  refusalCode?: RefusalCode;
  /** The decision's confidence in its best sentence, answered or not; undefined when no sentence was weighed. */
  confidence?: number;
  /** Not refused, every must_contain string in the answer, and its sentence naming the must_name regions and none of must_not_name. */
  correct: boolean;
  concise: boolean;
  missing: string[];
  citesReports: boolean;
  citesSections: boolean;
  latencyMs: number;
  pass: boolean;
  cause?: FailureCause;
  reason: string;
}

function reasonFor(cause: FailureCause | undefined, item: GoldItem, answer: Answer, missing: string[], uncited: string[]): string {
  switch (cause) {
    case undefined:
      return item.kind === 'unanswerable' ? 'refused, as it should' : 'answer holds every required string and cites the gold report';
    case 'answered-unanswerable':
      return `answered a question the reports do not answer: ${answer.answer.slice(0, 80)}`;
    case 'refused-not-retrieved':
    case 'refused-retrieved':
      return `${FAILURE_CAUSES[cause]}: ${answer.answer}`;
    case 'wrong-extract-not-retrieved':
    case 'wrong-extract-retrieved':
      return `answer lacks ${missing.map((m) => `"${m}"`).join(', ')} (${FAILURE_CAUSES[cause]})`;
    case 'wrong-report-cited':
      return `${FAILURE_CAUSES[cause]}: ${uncited.join('、')}`;
  }
}

function confidenceOf({ decision }: Answer): { confidence?: number } {
  if (decision.kind === 'answer') return { confidence: decision.confidence };
  if (decision.kind === 'refuse' && decision.best) return { confidence: decision.best.confidence };
  return {};
}

export function scoreItem(item: GoldItem, answer: Answer, k: number, latencyMs: number): ItemScore {
  const evidences = evidencesOf(item);
  const passages = answer.passages.map((p) => squash(p.text));
  const evidenceRanks = evidences.map((e) => {
    const at = passages.findIndex((text) => text.includes(squash(e.evidence)));
    return at < 0 ? null : at + 1;
  });
  const found = (depth: number) =>
    k < depth || evidences.length === 0 ? null : evidenceRanks.filter((r) => r !== null && r <= depth).length / evidences.length;
  const recall = { at1: found(1), at5: found(5), at10: found(10) };
  const reciprocalRank =
    evidences.length === 0 ? 0 : evidenceRanks.reduce<number>((sum, r) => sum + (r === null ? 0 : 1 / r), 0) / evidences.length;

  const answerable = item.kind !== 'unanswerable';
  // Regions are named by the answer's own sentence: the rows quoted after it may name them all.
  const said = answer.decision.kind === 'answer' ? answer.decision.sentence : answer.answer;
  const missing = answerable
    ? [
        ...item.must_contain.filter((m) => !containsSquashed(answer.answer, m)),
        ...(item.must_name ?? []).filter((m) => !containsSquashed(said, m)),
        ...(item.must_not_name ?? []).filter((m) => containsSquashed(said, m)).map((m) => `not ${m}`),
      ]
    : [];
  const correct = answerable && !answer.refused && missing.length === 0;
  const cited = (report: string) => answer.citations.filter((c) => squash(c.report) === squash(report));
  const uncited = [...new Set(evidences.map((e) => e.report).filter((report) => cited(report).length === 0))];
  const citesReports = answerable && !answer.refused && uncited.length === 0;
  const citesSections =
    citesReports && evidences.every((e) => cited(e.report).some((c) => sectionMatches(c.section, e.section)));

  const retrieved = evidenceRanks.some((r) => r !== null);
  let cause: FailureCause | undefined;
  if (!answerable) cause = answer.refused ? undefined : 'answered-unanswerable';
  else if (answer.refused) cause = retrieved ? 'refused-retrieved' : 'refused-not-retrieved';
  else if (!correct) cause = retrieved ? 'wrong-extract-retrieved' : 'wrong-extract-not-retrieved';
  else if (!citesReports) cause = 'wrong-report-cited';

  return {
    answerable,
    evidenceRanks,
    recall,
    reciprocalRank,
    refused: answer.refused,
    ...(answer.decision.kind === 'refuse' ? { refusalCode: answer.decision.code } : {}),
    ...confidenceOf(answer),
    correct,
    concise: correct && answer.answer.length <= CONCISE_CHARS,
    missing,
    citesReports,
    citesSections,
    latencyMs,
    pass: cause === undefined,
    ...(cause ? { cause } : {}),
    reason: reasonFor(cause, item, answer, missing, uncited),
  };
}

/** Failures ordered worst first: wrong or refused answers whose evidence was not even retrieved lead. */
export function severity(score: ItemScore): number {
  if (score.pass) return 0;
  if (!score.answerable) return 2;
  if (score.cause === 'wrong-report-cited') return 1;
  const retrieved = score.evidenceRanks.filter((r) => r !== null).length / Math.max(1, score.evidenceRanks.length);
  return 2 + (1 - retrieved) + (1 - score.reciprocalRank) / 2;
}
