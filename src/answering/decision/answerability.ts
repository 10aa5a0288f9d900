/**
 * What the answer model reads of a question's candidates once the sentence model has weighed them: how likely the
 * best is, how far it stands above the next, how much likelihood all of them hold together and how many there are.
 * A best sentence with a close rival is a guess between them; one without a rival has no margin, and says so.
 */

export const ANSWER_FEATURE_NAMES = ['bestLogit', 'marginLogit', 'probabilityMass', 'candidates', 'alone'] as const;
export type AnswerFeatureName = (typeof ANSWER_FEATURE_NAMES)[number];

const EPSILON = 1e-6;

function logit(p: number): number {
  const q = Math.min(Math.max(p, EPSILON), 1 - EPSILON);
  return Math.log(q / (1 - q));
}

/** The answer features of a question's candidates' probabilities, in `ANSWER_FEATURE_NAMES` order. */
export function answerFeatureRow(probabilities: readonly number[]): number[] {
  const sorted = [...probabilities].sort((a, b) => b - a);
  const best = sorted[0] ?? 0;
  const second = sorted[1];
  const margin = second === undefined ? 0 : logit(best) - logit(second);
  return [logit(best), margin, sorted.reduce((sum, p) => sum + p, 0), sorted.length, second === undefined ? 1 : 0];
}
