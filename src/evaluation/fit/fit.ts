/**
 * `npm run fit`: fits the answer decision on a gold file. For each way of answering (with an embedding model, and
 * lexical alone), every passage depth and pair of penalties (of the sentence model and of the answer model) of a small
 * grid is cross-validated; the one answering most gold questions rightly at the target precision is fitted on all
 * questions (the answer model on the sentence model's out-of-fold probabilities, as it was cross-validated), and its
 * threshold is the one the cross-validated risk–coverage curve gives for that precision.
 */
import { createAssistant, type DecisionRecord } from '../../answering/ask.ts';
import { FEATURE_NAMES, MEANING_FEATURES, type FeatureName } from '../../answering/decision/features.ts';
import type { DecisionModels, FittedModel } from '../../answering/decision/model.ts';
import type { CorpusIndex } from '../../indexing/corpus-index.ts';
import { retrieversFor, type RetrievalMode } from '../../retrieval/modes.ts';
import type { GoldSet } from '../gold.ts';
import { riskChart } from '../risk-chart.ts';
import { markdownTable, rate } from '../tables.ts';
import { ANSWER_FEATURE_NAMES } from '../../answering/decision/answerability.ts';
import { answerExamples, answerOutOfFold, auc, FOLDS, logLoss, pointFor, REPEATS, riskCoverage, sentenceOutOfFold, type CurvePoint } from './cross-validate.ts';
import { labelledQuestions, type LabelledQuestion } from './dataset.ts';
import { fitLogistic } from './logistic.ts';

/** Answered precision the threshold is chosen for. */
export const TARGET_PRECISION = 0.95;
/** Passages read for candidates, and L2 penalties, tried. */
export const READ_DEPTHS = [3, 5, 8, 10] as const;
export const PENALTIES = [0.001, 0.01, 0.1, 1] as const;

type ModelKind = keyof DecisionModels['models'];
const RETRIEVAL: Record<ModelKind, RetrievalMode> = { meaning: 'hybrid', lexical: 'lexical' };

function featuresOf(kind: ModelKind): FeatureName[] {
  return kind === 'meaning' ? [...FEATURE_NAMES] : FEATURE_NAMES.filter((f) => !MEANING_FEATURES.includes(f));
}

/** A model that answers with every candidate, for collecting them: its weights are never read. */
function collecting(features: readonly FeatureName[], readDepth: number): FittedModel {
  const zeros = (n: number) => new Array<number>(n).fill(0);
  const ones = (n: number) => new Array<number>(n).fill(1);
  return {
    sentence: { features: [...features], means: zeros(features.length), scales: ones(features.length), weights: zeros(features.length), bias: 0 },
    answer: { features: [...ANSWER_FEATURE_NAMES], means: zeros(ANSWER_FEATURE_NAMES.length), scales: ones(ANSWER_FEATURE_NAMES.length), weights: zeros(ANSWER_FEATURE_NAMES.length), bias: 0 },
    threshold: 0,
    partThreshold: 0,
    readDepth,
    l2: 0,
    answerL2: 0,
    crossValidated: { folds: 0, questions: 0, answerable: 0, answeredPrecision: 0, coverage: 0, accuracy: 0, unanswerableRefused: 0, auc: 0, logLoss: 0, parts: 0, partPrecision: 0, partAccuracy: 0 },
  };
}

export interface GridCell {
  kind: ModelKind;
  readDepth: number;
  /** Penalties of the sentence model and of the answer model. */
  l2: number;
  answerL2: number;
  point: CurvePoint | undefined;
  /** The point of the parts' curve at the target precision, and how many parts there are. */
  partPoint: CurvePoint | undefined;
  parts: number;
  auc: number;
  logLoss: number;
  curve: CurvePoint[];
  questions: number;
  answerable: number;
}

export interface Fit {
  models: DecisionModels;
  grid: GridCell[];
  chosen: Record<ModelKind, GridCell>;
}

/** Better: more right answers at the target precision, then a lower log loss. */
function better(a: GridCell, b: GridCell): boolean {
  const ra = a.point?.accuracy ?? 0;
  const rb = b.point?.accuracy ?? 0;
  return ra !== rb ? ra > rb : a.logLoss < b.logLoss;
}

async function collect(index: CorpusIndex, gold: GoldSet, kind: ModelKind, readDepth: number): Promise<LabelledQuestion[]> {
  const features = featuresOf(kind);
  const recorded: DecisionRecord[] = [];
  const model = collecting(features, readDepth);
  const assistant = createAssistant(index, retrieversFor(index, RETRIEVAL[kind]), {
    models: { fittedOn: '', goldHash: '', targetPrecision: TARGET_PRECISION, models: { meaning: model, lexical: model } },
    onDecision: (record) => recorded.push(record),
  });
  return labelledQuestions(assistant, gold.items, recorded, features);
}

function rounded(model: { means: number[]; scales: number[]; weights: number[]; bias: number }) {
  return { means: model.means.map(round), scales: model.scales.map(round), weights: model.weights.map(round), bias: round(model.bias) };
}

/**
 * Every cell of the grid at one depth and sentence penalty: the sentence model's out-of-fold scores, then each answer
 * penalty, over every repeat of the cross-validation (its questions' outcomes pooled into one curve).
 */
function cellsAt(kind: ModelKind, readDepth: number, l2: number, questions: readonly LabelledQuestion[], answerL2s: readonly number[]): GridCell[] {
  const repeats = Array.from({ length: REPEATS }, (_, repeat) => sentenceOutOfFold(questions, l2, FOLDS, repeat));
  const predictions = repeats.flatMap((probabilities) => questions.flatMap((q) => (probabilities.get(q.id) ?? []).map((p, i) => ({ p, label: q.labels[i] ?? 0 }))));
  const sentenceAuc = auc(predictions);
  const sentenceLogLoss = logLoss(predictions);
  return answerL2s.map((answerL2) => {
    const pooled = repeats.map((probabilities, repeat) => answerOutOfFold(questions, probabilities, answerL2, FOLDS, repeat));
    const outcomes = { questions: pooled.flatMap((o) => o.questions), parts: pooled.flatMap((o) => o.parts) };
    const curve = riskCoverage(outcomes.questions);
    return {
      kind,
      readDepth,
      l2,
      answerL2,
      point: pointFor(curve, TARGET_PRECISION),
      partPoint: pointFor(riskCoverage(outcomes.parts), TARGET_PRECISION),
      parts: outcomes.parts.length / REPEATS,
      auc: sentenceAuc,
      logLoss: sentenceLogLoss,
      curve,
      questions: questions.filter((q) => q.onCurve).length,
      answerable: questions.filter((q) => q.onCurve && q.answerable).length,
    };
  });
}

/** The model of a grid cell, fitted on all its questions: the answer model on out-of-fold probabilities, as a new question's are. */
function modelOf(cell: GridCell, questions: readonly LabelledQuestion[]): FittedModel {
  const sentence = fitLogistic(
    questions.flatMap((q) => q.rows),
    questions.flatMap((q) => q.labels),
    cell.l2,
  );
  const examples = answerExamples(questions, sentenceOutOfFold(questions, cell.l2));
  const answer = fitLogistic(
    examples.map((e) => e.row),
    examples.map((e) => e.label),
    cell.answerL2,
  );
  const { point, partPoint } = cell;
  return {
    sentence: { features: featuresOf(cell.kind), ...rounded(sentence) },
    answer: { features: [...ANSWER_FEATURE_NAMES], ...rounded(answer) },
    threshold: round(point?.threshold ?? 1),
    partThreshold: round(partPoint?.threshold ?? point?.threshold ?? 1),
    readDepth: cell.readDepth,
    l2: cell.l2,
    answerL2: cell.answerL2,
    crossValidated: {
      folds: FOLDS,
      questions: cell.questions,
      answerable: cell.answerable,
      answeredPrecision: round(point?.precision ?? 0),
      coverage: round(point?.coverage ?? 0),
      accuracy: round(point?.accuracy ?? 0),
      unanswerableRefused: round(point?.unanswerableRefused ?? 1),
      auc: round(cell.auc),
      logLoss: round(cell.logLoss),
      parts: cell.parts,
      partPrecision: round(partPoint?.precision ?? 0),
      partAccuracy: round(partPoint?.accuracy ?? 0),
    },
  };
}

/** A committed model fitted again from the gold file at its own depth and penalties: the same, if nothing has changed. */
export async function refit(index: CorpusIndex, gold: GoldSet, kind: ModelKind, committed: FittedModel): Promise<FittedModel> {
  const questions = await collect(index, gold, kind, committed.readDepth);
  const [cell] = cellsAt(kind, committed.readDepth, committed.l2, questions, [committed.answerL2]);
  if (!cell) throw new Error('no grid cell');
  return modelOf(cell, questions);
}

export async function fitDecision(index: CorpusIndex, gold: GoldSet, fittedOn: string, log: (line: string) => void): Promise<Fit> {
  const grid: GridCell[] = [];
  const chosen = {} as Record<ModelKind, GridCell>;
  const models = {} as Record<ModelKind, FittedModel>;
  for (const kind of ['meaning', 'lexical'] as const) {
    if (kind === 'meaning' && !index.dense) throw new Error('fitting needs the embedding model: the vectors are not loaded');
    const data = new Map<number, LabelledQuestion[]>();
    for (const readDepth of READ_DEPTHS) {
      const questions = await collect(index, gold, kind, readDepth);
      data.set(readDepth, questions);
      for (const l2 of PENALTIES) {
        const cells = cellsAt(kind, readDepth, l2, questions, PENALTIES);
        grid.push(...cells);
        const best = cells.reduce((a, b) => (better(b, a) ? b : a));
        if (!chosen[kind] || better(best, chosen[kind])) chosen[kind] = best;
        log(`${kind} depth ${readDepth} l2 ${l2}: accuracy ${rate(best.point?.accuracy)} at precision ${rate(best.point?.precision)} (answer l2 ${best.answerL2}), AUC ${best.auc.toFixed(3)}`);
      }
    }
    models[kind] = modelOf(chosen[kind], data.get(chosen[kind].readDepth) ?? []);
  }
  return {
    models: { fittedOn, goldHash: gold.hash, targetPrecision: TARGET_PRECISION, models: models as DecisionModels['models'] },
    grid,
    chosen,
  };
}

/** Six significant figures: the file stays readable and the same fit writes the same bytes. */
function round(value: number): number {
  return Number(value.toPrecision(6));
}

/** The report of a fit: the best of the grid for each depth and sentence penalty, the weights chosen, the curve. */
export function fitReport(fit: Fit, chartFile: string): string {
  const shown = new Map<string, GridCell>();
  for (const c of fit.grid) {
    const key = `${c.kind} ${c.readDepth} ${c.l2}`;
    const seen = shown.get(key);
    if (!seen || better(c, seen)) shown.set(key, c);
  }
  const cells = [...shown.values()].map((c) => [
    c.kind,
    String(c.readDepth),
    String(c.l2),
    String(c.answerL2),
    rate(c.point?.threshold),
    rate(c.point?.precision),
    rate(c.point?.coverage),
    rate(c.point?.accuracy),
    rate(c.point?.unanswerableRefused),
    c.auc.toFixed(3),
    c.logLoss.toFixed(4),
  ]);
  const weights = (model: { features: readonly string[]; weights: readonly number[] }) =>
    markdownTable(
      ['feature', 'weight (per standard deviation)'],
      model.features.map((f, i) => [f, (model.weights[i] ?? 0).toFixed(3)]),
    );
  return [
    '# The fitted answer decision',
    '',
    `Fitted by \`npm run fit\` on \`${fit.models.fittedOn}\` (${fit.models.goldHash.slice(0, 12)}). Every number below is measured by ${FOLDS}-fold`,
    `cross-validation over the gold items, repeated ${REPEATS} times with the folds dealt anew and the outcomes pooled: each`,
    'question is answered by models fitted on the other folds. The sentence model weighs each candidate sentence; the',
    "answer model, fitted on the sentence model's out-of-fold probabilities, gives the",
    'confidence that the best candidate is right. The curve counts the questions decided as one aspect of one part (whose',
    `right sentence is known); the threshold answers the most of them whose answers are right at least ${fit.models.targetPrecision} of the time.`,
    '',
    `![risk–coverage](${chartFile})`,
    '',
    markdownTable(['model', 'depth', 'l2', 'answer l2', 'threshold', 'precision', 'coverage', 'accuracy', 'unanswerable refused', 'sentence AUC', 'log loss'], cells),
    '',
    ...(['meaning', 'lexical'] as const).flatMap((kind) => {
      const c = fit.chosen[kind];
      const model = fit.models.models[kind];
      return [
        `## ${kind}: depth ${c.readDepth}, l2 ${c.l2} and ${c.answerL2}, threshold ${rate(c.point?.threshold)}`,
        '',
        'Sentence model:',
        '',
        weights(model.sentence),
        '',
        'Answer model:',
        '',
        weights(model.answer),
        '',
      ];
    }),
  ].join('\n');
}

export function fitChart(fit: Fit): string {
  const curve = (kind: ModelKind, color: string) => {
    const c = fit.chosen[kind];
    return {
      label: `${kind} (depth ${c.readDepth})`,
      color,
      points: c.curve,
      ...(c.point ? { chosen: { coverage: c.point.coverage, precision: c.point.precision, threshold: c.point.threshold } } : {}),
    };
  };
  return riskChart('Answer decision, cross-validated on the gold questions', [curve('meaning', '#2b6cb0'), curve('lexical', '#c05621')], fit.models.targetPrecision);
}
