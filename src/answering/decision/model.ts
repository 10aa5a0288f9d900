/**
 * The fitted answer decision, one for answering with an embedding model and one for lexical retrieval alone: a
 * logistic regression over each candidate's features picks the sentence, a second over how the candidates stand
 * gives the probability that it is right, and the threshold on that probability is the one chosen on the
 * cross-validated risk–coverage curve. The numbers come from `npm run fit` (`src/evaluation/fit/`), never by hand.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ANSWER_FEATURE_NAMES, answerFeatureRow, type AnswerFeatureName } from './answerability.ts';
import { FEATURE_NAMES, type FeatureName, type FeatureRow } from './features.ts';

export const MODEL_FILE = new URL('./model.json', import.meta.url);

/** The scores of a model measured on questions it was not fitted on (k-fold cross-validation over the gold file). */
export const crossValidatedSchema = z.object({
  folds: z.number().int(),
  questions: z.number().int(),
  answerable: z.number().int(),
  /** At the chosen threshold. */
  answeredPrecision: z.number(),
  coverage: z.number(),
  accuracy: z.number(),
  unanswerableRefused: z.number(),
  /** The aspects and parts of the other gold questions; at the part threshold, their precision and accuracy. */
  parts: z.number().int(),
  partPrecision: z.number(),
  partAccuracy: z.number(),
  /** Of the sentence model over candidate sentences: the area under the ROC curve, and the log loss. */
  auc: z.number(),
  logLoss: z.number(),
});
export type CrossValidated = z.infer<typeof crossValidatedSchema>;

/** A logistic regression over named features, each standardized by its mean and scale before it is weighed. */
function logisticSchema<T extends readonly [string, ...string[]]>(names: T) {
  return z.object({
    features: z.array(z.enum(names)),
    means: z.array(z.number()),
    scales: z.array(z.number()),
    weights: z.array(z.number()),
    bias: z.number(),
  });
}

export const fittedModelSchema = z.object({
  /** The probability that a candidate sentence answers: it picks the sentence. */
  sentence: logisticSchema(FEATURE_NAMES),
  /** The probability that the picked sentence is a right answer, from how the candidates stand: the confidence. */
  answer: logisticSchema(ANSWER_FEATURE_NAMES),
  /** Answer when the confidence reaches this. */
  threshold: z.number(),
  /**
   * The same, for one aspect or part of a question asking several things (regions compared, years, target against
   * result, two questions in one message), chosen on the curve of such parts: a question asking for each presumes it.
   */
  partThreshold: z.number(),
  /** Passages read for candidates. */
  readDepth: z.number().int().positive(),
  /** The L2 penalties the sentence and answer models were fitted with. */
  l2: z.number(),
  answerL2: z.number(),
  crossValidated: crossValidatedSchema,
});
export type FittedModel = z.infer<typeof fittedModelSchema>;
type Logistic = FittedModel['sentence'] | FittedModel['answer'];

export const decisionModelsSchema = z.object({
  /** The gold file fitted on, and its hash. */
  fittedOn: z.string(),
  goldHash: z.string(),
  /** The precision the thresholds were chosen for, on the cross-validated risk–coverage curve. */
  targetPrecision: z.number(),
  models: z.object({ meaning: fittedModelSchema, lexical: fittedModelSchema }),
});
export type DecisionModels = z.infer<typeof decisionModelsSchema>;

export function readDecisionModels(file: URL | string = MODEL_FILE): DecisionModels {
  return decisionModelsSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

function logistic(model: Logistic, value: (name: string, i: number) => number): number {
  let z = model.bias;
  model.features.forEach((name, i) => {
    z += ((model.weights[i] ?? 0) * (value(name, i) - (model.means[i] ?? 0))) / (model.scales[i] || 1);
  });
  return sigmoid(z);
}

/** The probability that a candidate sentence answers. */
export function sentenceProbability(model: FittedModel, row: FeatureRow): number {
  return logistic(model.sentence, (name) => row[name as FeatureName]);
}

/** The probability that the most likely of these candidates is a right answer. */
export function answerProbability(model: FittedModel, sentenceProbabilities: readonly number[]): { confidence: number; features: Record<AnswerFeatureName, number> } {
  const row = answerFeatureRow(sentenceProbabilities);
  const features = Object.fromEntries(ANSWER_FEATURE_NAMES.map((name, i) => [name, row[i] ?? 0])) as Record<AnswerFeatureName, number>;
  return { confidence: logistic(model.answer, (name) => features[name as AnswerFeatureName]), features };
}
