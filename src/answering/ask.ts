/** The one question-answering core every surface calls: retrieve, decide whether it is answerable, compose. */
import { z } from 'zod';
import type { Answer, Citation, ClosestYear, Passage, ReportOutline, ReportSummary } from '../domain.ts';
import { findRegions } from '../regions.ts';
import { readFollowUp } from '../retrieval/follow-up.ts';
import type { CorpusIndex, IndexedReport } from '../indexing/corpus-index.ts';
import { retrieversFor } from '../retrieval/modes.ts';
import { retrieve, type Retrieval, type RetrieveOptions, type Retriever } from '../retrieval/retrieve.ts';
import { denseQueryText } from '../retrieval/dense.ts';
import { topicOf, type Understanding } from '../retrieval/understand.ts';
import { composeAnswer, isFrontMatter, MIN_COVERAGE, notFound, pickSentences, refusedWith, tidy, type Candidate, type QuestionTerms } from './compose.ts';
import { coverage, queryTerms, type QueryTerms } from './evidence.ts';
import { askAbout, closestYears, closestYearNote } from './closest-year.ts';
import { definedTerm, noteLookup } from './notes.ts';
import { pickByMeaning } from './semantic.ts';
import { listReports, reportOutline } from './reports.ts';
import { subQuestions } from './split.ts';
import { eventsOf, type AnswerEvent } from './stream.ts';

export const MAX_QUESTION_LENGTH = 500;

/** A question as accepted at every edge (CLI, HTTP, bot, eval). */
export const questionSchema = z
  .string()
  .trim()
  .min(1, 'the question is empty')
  .max(MAX_QUESTION_LENGTH, `the question is longer than ${MAX_QUESTION_LENGTH} characters`);

/** How many passages to retrieve, wherever it is set (option, flag, environment). */
export const topKSchema = z.coerce.number().int().min(1).max(50);

/** Longest earlier answer a conversation may carry; answers are quotes of a few sentences. */
const MAX_ANSWER_LENGTH = 4000;
const MAX_TURNS = 20;

/** The earlier turns of a conversation, oldest first. */
export const conversationSchema = z
  .array(z.object({ question: questionSchema, answer: z.string().max(MAX_ANSWER_LENGTH).optional() }))
  .max(MAX_TURNS, `a conversation holds at most ${MAX_TURNS} earlier turns`);

export const askOptionsSchema = z.object({
  k: topKSchema.default(5),
  /** The day the question is asked (`YYYY-MM-DD`), against which `去年`, `今年` are read; today by default. */
  askedOn: z.iso.date().optional(),
  conversation: conversationSchema.optional(),
  /** Only the reports of this region (`北京市`, `北京`, `Beijing`). */
  region: z.string().trim().min(1).max(40).optional(),
  /** Only the reports of this year (the year in a report's title). */
  year: z.number().int().optional(),
});
export type AskOptions = z.input<typeof askOptionsSchema>;

/** A filter that no report of the corpus matches: the caller asked for something that is not there. */
export class UnknownFilterError extends Error {}

/** The reports a region or year filter leaves, or undefined when there is no filter. */
export function filteredReports(index: CorpusIndex, { region, year }: { region?: string | undefined; year?: number | undefined }): Set<string> | undefined {
  if (region === undefined && year === undefined) return undefined;
  const regionName = region === undefined ? undefined : (findRegions(region)[0]?.name ?? region);
  const ids = new Set<string>();
  for (const report of index.reports.values()) {
    if ((regionName === undefined || report.region === regionName) && (year === undefined || report.year === year)) ids.add(report.id);
  }
  if (ids.size === 0) {
    const what = [region, year === undefined ? undefined : `${year}年`].filter(Boolean).join('、');
    throw new UnknownFilterError(`no report matches the filter ${what}`);
  }
  return ids;
}

/** Passages checked for whether anything answers the question. */
const JUDGE_DEPTH = 3;

function names(regions: readonly { name: string }[]): string {
  return regions.map((r) => r.name).join('、');
}

function reportsInScope(retrieval: Retrieval, index: CorpusIndex): IndexedReport[] {
  return [...index.reports.values()].filter((r) => retrieval.scope.reportIds?.has(r.id) ?? true);
}

/**
 * Years the corpus says nothing about: no report in scope reviews or plans them, and no retrieved
 * passage names them. Years after the latest report are targets (`到2035年`), which reports do discuss.
 */
function uncoveredYears(retrieval: Retrieval, index: CorpusIndex): number[] {
  const inScope = reportsInScope(retrieval, index);
  const latest = Math.max(...inScope.map((r) => r.year));
  const reported = (year: number): boolean => inScope.some((r) => r.year === year || r.year === year + 1);
  const named = (year: number): boolean => retrieval.passages.some((p) => p.text.includes(String(year)));
  const { years } = retrieval.understanding;
  return years.length > 0 && years.every((y) => y <= latest && !reported(y) && !named(y)) ? years : [];
}

/** Why the corpus cannot answer, whatever the passages say: no report of the regions or years asked about. */
function outOfScope(retrieval: Retrieval, index: CorpusIndex): string | undefined {
  const { scope, understanding } = retrieval;
  if (scope.outsideFilter) return '问题所问的报告不在所选的地区或年份之内，无法回答；请调整筛选条件。';
  if (scope.reportIds?.size === 0) {
    if (scope.missingRegions.length > 0) return `语料中没有${names(scope.missingRegions)}的政府工作报告，无法回答。`;
    return `语料中没有${scope.missingReportYears.join('、')}年的${names(understanding.regions)}政府工作报告，无法回答。`;
  }
  const years = uncoveredYears(retrieval, index);
  if (years.length > 0) {
    const where = understanding.regions.length > 0 ? names(understanding.regions) : '';
    return `语料中没有涉及${years.join('、')}年的${where}政府工作报告，无法回答。`;
  }
  return undefined;
}

/** Whether the best passages share too little of the question's words to answer it. */
function sharesTooLittle(retrieval: Retrieval, terms: QueryTerms): boolean {
  const judged = retrieval.passages.slice(0, JUDGE_DEPTH);
  // The front matter answers a question about the report itself, whatever words the question uses.
  if (retrieval.understanding.aboutReport && judged.some(isFrontMatter)) return false;
  const best = Math.max(0, ...judged.map((p: Passage) => coverage(`${p.section} ${p.text}`, terms)));
  return best < MIN_COVERAGE;
}

const NOTHING_SHARED = '未在报告中找到能回答这个问题的内容。';

/**
 * Passages the answer may read, however few `k` lists with it: an answer must not change with the passages shown.
 * A sentence is read from the first passages holding one that may answer, so a question whose best passages hold
 * none reads deeper. On the gold questions, answers read from 5 passages are right for 0.878 of them, from 10
 * for 0.895.
 */
const ANSWER_POOL = 10;

/**
 * Share of the question's topic the answer for another year must cover. On the gold questions, such answers naming
 * the same thing cover 0.62–1.00 of it; near misses (`高技术产业投资占…比重` for `民间投资占比`, `保障性租赁住房` for
 * `改善性住房项目`, `避暑季十大新体验` for `避暑地产项目`) 0.05–0.33.
 */
const STAND_IN_TOPIC_COVERAGE = 0.5;

/** How one question is asked: passages listed, the day asked, the reports it is limited to. */
interface Asking extends RetrieveOptions {
  today: Date;
  /** Whether the question stands in for one about another year, which the reports do not hold. */
  standIn?: boolean;
}

export interface Assistant {
  readonly index: CorpusIndex;
  /** Names of the retrievers whose rankings are fused, e.g. `lexical`, `dense`. */
  readonly retrievers: readonly string[];
  /** The embedding model the vectors were made with, when one is loaded. */
  readonly embeddingModel: string | undefined;
  ask(question: string, options?: AskOptions): Promise<Answer>;
  /** The answer as it arrives: passages, pieces of text, the whole result. */
  stream(question: string, options?: AskOptions): AsyncGenerator<AnswerEvent>;
  reports(): ReportSummary[];
  /** One report's sections and paragraphs; undefined for an unknown id. */
  report(id: string): ReportOutline | undefined;
}

/** The best passages of every part in turn, each once, `k` in all. */
function interleavePassages(parts: readonly Answer[], k: number): Passage[] {
  const passages = new Map<string, Passage>();
  for (let rank = 0; passages.size < k && parts.some((p) => rank < p.passages.length); rank++) {
    for (const part of parts) {
      const passage = part.passages[rank];
      if (passage && passages.size < k && !passages.has(passage.chunkId)) passages.set(passage.chunkId, passage);
    }
  }
  return [...passages.values()];
}

/** The answers to the parts of one question as one answer, its citations numbered afresh. */
function joinAnswers(question: string, parts: readonly Answer[], k: number): Answer {
  const citations: Citation[] = [];
  const texts = parts.map((part) => {
    const renumbered = new Map<number, number>();
    for (const citation of part.citations) {
      let joined = citations.find((c) => c.chunkId === citation.chunkId);
      if (!joined) {
        joined = { ...citation, n: citations.length + 1 };
        citations.push(joined);
      }
      renumbered.set(citation.n, joined.n);
    }
    return part.answer.replace(/\[(\d+)\]/g, (mark, n: string) => {
      const to = renumbered.get(Number(n));
      return to === undefined ? mark : `[${to}]`;
    });
  });
  const readings = [...new Set(parts.flatMap((p) => p.readings ?? []))];
  const sum = (key: keyof Answer['timingsMs']) => round(parts.reduce((total, p) => total + p.timingsMs[key], 0));
  return {
    question,
    answer: texts.join('；'),
    refused: parts.every((p) => p.refused),
    citations,
    ...(readings.length > 0 ? { readings } : {}),
    passages: interleavePassages(parts, k),
    retrievers: parts[0]?.retrievers ?? [],
    subQuestions: parts.map((p) => p.question),
    timingsMs: { retrieve: sum('retrieve'), compose: sum('compose'), total: sum('total') },
  };
}

export function createAssistant(index: CorpusIndex, retrievers: readonly Retriever[] = retrieversFor(index)): Assistant {
  const notes = noteLookup(index);
  const byMeaning = index.dense ? { embeddings: index.dense.embedder.embeddings, stored: index.dense.sentences, words: index.dense.words } : undefined;
  const assistant: Assistant = {
    index,
    retrievers: retrievers.map((r) => r.name),
    embeddingModel: index.dense?.embedder.identity.model,
    async *stream(question, options) {
      yield* eventsOf(await assistant.ask(question, options));
    },
    reports: () => listReports(index),
    report: (id) => reportOutline(index, id),
    async ask(question, options = {}) {
      const { k, askedOn, conversation, region, year } = askOptionsSchema.parse(options);
      const today = askedOn ? new Date(`${askedOn}T00:00:00Z`) : new Date();
      const within = filteredReports(index, { region, year });
      const asking: Asking = { k, today, ...(within ? { within } : {}) };
      const followUp = conversation?.length ? readFollowUp(question, conversation.map((turn) => turn.question), today) : undefined;
      const asked = followUp?.standalone ?? question;
      const parts = subQuestions(asked, today);
      const answer =
        parts.length === 1 ? await answerOne(asked, asking) : joinAnswers(asked, await Promise.all(parts.map((part) => answerOne(part, asking))), k);
      return followUp ? { ...answer, question, followUp } : answer;
    },
  };
  return assistant;

  async function answerOne(question: string, asking: Asking): Promise<Answer> {
    const started = performance.now();
    const retrieval = await retrieve(index, retrievers, question, { ...asking, k: Math.max(asking.k, ANSWER_POOL) });
    const closest = closestYears(retrieval.understanding, reportsInScope(retrieval, index));
    if (closest.length > 0) return answerClosest(question, closest, retrieval.understanding, asking);
    const retrieved = performance.now();
    const { years } = retrieval.understanding;
    const { translations } = retrieval.understanding;
    const terms = queryTerms(retrieval.query, years, index, translations);
    const topic = queryTerms(topicOf(retrieval.query), years, index, translations.map(topicOf));
    const context = { ...(retrieval.scope.weight ? { weight: retrieval.scope.weight } : {}), notes };
    const picked = outOfScope(retrieval, index) ?? (await pick(retrieval, { terms, topic }, asking.standIn === true));
    const composition = typeof picked === 'string' ? refusedWith(picked) : composeAnswer(picked, context);
    const done = performance.now();
    return {
      question,
      ...composition,
      ...(retrieval.understanding.readings.length > 0 ? { readings: retrieval.understanding.readings } : {}),
      passages: retrieval.passages.slice(0, asking.k),
      retrievers: retrievers.map((r) => r.name),
      timingsMs: {
        retrieve: round(retrieved - started),
        compose: round(done - retrieved),
        total: round(done - started),
      },
    };
  }

  /**
   * The sentences that answer, or why nothing answers. Standing in for a question about another year, only those
   * whose words cover most of the topic: another year's figure stands in only for the same thing.
   */
  async function pick(retrieval: Retrieval, terms: QuestionTerms, standIn: boolean): Promise<Candidate[] | string> {
    const picked = await pickAny(retrieval, terms);
    if (!standIn || typeof picked === 'string') return picked;
    const same = picked.filter((c) => coverage(c.text, terms.topic) >= STAND_IN_TOPIC_COVERAGE);
    return same.length > 0 ? same : notFound(retrieval.understanding);
  }

  /** The sentences chosen by the question's words and, when they share too few, by meaning; or why none answers. */
  async function pickAny(retrieval: Retrieval, terms: QuestionTerms): Promise<Candidate[] | string> {
    const { passages, understanding, scope } = retrieval;
    // A question asking what a term the report explains stands for is answered by the report's own note.
    const note = understanding.list ? definedTerm(index, scope.reportIds, understanding.read) : undefined;
    if (note) return [{ text: tidy(note.text), score: 1, passage: note.passage, label: '' }];
    // An English question shares with the reports only the words its glossary translates: meaning comes first.
    if (understanding.english) {
      const meant = await pickMeant(retrieval, terms.topic);
      if (meant.length > 0) return meant;
    }
    const tooLittle = sharesTooLittle(retrieval, terms.terms);
    const byWords = tooLittle ? [] : pickSentences(passages, terms, understanding, scope.weight);
    if (byWords.length > 0) return byWords;
    const meant = understanding.english ? [] : await pickMeant(retrieval, terms.topic);
    if (meant.length > 0) return meant;
    return tooLittle ? NOTHING_SHARED : notFound(understanding);
  }

  /** The sentences chosen by meaning, when there is a model and the question was embedded. */
  async function pickMeant(retrieval: Retrieval, topic: QueryTerms): Promise<Candidate[]> {
    const { passages, understanding, scope, vector } = retrieval;
    if (!byMeaning || !vector) return [];
    const questionText = denseQueryText({ question: understanding.read, scope });
    const topicText = topicOf(questionText);
    // An English question, or one without 目标 and the like, is its own topic: its vector is at hand.
    const topicVector = topicText === questionText ? vector : await byMeaning.embeddings.embedQuery(topicText);
    const queries = { question: vector, topic: topicVector };
    return pickByMeaning(passages, queries, byMeaning, understanding, topic, scope.weight);
  }

  /**
   * The answer for the first of the closest years that answers, opened by a note saying that the year asked
   * about is not in the corpus; the first one's refusal when none does.
   */
  async function answerClosest(question: string, closest: readonly ClosestYear[], understanding: Understanding, asking: Asking): Promise<Answer> {
    let refusal: Answer | undefined;
    for (const year of closest) {
      const intent = year.kind === 'targets' ? 'plan' : 'review';
      const answer = await answerOne(askAbout(understanding.read, year), { ...asking, intent, standIn: year.answered !== year.asked });
      if (answer.refused) {
        refusal ??= { ...answer, question };
        continue;
      }
      const readings = [...new Set([...understanding.readings, ...(answer.readings ?? [])])];
      const note = closestYearNote(year, names(understanding.regions));
      return { ...answer, question, answer: `${note}${answer.answer}`, ...(readings.length > 0 ? { readings } : {}), closestYear: year };
    }
    if (!refusal) throw new Error('no closest year to answer');
    return refusal;
  }
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
