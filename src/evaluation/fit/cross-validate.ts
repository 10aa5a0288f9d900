/**
 * How well a decision model does on questions it was not fitted on: k-fold cross-validation by question, each
 * question's candidates predicted by a model fitted on the other folds. A question is answered by its most likely
 * candidate when that reaches the threshold; the risk–coverage curve says, for every threshold, how many answers are
 * given and how many of them are right.
 */
import { createHash } from 'node:crypto';
import type { LabelledQuestion } from './dataset.ts';
import { fitLogistic, predict } from './logistic.ts';

export const FOLDS = 5;

/** A question's fold, from a hash of its gold item's id: the same on every run and machine. */
export function foldOf(id: string, folds = FOLDS): number {
  return createHash('sha256').update(id).digest().readUInt32BE(0) % folds;
}

export interface QuestionOutcome {
  id: string;
  answerable: boolean;
  /** The probability of the most likely candidate; −1 when no candidate was allowed. */
  best: number;
  /** Whether that candidate is right. */
  right: boolean;
}

export interface CurvePoint {
  threshold: number;
  answered: number;
  right: number;
  precision: number;
  /** Answerable questions answered (right or wrong), of all answerable ones. */
  coverage: number;
  /** Right answers, of all answerable questions. */
  accuracy: number;
  /** Unanswerable questions refused, of all unanswerable ones. */
  unanswerableRefused: number;
}

export interface CrossValidation {
  outcomes: QuestionOutcome[];
  /** Out-of-fold predictions of every candidate, with their labels. */
  predictions: { p: number; label: number }[];
}

export function crossValidate(questions: readonly LabelledQuestion[], l2: number, folds = FOLDS): CrossValidation {
  const outcomes: QuestionOutcome[] = [];
  const predictions: { p: number; label: number }[] = [];
  for (let fold = 0; fold < folds; fold++) {
    const train = questions.filter((q) => foldOf(q.group, folds) !== fold);
    const model = fitLogistic(
      train.flatMap((q) => q.rows),
      train.flatMap((q) => q.labels),
      l2,
    );
    for (const q of questions.filter((q) => foldOf(q.group, folds) === fold)) {
      const ps = q.rows.map((row) => predict(model, row));
      ps.forEach((p, i) => predictions.push({ p, label: q.labels[i] ?? 0 }));
      if (q.onCurve) outcomes.push(outcomeOf(q, ps));
    }
  }
  return { outcomes: outcomes.sort((a, b) => a.id.localeCompare(b.id)), predictions };
}

export function outcomeOf(q: LabelledQuestion, ps: readonly number[]): QuestionOutcome {
  let best = -1;
  let at = -1;
  ps.forEach((p, i) => {
    if (p > best) {
      best = p;
      at = i;
    }
  });
  return { id: q.id, answerable: q.answerable, best, right: at >= 0 && q.labels[at] === 1 };
}

/** Every distinct threshold at which the answers change, highest first, with what is answered at it. */
export function riskCoverage(outcomes: readonly QuestionOutcome[]): CurvePoint[] {
  const answerable = outcomes.filter((o) => o.answerable).length;
  const unanswerable = outcomes.length - answerable;
  const candidates = outcomes.filter((o) => o.best >= 0).sort((a, b) => b.best - a.best);
  const points: CurvePoint[] = [];
  let answered = 0;
  let right = 0;
  let answeredAnswerable = 0;
  let answeredUnanswerable = 0;
  candidates.forEach((o, i) => {
    answered++;
    if (o.right) right++;
    if (o.answerable) answeredAnswerable++;
    else answeredUnanswerable++;
    // Ties are answered together.
    if (candidates[i + 1]?.best === o.best) return;
    points.push({
      threshold: o.best,
      answered,
      right,
      precision: right / answered,
      coverage: answerable === 0 ? 0 : answeredAnswerable / answerable,
      accuracy: answerable === 0 ? 0 : right / answerable,
      unanswerableRefused: unanswerable === 0 ? 1 : 1 - answeredUnanswerable / unanswerable,
    });
  });
  return points;
}

/** The point answering most while its answers are right at least `precision` of the time; the strictest otherwise. */
export function pointFor(curve: readonly CurvePoint[], precision: number): CurvePoint | undefined {
  const meeting = curve.filter((p) => p.precision >= precision);
  return meeting.length > 0 ? meeting[meeting.length - 1] : curve[0];
}

/** The area under the ROC curve: the chance a right candidate is ranked above a wrong one. */
export function auc(predictions: readonly { p: number; label: number }[]): number {
  const sorted = [...predictions].sort((a, b) => a.p - b.p);
  let rankSum = 0;
  let positives = 0;
  let i = 0;
  while (i < sorted.length) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1]?.p === sorted[i]?.p) j++;
    const meanRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (sorted[k]?.label === 1) {
        rankSum += meanRank;
        positives++;
      }
    }
    i = j + 1;
  }
  const negatives = sorted.length - positives;
  return positives === 0 || negatives === 0 ? 0.5 : (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

export function logLoss(predictions: readonly { p: number; label: number }[]): number {
  const eps = 1e-12;
  const total = predictions.reduce((sum, { p, label }) => sum - (label * Math.log(Math.max(p, eps)) + (1 - label) * Math.log(Math.max(1 - p, eps))), 0);
  return predictions.length === 0 ? 0 : total / predictions.length;
}
