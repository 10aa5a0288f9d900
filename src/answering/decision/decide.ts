/**
 * The answer decision for one aspect of a question: the candidates the definitional rules allow, each given the
 * fitted probability that it answers; the most likely is quoted when it reaches the model's threshold, and
 * otherwise the aspect is refused, saying why.
 */
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import type { DecisionFeatures, RefusalCode } from '../../domain.ts';
import { textKey } from '../../embedding/cache.ts';
import type { Scope } from '../../retrieval/scope.ts';
import type { Aspect } from '../aspects.ts';
import type { QueryTerms } from '../evidence.ts';
import { eligibleCandidates, piecesOfPassages, type Candidate } from './candidates.ts';
import { featureRows, type FeatureRow, type Meaning } from './features.ts';
import { probability, type FittedModel } from './model.ts';

export interface SentenceVectors {
  embeddings: EmbeddingsInterface;
  /** The vectors of every sentence piece of the corpus, embedded at ingest, by text hash. */
  stored: ReadonlyMap<string, Float32Array>;
  /** The vectors of every Chinese word of the corpus, embedded at ingest, by the word. */
  words: ReadonlyMap<string, Float32Array>;
}

/** The question's vectors: of the question as searched, and of its topic alone (without 目标, 增长 and the like). */
export interface QuestionVectors {
  question: readonly number[];
  topic: readonly number[];
}

export interface AspectInput {
  aspect: Aspect;
  terms: QueryTerms;
  topic: QueryTerms;
  weight: Scope['weight'];
  model: FittedModel;
  vectors?: { sentences: SentenceVectors; question: QuestionVectors };
}

/** A candidate as the decision read it. */
export interface ScoredCandidate {
  candidate: Candidate;
  features: FeatureRow;
  probability: number;
}

export type AspectDecision =
  | { kind: 'answer'; best: ScoredCandidate; scored: ScoredCandidate[] }
  | { kind: 'refuse'; code: RefusalCode; best?: ScoredCandidate; scored: ScoredCandidate[] };

/** The pieces' vectors: stored at ingest, or embedded now for the few the build lacks. */
async function pieceVectors({ embeddings, stored }: SentenceVectors, texts: readonly string[]): Promise<ArrayLike<number>[]> {
  const found = texts.map((t) => stored.get(textKey(t)));
  const missing = [...new Set(texts.filter((_, i) => !found[i]))];
  const embedded = missing.length > 0 ? await embeddings.embedDocuments(missing) : [];
  const byText = new Map(missing.map((text, i) => [text, embedded[i] ?? []]));
  return found.map((vector, i) => vector ?? byText.get(texts[i] ?? '') ?? []);
}

const ROUND = 1000;

/** The features of a candidate as an answer carries them: rounded, by name. */
export function explained(features: FeatureRow): DecisionFeatures {
  return Object.fromEntries(Object.entries(features).map(([name, value]) => [name, Math.round(value * ROUND) / ROUND]));
}

export async function decideAspect(input: AspectInput): Promise<AspectDecision> {
  const { aspect, model, vectors } = input;
  const { understanding } = aspect;
  // Every piece read is measured, so that how close a candidate comes stands against all of them.
  const all = piecesOfPassages(aspect.passages, model.readDepth, understanding.list);
  const meaning: Meaning | undefined = vectors && {
    pieces: await pieceVectors(vectors.sentences, all.map((c) => c.piece)),
    question: vectors.question.question,
    topic: vectors.question.topic,
    words: vectors.sentences.words,
  };
  const { eligible, refusal } = eligibleCandidates(all, aspect, understanding);
  const allowed = new Set(eligible);
  const rows = featureRows(all, { ...input, understanding, ...(meaning ? { meaning } : {}) }, all.map((c) => allowed.has(c)));
  const scored = all
    .map((candidate, i) => ({ candidate, features: rows[i] as FeatureRow }))
    .filter(({ candidate }) => allowed.has(candidate))
    .map((s) => ({ ...s, probability: probability(model, s.features) }))
    .sort((a, b) => b.probability - a.probability);
  const best = scored[0];
  if (refusal || !best) return { kind: 'refuse', code: refusal ?? 'no-evidence', scored };
  if (best.probability < model.threshold) return { kind: 'refuse', code: 'low-confidence', best, scored };
  return { kind: 'answer', best, scored };
}
