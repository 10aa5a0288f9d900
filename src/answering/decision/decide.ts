/**
 * The answer decision for one aspect of a question: the candidates the definitional rules allow, each given the
 * fitted probability that it answers; the most likely is quoted when the answer model's confidence that it is right
 * reaches the threshold, and otherwise the aspect is refused, saying why.
 */
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import type { DecisionFeatures, RefusalCode } from '../../domain.ts';
import { wordsWithin } from '../../chunking/words.ts';
import { textKey } from '../../embedding/cache.ts';
import type { DenseSearch } from '../../indexing/corpus-index.ts';
import type { Scope } from '../../retrieval/scope.ts';
import type { RetrievedAspect } from '../aspects.ts';
import type { QueryTerms } from '../evidence.ts';
import { eligibleCandidates, piecesOfPassages, type Candidate } from './candidates.ts';
import { featureRows, wordTexts, type FeatureRow, type Meaning } from './features.ts';
import type { AnswerFeatureName } from './answerability.ts';
import type { TopicWord } from './topic-words.ts';
import { answerProbability, sentenceProbability, type FittedModel } from './model.ts';

export interface SentenceVectors {
  embeddings: EmbeddingsInterface;
  /** The vectors of the corpus's sentence pieces (by text hash) and Chinese words, embedded at ingest. */
  stored: Pick<DenseSearch, 'sentenceVectors' | 'wordVectors'>;
}

/** The question's vectors: of the question as searched, and of its topic alone (without 目标, 增长 and the like). */
export interface QuestionVectors {
  question: readonly number[];
  topic: readonly number[];
}

export interface AspectInput {
  aspect: RetrievedAspect;
  terms: QueryTerms;
  topic: QueryTerms;
  topicWords: readonly TopicWord[];
  weight: Scope['weight'];
  model: FittedModel;
  /** Whether this is one aspect or part of a question asking several things, decided at the part threshold. */
  part: boolean;
  vectors?: { sentences: SentenceVectors; question: QuestionVectors };
}

/** A candidate as the decision read it: its features, and the sentence model's probability that it answers. */
export interface ScoredCandidate {
  candidate: Candidate;
  features: FeatureRow;
  probability: number;
}

/** How sure the decision is that its best candidate answers, and what it read that from. */
export interface Confidence {
  confidence: number;
  features: Record<AnswerFeatureName, number>;
}

export type AspectDecision =
  | { kind: 'answer'; best: ScoredCandidate; confidence: Confidence; scored: ScoredCandidate[] }
  | { kind: 'refuse'; code: RefusalCode; best?: ScoredCandidate; confidence?: Confidence; scored: ScoredCandidate[] };

/** The pieces' vectors: stored at ingest, or embedded now for the few the build lacks. */
async function pieceVectors({ embeddings, stored }: SentenceVectors, texts: readonly string[]): Promise<ArrayLike<number>[]> {
  const keys = texts.map(textKey);
  const vectors = await stored.sentenceVectors([...new Set(keys)]);
  const found = keys.map((key) => vectors.get(key));
  const missing = [...new Set(texts.filter((_, i) => !found[i]))];
  const embedded = missing.length > 0 ? await embeddings.embedDocuments(missing) : [];
  const byText = new Map(missing.map((text, i) => [text, embedded[i] ?? []]));
  return found.map((vector, i) => vector ?? byText.get(texts[i] ?? '') ?? []);
}

const ROUND = 1000;

/** The features behind a decision as an answer carries them: rounded, by name. */
export function explained(...features: Record<string, number>[]): DecisionFeatures {
  return Object.fromEntries(features.flatMap((f) => Object.entries(f)).map(([name, value]) => [name, Math.round(value * ROUND) / ROUND]));
}

export async function decideAspect(input: AspectInput): Promise<AspectDecision> {
  const { aspect, model, vectors } = input;
  const { query } = aspect;
  // Every piece read is measured, so that how close a candidate comes stands against all of them.
  const all = piecesOfPassages(aspect.passages, model.readDepth, query.list, aspect.fits);
  // The words the features read are those written in the pieces and beside the value asked for.
  const [pieces, words] = vectors
    ? await Promise.all([pieceVectors(vectors.sentences, all.map((c) => c.piece)), vectors.sentences.stored.wordVectors(wordsWithin(wordTexts(all, query, input.topic)))])
    : [];
  const meaning: Meaning | undefined = vectors && pieces && words && { pieces, question: vectors.question.question, topic: vectors.question.topic, words };
  const { eligible, refusal } = eligibleCandidates(all, aspect, query);
  const allowed = new Set(eligible);
  const rows = featureRows(all, { ...input, query, ...(meaning ? { meaning } : {}) }, all.map((c) => allowed.has(c)));
  const scored = all
    .map((candidate, i) => ({ candidate, features: rows[i] as FeatureRow }))
    .filter(({ candidate }) => allowed.has(candidate))
    .map((s) => ({ ...s, probability: sentenceProbability(model, s.features) }))
    .sort((a, b) => b.probability - a.probability);
  const best = scored[0];
  if (refusal || !best) return { kind: 'refuse', code: refusal ?? 'no-evidence', scored };
  const confidence = answerProbability(model, scored.map((s) => s.probability));
  if (confidence.confidence < (input.part ? model.partThreshold : model.threshold)) return { kind: 'refuse', code: 'low-confidence', best, confidence, scored };
  return { kind: 'answer', best, confidence, scored };
}
