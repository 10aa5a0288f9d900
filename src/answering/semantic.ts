/**
 * The answering sentence chosen by meaning, for questions whose words the reports do not share (paraphrases,
 * English): among the sentences that may answer, the one most similar to the question and to its topic, quoted
 * only when it stands out from the others. The sentences' vectors were embedded at ingest, so choosing costs
 * one embedding of the topic and some dot products.
 */
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { piecesOf } from '../chunking/sentences.ts';
import { textKey } from '../embedding/cache.ts';
import type { Passage } from '../domain.ts';
import type { Scope } from '../retrieval/scope.ts';
import type { Understanding } from '../retrieval/understand.ts';
import { aspectsOf } from './aspects.ts';
import { eligibleSentences, tidy, wantsOf, type Candidate, type Eligible } from './compose.ts';
import type { QueryTerms } from './evidence.ts';

/**
 * How many standard deviations the best sentence's similarity must stand above the mean of the sentences
 * read. Similarities of a small model crowd together (0.85–0.93 for any Chinese sentence on the topic), so
 * only standing out says anything.
 */
const MIN_STANDOUT = 2.5;
/** Fewer sentences than this say nothing about what stands out. */
const MIN_SENTENCES = 8;
/** Passages read, deeper than for words: a paraphrase ranks its passage lower. */
const READ_DEPTH = 5;
const DIGIT = /\d/;

export interface SentenceVectors {
  embeddings: EmbeddingsInterface;
  /** The vectors of every sentence piece of the corpus, embedded at ingest, by text hash. */
  stored: ReadonlyMap<string, Float32Array>;
}

/** The pieces' vectors: stored at ingest, or embedded now for the few the build lacks (the front matter's). */
async function vectorsOf({ embeddings, stored }: SentenceVectors, texts: readonly string[]): Promise<ArrayLike<number>[]> {
  const found = texts.map((t) => stored.get(textKey(t)));
  const missing = texts.filter((_, i) => !found[i]);
  const embedded = missing.length > 0 ? await embeddings.embedDocuments(missing) : [];
  let next = 0;
  return found.map((vector) => vector ?? embedded[next++] ?? []);
}

function dot(a: ArrayLike<number>, b: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] ?? 0) * (b[i] ?? 0);
  return sum;
}

/** A long sentence is read as runs of clauses of extract length, so that the one that answers can stand out. */
function pieces(sentences: readonly Eligible[]): Eligible[] {
  return sentences.flatMap((s) => piecesOf(s.text).map((text) => ({ ...s, text })));
}

/** The sentence most similar to the query, if it stands out from the others. */
function standout(vectors: readonly ArrayLike<number>[], query: readonly number[]): number | undefined {
  const sims = vectors.map((v) => dot(v, query));
  const mean = sims.reduce((a, b) => a + b, 0) / sims.length;
  const deviation = Math.sqrt(sims.reduce((a, b) => a + (b - mean) ** 2, 0) / sims.length);
  const best = sims.indexOf(Math.max(...sims));
  return deviation > 0 && ((sims[best] ?? 0) - mean) / deviation >= MIN_STANDOUT ? best : undefined;
}

/**
 * For each aspect of the question, the sentence that stands out as the most similar both to the question and
 * to its topic alone (without 目标, 增长 and the like): the question's form words alone draw any list of targets,
 * the topic alone draws any sentence on the subject.
 */
export async function pickByMeaning(
  passages: readonly Passage[],
  queries: { question: readonly number[]; topic: readonly number[] },
  vectors: SentenceVectors,
  understanding: Understanding,
  topic: QueryTerms,
  weight: Scope['weight'],
): Promise<Candidate[]> {
  const aspects = aspectsOf(passages, understanding);
  const wants = wantsOf(understanding, aspects, topic, weight);
  const taken = new Set<string>();
  const picked: Candidate[] = [];
  for (const aspect of aspects) {
    const sentences = pieces(eligibleSentences(aspect, wants, taken, READ_DEPTH))
      // A question asking for a figure is not answered by a sentence without one.
      .filter((s) => !wants.number || DIGIT.test(s.text));
    if (sentences.length < MIN_SENTENCES) continue;
    const embedded = await vectorsOf(vectors, sentences.map((s) => s.text));
    const best = standout(embedded, queries.question);
    const sentence = best === undefined ? undefined : sentences[best];
    if (!sentence || standout(embedded, queries.topic) !== best) continue;
    taken.add(sentence.text);
    picked.push({ text: tidy(sentence.text), score: 0, passage: sentence.passage, label: aspect.label });
  }
  return picked;
}
