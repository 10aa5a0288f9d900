/**
 * The fitted answer decision: a logistic regression over the candidate features, one for answering with an
 * embedding model and one for lexical retrieval alone, each with the probability threshold chosen on its
 * cross-validated risk–coverage curve. The numbers come from `npm run fit` (`src/evaluation/fit/`), never by hand.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { FEATURE_NAMES, type FeatureName, type FeatureRow } from './features.ts';

export const MODEL_FILE = new URL('./model.json', import.meta.url);

const featureName = z.enum(FEATURE_NAMES);

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
  /** Of candidate sentences: the area under the ROC curve, and the log loss. */
  auc: z.number(),
  logLoss: z.number(),
});
export type CrossValidated = z.infer<typeof crossValidatedSchema>;

export const fittedModelSchema = z.object({
  features: z.array(featureName),
  /** Each feature is standardized by its mean and scale over the fitting candidates before it is weighed. */
  means: z.array(z.number()),
  scales: z.array(z.number()),
  weights: z.array(z.number()),
  bias: z.number(),
  /** Answer when the best candidate's probability reaches this. */
  threshold: z.number(),
  /** Passages read for candidates. */
  readDepth: z.number().int().positive(),
  crossValidated: crossValidatedSchema,
});
export type FittedModel = z.infer<typeof fittedModelSchema>;

export const decisionModelsSchema = z.object({
  /** The gold file fitted on, and its hash. */
  fittedOn: z.string(),
  goldHash: z.string(),
  /** The precision the thresholds were chosen for, on the cross-validated risk–coverage curve. */
  targetPrecision: z.number(),
  l2: z.number(),
  models: z.object({ meaning: fittedModelSchema, lexical: fittedModelSchema }),
});
export type DecisionModels = z.infer<typeof decisionModelsSchema>;

export function readDecisionModels(file: URL | string = MODEL_FILE): DecisionModels {
  return decisionModelsSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** The model's probability that a candidate answers. */
export function probability(model: FittedModel, row: FeatureRow): number {
  let z = model.bias;
  model.features.forEach((name: FeatureName, i) => {
    z += ((model.weights[i] ?? 0) * (row[name] - (model.means[i] ?? 0))) / (model.scales[i] || 1);
  });
  return sigmoid(z);
}
