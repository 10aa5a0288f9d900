/**
 * How well a decision model does on questions it was not fitted on: k-fold cross-validation by gold item. The
 * sentence model's probabilities of each question's candidates come from a model fitted on the other folds; the
 * answer model, fitted on those out-of-fold probabilities, is cross-validated over the same folds. A question is
 * answered by its most likely candidate when the answer model's probability reaches the threshold; the risk–coverage
 * curve says, for every threshold, how many answers are given and how many of them are right.
 */
import { createHash } from 'node:crypto';
import { answerFeatureRow } from '../../answering/decision/answerability.ts';
import type { LabelledQuestion } from './dataset.ts';
import { fitLogistic, predict } from './logistic.ts';

export const FOLDS = 5;
/**
 * Times the cross-validation is repeated, each with the questions dealt into folds anew: a grid cell is chosen on the
 * scores of all repeats, which vary less with how the folds fell than those of one.
 */
export const REPEATS = 3;

/** A question's fold in a repeat, from a hash of its gold item's id: the same on every run and machine. */
export function foldOf(id: string, folds = FOLDS, repeat = 0): number {
  return createHash('sha256').update(repeat === 0 ? id : `${repeat}:${id}`).digest().readUInt32BE(0) % folds;
}

export interface QuestionOutcome {
  id: string;
  answerable: boolean;
  /** The answer model's probability; −1 when no candidate was allowed. */
  confidence: number;
  /** Whether the most likely candidate is right. */
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

/** Each question's candidates' probabilities from a sentence model fitted on the other folds. */
export function sentenceOutOfFold(questions: readonly LabelledQuestion[], l2: number, folds = FOLDS, repeat = 0): Map<string, number[]> {
  const probabilities = new Map<string, number[]>();
  for (let fold = 0; fold < folds; fold++) {
    const train = questions.filter((q) => foldOf(q.group, folds, repeat) !== fold);
    const model = fitLogistic(
      train.flatMap((q) => q.rows),
      train.flatMap((q) => q.labels),
      l2,
    );
    for (const q of questions.filter((q) => foldOf(q.group, folds, repeat) === fold)) probabilities.set(q.id, q.rows.map((row) => predict(model, row)));
  }
  return probabilities;
}

/** Whether the most likely candidate is right. */
export function bestIsRight(q: LabelledQuestion, probabilities: readonly number[]): boolean {
  let at = -1;
  probabilities.forEach((p, i) => {
    if (at < 0 || p > (probabilities[at] ?? -1)) at = i;
  });
  return at >= 0 && q.labels[at] === 1;
}

/** The questions the answer model learns from: those on the curve with a candidate, their best right or not. */
export function answerExamples(questions: readonly LabelledQuestion[], probabilities: ReadonlyMap<string, number[]>): { q: LabelledQuestion; row: number[]; label: number }[] {
  return questions
    .filter((q) => q.onCurve && q.rows.length > 0)
    .map((q) => {
      const ps = probabilities.get(q.id) ?? [];
      return { q, row: answerFeatureRow(ps), label: bestIsRight(q, ps) ? 1 : 0 };
    });
}

export interface AnswerOutcomes {
  /** The questions decided as one aspect of one part. */
  questions: QuestionOutcome[];
  /** The aspects and parts of the others, each right when its best candidate is. */
  parts: QuestionOutcome[];
}

/**
 * The answer model cross-validated over the folds, on the sentence model's out-of-fold probabilities: fitted on the
 * questions of the curve, it gives the confidence of those and of the parts of the other questions alike.
 */
export function answerOutOfFold(questions: readonly LabelledQuestion[], probabilities: ReadonlyMap<string, number[]>, l2: number, folds = FOLDS, repeat = 0): AnswerOutcomes {
  const examples = answerExamples(questions, probabilities);
  const none = (q: LabelledQuestion): QuestionOutcome => ({ id: q.id, answerable: q.answerable, confidence: -1, right: false });
  const outcomes: AnswerOutcomes = { questions: questions.filter((q) => q.onCurve && q.rows.length === 0).map(none), parts: [] };
  for (let fold = 0; fold < folds; fold++) {
    const train = examples.filter((e) => foldOf(e.q.group, folds, repeat) !== fold);
    const model = fitLogistic(
      train.map((e) => e.row),
      train.map((e) => e.label),
      l2,
    );
    for (const q of questions.filter((q) => foldOf(q.group, folds, repeat) === fold && q.rows.length > 0)) {
      const ps = probabilities.get(q.id) ?? [];
      const outcome = { id: q.id, answerable: q.answerable, confidence: predict(model, answerFeatureRow(ps)), right: bestIsRight(q, ps) };
      (q.onCurve ? outcomes.questions : outcomes.parts).push(outcome);
    }
  }
  outcomes.questions.sort((a, b) => a.id.localeCompare(b.id));
  outcomes.parts.sort((a, b) => a.id.localeCompare(b.id));
  return outcomes;
}

/** Every distinct threshold at which the answers change, highest first, with what is answered at it. */
export function riskCoverage(outcomes: readonly QuestionOutcome[]): CurvePoint[] {
  const answerable = outcomes.filter((o) => o.answerable).length;
  const unanswerable = outcomes.length - answerable;
  const candidates = outcomes.filter((o) => o.confidence >= 0).sort((a, b) => b.confidence - a.confidence);
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
    if (candidates[i + 1]?.confidence === o.confidence) return;
    points.push({
      threshold: o.confidence,
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
