/**
 * The fixed set of measurements the answer decision reads for each candidate sentence: how close it comes to the
 * question by meaning and by words, whether it gives the value asked for next to the question's topic, whether it
 * names another indicator, and how its passage fits the question's years and ranks in retrieval.
 */
import { splitClauses } from '../../chunking/sentences.ts';
import { knownWordsIn } from '../../chunking/words.ts';
import { inReportTerms } from '../../question/everyday.ts';
import { clauseGives, valueGiven, type ValueAsked } from '../../question/value.ts';
import { findRegions } from '../../regions.ts';
import { sectionPeriod } from '../../retrieval/period.ts';
import type { Scope } from '../../retrieval/scope.ts';
import type { Query } from '../../question/query.ts';
import { topHeading } from '../aspects.ts';
import { coverage, matchedTokens, type QueryTerms } from '../evidence.ts';
import { namesOtherIndicator } from './indicator.ts';
import { namesSibling } from './siblings.ts';
import { missingWords, type TopicWord } from './topic-words.ts';
import type { Candidate } from './candidates.ts';

/** Every feature, in the order of the fitted model's weights. */
export const FEATURE_NAMES = [
  'similarity',
  'similarityZ',
  'topicSimilarityZ',
  'wordClosenessZ',
  'valueWordClosenessZ',
  'coverage',
  'topicCoverage',
  'topicNearValue',
  'topicInContext',
  'topicShareNearValue',
  'flowMismatch',
  'siblingNamed',
  'missingWordShare',
  'missingRarestWord',
  'exactUnit',
  'changeForCount',
  'otherIndicator',
  'otherRegion',
  'yearNamed',
  'otherYearNamed',
  'periodWeight',
  'kindAgreement',
  'similarityMargin',
  'coverageMargin',
  'lexicalReach',
  'reachSimilarityZ',
  'passageRank',
  'retrievalScore',
  'length',
  'english',
  'englishSimilarityZ',
  'englishCoverage',
] as const;
export type FeatureName = (typeof FEATURE_NAMES)[number];
export type FeatureRow = Record<FeatureName, number>;

/** The features that need an embedding model; a lexical-only model is fitted without them. */
export const MEANING_FEATURES: readonly FeatureName[] = ['similarity', 'similarityZ', 'topicSimilarityZ', 'wordClosenessZ', 'valueWordClosenessZ', 'similarityMargin', 'reachSimilarityZ', 'englishSimilarityZ'];

export interface Meaning {
  /** The vector of each candidate's piece, in the order of the candidates. */
  pieces: readonly ArrayLike<number>[];
  question: readonly number[];
  topic: readonly number[];
  /** The vector of every Chinese word of the corpus. */
  words: ReadonlyMap<string, ArrayLike<number>>;
}

export interface FeatureContext {
  query: Query;
  terms: QueryTerms;
  topic: QueryTerms;
  /** The topic's words as the reports' dictionary segments them, with their weights. */
  topicWords: readonly TopicWord[];
  weight: Scope['weight'];
  meaning?: Meaning;
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] ?? 0) * (b[i] ?? 0);
  return sum;
}

/** How many standard deviations each value lies above the mean of all. */
export function standardized(values: readonly number[]): number[] {
  if (values.length === 0) return [];
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const deviation = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
  return values.map((v) => (deviation > 0 ? (v - mean) / deviation : 0));
}

/**
 * A sentence's words closest to the question, averaged: a cross-lingual similarity of whole sentences crowds
 * together, a single word that translates the question's term stands out.
 */
const CLOSEST_WORDS = 8;
/** A value's clause holds a few words only. */
const VALUE_WORDS = 3;

function wordCloseness(text: string, meaning: Meaning, known: Map<string, number>, closest = CLOSEST_WORDS): number {
  const sims = knownWordsIn(text, meaning.words).map((word) => {
    let sim = known.get(word);
    if (sim === undefined) {
      const vector = meaning.words.get(word);
      sim = vector ? dot(vector, meaning.question) : 0;
      known.set(word, sim);
    }
    return sim;
  });
  const top = sims.sort((a, b) => b - a).slice(0, closest);
  return top.length > 0 ? top.reduce((a, b) => a + b, 0) / top.length : 0;
}

/**
 * The share of the topic covered next to the value asked for: in a clause giving it, with the clause before (which
 * often names the subject). `实物商品网上零售额增长11.1%` gives a percentage, but not of `快递业务量`.
 */
function valueWindow(text: string, value: ValueAsked, topic: QueryTerms): { covered: number; window: string } {
  const clauses = splitClauses(text);
  let best = { covered: 0, window: '' };
  clauses.forEach((clause, i) => {
    if (!clauseGives(clause, value)) return;
    const window = `${clauses[i - 1] ?? ''}${clause}`;
    const covered = coverage(window, topic);
    if (covered > best.covered || best.window === '') best = { covered, window };
  });
  return best;
}

/** A question about what was added (`新增多少`) and a figure of the total (`达到558家`), or the other way round. */
const ASKS_FLOW = /新增|新建|新开|新设|新引进|新认定|新培育|新上|增加了多少|多了多少|new|add(?:ed)?/i;
const ASKS_STOCK = /总数|总量|累计|一共|共有|总共|总里程|total|in all|altogether/i;
const GIVES_FLOW = /新增|新建|新开|新设|新引进|新认定|新培育|新上|增加/;
const GIVES_STOCK = /达到|累计|总数|总量|总里程|突破|拥有|共有|总计|保有/;

function flowMismatch(question: string, window: string): boolean {
  const flow = GIVES_FLOW.test(window);
  const stock = GIVES_STOCK.test(window);
  return (ASKS_FLOW.test(question) && stock && !flow) || (ASKS_STOCK.test(question) && flow && !stock);
}

/**
 * A results section answers a question about results, a plan section one about targets: +1 agree, −1 not, 0 unknown.
 * A question saying neither about a year already over asks what it achieved.
 */
function kindAgreement(candidate: Candidate, query: Query): number {
  const past = query.years.length > 0 && query.years.every((y) => y < query.askedIn);
  const wanted = query.intent === 'plan' ? 'targets' : query.intent === 'review' || past ? 'results' : undefined;
  if (!wanted) return 0;
  const period = sectionPeriod(topHeading(candidate.passage), candidate.passage.year);
  if (!period) return 0;
  return period.kind === wanted ? 1 : -1;
}

const YEAR_NAMED = /((?:19|20)\d{2})\s*年/g;

/** Whether the value's clause names a year, and none asked about: `2023年达到13.09万亿元` for a question about 2024. */
function namesOtherYear(window: string, query: Query): boolean {
  const named = [...window.matchAll(YEAR_NAMED)].map((m) => Number(m[1]));
  return named.length > 0 && query.years.length > 0 && !named.some((y) => query.years.includes(y));
}

/** Whether the candidate names a region other than those asked about and the regions they lie in. */
function namesOtherRegion(text: string, query: Query, reportRegion: string): boolean {
  const asked = new Set([reportRegion, ...query.regions.flatMap((r) => [r.name, r.city, r.province])]);
  return findRegions(text).some((region) => !asked.has(region.name));
}

/**
 * How far a value stands above the best of the others allowed (positive only for the best): a sentence is read
 * against its rivals, not alone.
 */
function margins(values: readonly number[], allowed: readonly boolean[]): number[] {
  return values.map((v, i) => {
    const others = values.filter((_, j) => j !== i && allowed[j]);
    return others.length === 0 ? 0 : v - Math.max(...others);
  });
}

/**
 * `全省生产总值`, `全年生产总值`, or `生产总值` opening a clause, is the region's 地区生产总值, the term a question is read
 * into; `海洋生产总值` is another indicator and stays as it is.
 */
const WHOLE_REGION_PRODUCT = /(^|[，。；：、（“]|全(?:省|市|区|州|盟|年))生产总值/g;

/**
 * A candidate's text as its words are compared with the question's: with abbreviations written out as the question's
 * are, since the reports write `规上` as often as `规模以上`, and with the region's product named as questions name it.
 */
function wordsOf(text: string): string {
  return inReportTerms(text).replace(WHOLE_REGION_PRODUCT, '$1地区生产总值');
}

/** The texts whose words the features compare with the question: each candidate's piece and its value's window. */
export function wordTexts(candidates: readonly Candidate[], query: Query, topic: QueryTerms): string[] {
  return [...candidates.map((c) => c.piece), ...candidates.map((c) => valueWindow(wordsOf(c.text), query.value, topic).window)];
}

/**
 * The features of every candidate read. The standardized similarities stand against all pieces read; margins and the
 * question's lexical reach against those the definitional rules allow (`allowed`).
 */
export function featureRows(candidates: readonly Candidate[], context: FeatureContext, allowed: readonly boolean[] = candidates.map(() => true)): FeatureRow[] {
  const { query, terms, topic, weight, meaning } = context;
  const similarity = meaning ? meaning.pieces.map((v) => dot(v, meaning.question)) : candidates.map(() => 0);
  const similarityZ = standardized(similarity);
  const topicSimilarityZ = meaning ? standardized(meaning.pieces.map((v) => dot(v, meaning.topic))) : candidates.map(() => 0);
  const known = new Map<string, number>();
  const wordClosenessZ = meaning ? standardized(candidates.map((c) => wordCloseness(c.piece, meaning, known))) : candidates.map(() => 0);
  // How close the words next to the value asked for come: a paraphrase's sentence gives its value among the words of
  // the question's meaning, a near miss elsewhere in the sentence.
  const texts = candidates.map((c) => wordsOf(c.text));
  const nears = texts.map((text) => valueWindow(text, query.value, topic));
  const valueWordClosenessZ = meaning ? standardized(nears.map((near) => wordCloseness(near.window, meaning, known, VALUE_WORDS))) : candidates.map(() => 0);
  const topScore = Math.max(...candidates.map((c) => c.passage.score), Number.MIN_VALUE);
  const covered = texts.map((text) => coverage(text, terms));
  const topicCovered = texts.map((text) => coverage(text, topic));
  const similarityMargin = margins(similarity, allowed);
  const coverageMargin = margins(covered, allowed);
  // How much of its topic the question shares with the best sentence allowed: little for a paraphrase, whose
  // sentence is then found by meaning alone.
  const lexicalReach = Math.max(0, ...topicCovered.filter((_, i) => allowed[i]));
  const years = query.years.map(String);
  // What the question names in the reports' words: an English question's are the Chinese terms it was given.
  const named = query.english ? `${query.read} ${query.translations.join(' ')}` : query.read;
  const english = query.english ? 1 : 0;
  return candidates.map((candidate, i) => {
    const { passage } = candidate;
    const text = texts[i] ?? '';
    const value = valueGiven(text, query.value);
    const near = nears[i] ?? { covered: 0, window: '' };
    const missing = missingWords(near.window, context.topicWords);
    const simZ = similarityZ[i] ?? 0;
    return {
      similarity: similarity[i] ?? 0,
      similarityZ: simZ,
      topicSimilarityZ: topicSimilarityZ[i] ?? 0,
      wordClosenessZ: wordClosenessZ[i] ?? 0,
      valueWordClosenessZ: valueWordClosenessZ[i] ?? 0,
      coverage: covered[i] ?? 0,
      topicCoverage: topicCovered[i] ?? 0,
      topicNearValue: near.covered,
      topicInContext: coverage(`${wordsOf(candidate.before)}${text}`, topic),
      // Every word of the topic counts the same here: `收入` is common, and `支出` in its place is another indicator.
      topicShareNearValue: topic.terms.length === 0 ? 0 : matchedTokens(near.window, topic) / topic.terms.length,
      flowMismatch: flowMismatch(query.read, near.window) ? 1 : 0,
      siblingNamed: namesSibling(named, near.window) ? 1 : 0,
      missingWordShare: missing.share,
      missingRarestWord: missing.rarest,
      exactUnit: value.exactUnit ? 1 : 0,
      changeForCount: (query.value.kind === 'number' || query.value.kind === 'amount') && !query.value.change && value.onlyPercent ? 1 : 0,
      otherIndicator: namesOtherIndicator(named, text) ? 1 : 0,
      otherRegion: namesOtherRegion(text, query, passage.region) ? 1 : 0,
      yearNamed: years.some((y) => text.includes(y)) ? 1 : 0,
      otherYearNamed: namesOtherYear(near.window, query) ? 1 : 0,
      periodWeight: Math.log(weight?.(passage.reportId, topHeading(passage)) ?? 1),
      kindAgreement: kindAgreement(candidate, query),
      similarityMargin: similarityMargin[i] ?? 0,
      coverageMargin: coverageMargin[i] ?? 0,
      lexicalReach,
      reachSimilarityZ: simZ * (1 - lexicalReach),
      passageRank: 1 / (1 + candidate.rank),
      retrievalScore: passage.score / topScore,
      length: Math.log(candidate.text.length),
      english,
      englishSimilarityZ: english * simZ,
      englishCoverage: english * (covered[i] ?? 0),
    };
  });
}
