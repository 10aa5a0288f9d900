/** The one question-answering core every surface calls: read the question, retrieve, decide, compose. */
import type { Answer, Citation, ClosestYear, Decision, Passage, PartDecision, RelatedPassage, ReportOutline, ReportSummary } from '../domain.ts';
import type { CorpusIndex } from '../indexing/corpus-index.ts';
import { AppError } from '../errors.ts';
import { askOptionsSchema, parseWith, type AskOptions } from '../intake/request.ts';
import { findRegions } from '../regions.ts';
import { denseQueryText } from '../retrieval/dense.ts';
import { carryOver, readFollowUp } from '../question/follow-up.ts';
import { retrieversFor } from '../retrieval/modes.ts';
import { retrieve, type Retrieval, type RetrieveOptions, type Retriever } from '../retrieval/retrieve.ts';
import { readQuery, type Query } from '../question/query.ts';
import { topicOf } from '../question/topic.ts';
import { askAbout, closestYears, closestYearNote } from '../question/closest-year.ts';
import { partsOf } from '../question/parts.ts';
import { answerAboutReports } from './about-reports.ts';
import { answerAggregate } from './aggregate/answer.ts';
import { aggregateInConversation } from './aggregate/follow.ts';
import { aspectsOf, type Aspect } from './aspects.ts';
import { askBack } from './clarify.ts';
import { composeAnswer, type AnswerPart } from './compose.ts';
import { decideAspect, explained, type AspectDecision, type QuestionVectors, type ScoredCandidate, type SentenceVectors } from './decision/decide.ts';
import { readDecisionModels, type DecisionModels, type FittedModel } from './decision/model.ts';
import { topicWords } from './decision/topic-words.ts';
import { queryTerms } from './evidence.ts';
import { interleave, joinAnswers, joinedDecision, relatedPassages } from './join.ts';
import { listedItems } from './list-answer.ts';
import { definedTerm, noteLookup, notesOf, type Notes } from './notes.ts';
import { listReports, reportOutline } from './reports.ts';
import { asksNothing, outOfScope, regionNames, reportsInScope, type Refusal } from './scope-refusals.ts';
import { eventsOf, type AnswerEvent } from './stream.ts';
import { round, round4 } from './timing.ts';
import { languageOf, refusalDetail, type Language } from './wording.ts';

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
    throw new AppError('filtered-out', `no report matches the filter ${what}`);
  }
  return ids;
}

/**
 * Passages the answer may read, however few `k` lists with it: an answer must not change with the passages shown.
 */
const ANSWER_POOL = 10;

/** How one question is asked: passages listed, the day asked, the reports it is limited to. */
interface Asking extends RetrieveOptions {
  today: Date;
  /** Whether the question is one part of a message asking several things. */
  part?: boolean;
}

/** What the fitting of the decision records of each aspect decided: every candidate allowed, with its features. */
export interface DecisionRecord {
  query: Query;
  /** How many aspects the question's part was answered as, and which this is. */
  aspects: number;
  aspect: number;
  scored: readonly ScoredCandidate[];
}

export interface AssistantOptions {
  /** The fitted decision models; those committed beside the code by default. */
  models?: DecisionModels;
  /** Answer at this confidence instead of the model's threshold: 0 answers whatever a sentence is allowed to (a sweep). */
  threshold?: number;
  /** Called with every aspect's candidates as decided: the data the decision is fitted on. */
  onDecision?: (record: DecisionRecord) => void;
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
  /** Why answers now come on less than the assistant is built for (words alone, no vectors), or undefined. */
  degraded?(): string | undefined;
  /** One report's sections and paragraphs; undefined for an unknown id. */
  report(id: string): Promise<ReportOutline | undefined>;
}

/** The model that decides with the retrievers at hand: by meaning when the question's vector is there. */
export function decisionModelFor(models: DecisionModels, index: CorpusIndex, retrievers: readonly Retriever[]): FittedModel {
  return index.dense && retrievers.some((r) => r.usesVector) ? models.models.meaning : models.models.lexical;
}

export function createAssistant(index: CorpusIndex, retrievers: readonly Retriever[] = retrieversFor(index), options: AssistantOptions = {}): Assistant {
  // Read at the first question that needs them, once.
  let notes: Promise<Notes> | undefined;
  const allNotes = (): Promise<Notes> => (notes ??= notesOf(index));
  const models = options.models ?? readDecisionModels();
  const fitted = decisionModelFor(models, index, retrievers);
  const model = options.threshold === undefined ? fitted : { ...fitted, threshold: options.threshold };
  const sentences: SentenceVectors | undefined = index.dense ? { embeddings: index.dense.embedder.embeddings, stored: index.dense } : undefined;
  const retrieverNames = retrievers.map((r) => r.name);
  const assistant: Assistant = {
    index,
    retrievers: retrieverNames,
    embeddingModel: index.dense?.embedder.identity.model,
    async *stream(question, options) {
      yield* eventsOf(await assistant.ask(question, options));
    },
    reports: () => listReports(index),
    report: (id) => reportOutline(index, id),
    async ask(asked, askOptions = {}) {
      const { k, askedOn, conversation, region, year } = parseWith(askOptionsSchema, askOptions);
      const today = askedOn ? new Date(`${askedOn}T00:00:00Z`) : new Date();
      const within = filteredReports(index, { region, year });
      const asking: Asking = { k, today, ...(within ? { within } : {}) };
      // Read once, completed from the conversation: a question about a report's delivery is answered whole from its
      // metadata; any other, part by part, the first completed from the conversation and the others from it.
      const earlier = (conversation ?? []).map((turn) => readQuery(turn.question, today));
      const whole = readQuery(asked, today);
      const carriedWhole = earlier.length > 0 ? readFollowUp(whole, earlier) : undefined;
      const aboutReports = await answerAboutReports(index, carriedWhole?.query ?? whole, asking.within, retrieverNames);
      if (aboutReports) return { ...aboutReports, question: asked, ...(carriedWhole ? { followUp: carriedWhole.followUp } : {}) };
      // A question across reports of one indicator (the highest, those above a number, each region's, a region's
      // years) is answered from the indicator table, without retrieval.
      const across = aggregateInConversation(whole, earlier);
      const fromTable = across && (await answerAggregate(index, across.ask, whole, asked, retrieverNames, asking.within));
      if (fromTable) return { ...fromTable, passages: fromTable.passages.slice(0, asking.k), ...(across.followUp ? { followUp: across.followUp } : {}) };
      const [first, ...rest] = partsOf(asked, today, whole);
      const carried = first && earlier.length > 0 ? readFollowUp(first, earlier) : undefined;
      const queries = carried ? [carried.query, ...rest.map((part) => carryOver(part, carried.query)?.query ?? part)] : [first ?? whole, ...rest];
      const answer = await answerParts(queries, asking);
      return { ...answer, question: asked, ...(carried ? { followUp: carried.followUp } : {}) };
    },
  };
  return assistant;

  async function answerParts(queries: readonly Query[], asking: Asking): Promise<Answer> {
    const answers = await Promise.all(queries.map((query) => answerOne(query, { ...asking, part: queries.length > 1 })));
    const [only] = answers;
    if (answers.length === 1 && only) return only;
    const language = languageOf(queries[0] ?? { english: false });
    return joinAnswers(queries.map((q) => q.text).join(language === 'zh' ? '？' : '? '), answers, asking.k, language);
  }

  async function answerOne(asked: Query, asking: Asking, standIn = false): Promise<Answer> {
    const started = performance.now();
    const retrieval = await retrieve(index, retrievers, asked, { ...asking, k: Math.max(asking.k, ANSWER_POOL) });
    const { query } = retrieval;
    const question = query.text;
    const language = languageOf(query);
    const refused = (refusal: Refusal, related: RelatedPassage[] = []): { answer: string; decision: Decision; citations: Citation[] } => ({
      answer: refusal.detail,
      decision: { kind: 'refuse', ...refusal, related },
      citations: [],
    });
    const closest = standIn ? [] : closestYears(query, reportsInScope(retrieval, index));
    if (closest.length > 0 && !asksNothing(query)) return answerClosest(closest, query, asking);
    const retrieved = performance.now();
    const scopeRefusal = asksNothing(query)
      ? { code: 'no-topic' as const, detail: refusalDetail('no-topic', query, language) }
      : outOfScope(retrieval, index, language);
    const composed = scopeRefusal ? { ...refused(scopeRefusal), passages: retrieval.passages } : await decideAndCompose(retrieval, asking, language);
    const done = performance.now();
    return {
      question,
      answer: composed.answer,
      refused: composed.decision.kind !== 'answer',
      decision: composed.decision,
      citations: composed.citations,
      ...(query.readings.length > 0 ? { readings: query.readings } : {}),
      passages: composed.passages.slice(0, asking.k),
      retrievers: retrieverNames,
      timingsMs: { retrieve: round(retrieved - started), compose: round(done - retrieved), total: round(done - started) },
    };
  }

  /** The question's vectors: as searched (embedded by retrieval), and its topic alone. */
  async function questionVectors(retrieval: Retrieval): Promise<QuestionVectors | undefined> {
    const { vector, query, scope } = retrieval;
    if (!sentences || !vector) return undefined;
    const questionText = denseQueryText({ question: query.read, scope });
    const topicText = topicOf(questionText);
    // A question without 目标, 增长 and the like is its own topic: its vector is at hand.
    const topic = topicText === questionText ? vector : await sentences.embeddings.embedQuery(topicText);
    return { question: vector, topic };
  }

  /** What an aspect is decided with: its passages, its words and the question's vectors. */
  async function aspectInput(aspect: Aspect, retrieval: Retrieval, part: boolean) {
    const { query, searched, scope, passages } = retrieval;
    const { years, translations } = query;
    const terms = await queryTerms(searched, years, index, translations);
    const topic = await queryTerms(topicOf(searched), years, index, translations.map(topicOf));
    const words = await topicWords(`${topicOf(searched)} ${translations.map(topicOf).join(' ')}`, index);
    const question = await questionVectors(retrieval);
    return {
      aspect: { ...aspect, passages },
      terms,
      topic,
      topicWords: words,
      weight: scope.weight,
      model,
      part,
      ...(sentences && question ? { vectors: { sentences, question } } : {}),
    };
  }

  async function decideAndCompose(retrieval: Retrieval, asking: Asking, language: Language): Promise<{ answer: string; decision: Decision; citations: Citation[]; passages: Passage[] }> {
    const { passages, query, scope } = retrieval;
    const related = relatedPassages(passages);
    // A question asking what a term the report explains stands for is answered by the report's own note.
    const notes = await allNotes();
    const note = query.list ? definedTerm(notes, scope.reportIds, query.read) : undefined;
    if (note) {
      const composition = composeAnswer([{ label: '', text: note.text, passage: note.passage }], language, noteLookup(notes));
      return { ...composition, passages, decision: { kind: 'answer', confidence: 1, sentence: note.text, chunkId: note.passage.chunkId, features: {} } };
    }
    const aspects = aspectsOf(query);
    // Each aspect of a question asking several things is retrieved for on its own: the result of a year is in the
    // next year's report, the target in the year's own, a region's figure in its report.
    const retrievals = aspects.length === 1 ? [retrieval] : await Promise.all(aspects.map((a) => retrieve(index, retrievers, a.query, { ...asking, k: Math.max(asking.k, ANSWER_POOL) })));
    const part = aspects.length > 1 || asking.part === true;
    const inputs = await Promise.all(aspects.map((aspect, i) => aspectInput(aspect, retrievals[i] ?? retrieval, part)));
    const listed = retrievals.length === 1 ? passages : interleave(retrievals.map((r) => r.passages));
    const words = inputs[0]?.topicWords ?? [];
    const decisions: AspectDecision[] = [];
    for (const [i, input] of inputs.entries()) {
      const aspect = input.aspect;
      const decided = await decideAspect(input);
      options.onDecision?.({ query: aspect.query, aspects: aspects.length, aspect: i, scored: decided.scored });
      // A sentence quoted for one aspect is not quoted again for the next.
      const taken = new Set(decisions.flatMap((d) => (d.kind === 'answer' ? [d.best.candidate.text] : [])));
      decisions.push(decided.kind === 'answer' && taken.has(decided.best.candidate.text) ? { kind: 'refuse', code: 'low-confidence', scored: decided.scored } : decided);
    }
    const [single] = decisions;
    const vague = aspects.length === 1 && single ? await askBack(index, single, retrieval, words) : undefined;
    if (vague) return { answer: `${vague.question}${vague.choices.map((c) => c.label).join(language === 'zh' ? '、' : ', ')}`, decision: vague, citations: [], passages: listed };
    const parts: PartDecision[] = decisions.map((d, i) => ({ label: aspects[i]?.label ?? '', decision: aspectDecision(d, aspects[i]?.query ?? query, language, related) }));
    const answered = decisions.some((d) => d.kind === 'answer');
    if (!answered) {
      const [first] = parts;
      const decision = parts.length === 1 && first ? first.decision : joinedDecision(parts);
      return { answer: decision.kind === 'refuse' ? decision.detail : '', decision, citations: [], passages: listed };
    }
    const answerParts: AnswerPart[] = await Promise.all(decisions.map(async (d, i) => {
      const label = aspects[i]?.label ?? '';
      if (d.kind === 'answer') return (query.list && (await listedItems(index, d.best.candidate))) || { label, text: d.best.candidate.text, passage: d.best.candidate.passage };
      const part = parts[i]?.decision;
      return { label, refusal: part?.kind === 'refuse' ? part.detail : '' };
    }));
    const composition = composeAnswer(answerParts, language, noteLookup(notes));
    const [only] = parts;
    return { ...composition, passages: listed, decision: parts.length === 1 && only ? only.decision : joinedDecision(parts) };
  }

  function aspectDecision(decided: AspectDecision, query: Query, language: Language, related: RelatedPassage[]): Decision {
    const { best, confidence } = decided;
    const weighed = best && confidence
      ? { sentence: best.candidate.text, chunkId: best.candidate.passage.chunkId, confidence: round4(confidence.confidence), features: explained({ sentenceProbability: best.probability }, confidence.features, best.features) }
      : undefined;
    if (decided.kind === 'answer' && weighed) return { kind: 'answer', ...weighed };
    const code = decided.kind === 'refuse' ? decided.code : 'low-confidence';
    return { kind: 'refuse', code, detail: refusalDetail(code, query, language), related, ...(weighed ? { best: weighed } : {}) };
  }

  /**
   * The answer for the first of the closest years that answers, opened by a note saying that the year asked
   * about is not in the corpus; the first one's refusal when none does.
   */
  async function answerClosest(closest: readonly ClosestYear[], query: Query, asking: Asking): Promise<Answer> {
    const question = query.text;
    let refusal: Answer | undefined;
    for (const year of closest) {
      const answer = await answerOne(askAbout(query, year), asking, true);
      if (answer.refused) {
        refusal ??= { ...answer, question };
        continue;
      }
      const readings = [...new Set([...query.readings, ...(answer.readings ?? [])])];
      const language = languageOf(query);
      const note = closestYearNote(year, regionNames(query.regions, language), language === 'en');
      return { ...answer, question, answer: `${note}${answer.answer}`, ...(readings.length > 0 ? { readings } : {}), closestYear: year };
    }
    if (!refusal) throw new Error('no closest year to answer');
    return refusal;
  }
}

