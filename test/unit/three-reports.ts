/**
 * A three-report index for the unit tier: excerpts of the 2025 Beijing and Henan reports and the 2024 Guiyang report,
 * as the corpus prints them (`fixtures/`), indexed with the stand-in embeddings.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { DecisionModels, FittedModel } from '../../src/answering/decision/model.ts';
import { ANSWER_FEATURE_NAMES } from '../../src/answering/decision/answerability.ts';
import { FEATURE_NAMES, type FeatureName } from '../../src/answering/decision/features.ts';
import type { CorpusIndex } from '../../src/indexing/corpus-index.ts';
import { openIndex } from '../../src/indexing/open.ts';
import { fakeEmbedder } from './fakes.ts';

export const FIXTURES = resolve(import.meta.dirname, 'fixtures');

let index: Promise<CorpusIndex> | undefined;
export function threeReportIndex(): Promise<CorpusIndex> {
  index ??= openIndex({ corpusDir: FIXTURES, indexDir: mkdtempSync(join(tmpdir(), 'zbwd-unit-')), log: () => {}, embedder: fakeEmbedder() });
  return index;
}

/**
 * A decision model of known weights, for testing the mechanism rather than the fit: a sentence is as likely as it
 * covers the question's words, and the confidence is the best sentence's probability.
 */
export function wordsModel(threshold: number, weights: Partial<Record<FeatureName, number>> = { coverage: 4, topicNearValue: 2 }): DecisionModels {
  const model: FittedModel = {
    sentence: {
      features: [...FEATURE_NAMES],
      means: FEATURE_NAMES.map(() => 0),
      scales: FEATURE_NAMES.map(() => 1),
      weights: FEATURE_NAMES.map((name) => weights[name] ?? 0),
      bias: -3,
    },
    answer: {
      features: [...ANSWER_FEATURE_NAMES],
      means: ANSWER_FEATURE_NAMES.map(() => 0),
      scales: ANSWER_FEATURE_NAMES.map(() => 1),
      weights: ANSWER_FEATURE_NAMES.map((name) => (name === 'bestLogit' ? 1 : 0)),
      bias: 0,
    },
    threshold,
    partThreshold: threshold,
    readDepth: 5,
    l2: 0,
    answerL2: 0,
    crossValidated: { folds: 0, questions: 0, answerable: 0, answeredPrecision: 0, coverage: 0, accuracy: 0, unanswerableRefused: 0, auc: 0, logLoss: 0, parts: 0, partPrecision: 0, partAccuracy: 0 },
  };
  return { fittedOn: 'test', goldHash: '', targetPrecision: 0.95, models: { meaning: model, lexical: model } };
}
