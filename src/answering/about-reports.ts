/** Answers read from the reports' metadata, not their text: which reports there are, who delivered one, when and where. */
import type { Answer, Citation, Decision } from '../domain.ts';
import type { CorpusIndex } from '../indexing/corpus-index.ts';
import type { Query } from '../question/query.ts';
import { relatedPassages } from './join.ts';
import { asksForCorpus, corpusSentence, deliverySentence, factNames, frontMatterOf, missingFacts, reportFactsAsked, reportsMeant } from './report-facts.ts';
import { round } from './timing.ts';
import { languageOf, refusalDetail } from './wording.ts';

/**
 * The answer to a question about the reports themselves, among those `within` allows; undefined for any other
 * question, or one about a report it cannot tell.
 */
export async function answerAboutReports(index: CorpusIndex, query: Query, within: ReadonlySet<string> | undefined, retrievers: readonly string[]): Promise<Answer | undefined> {
  const started = performance.now();
  const question = query.text;
  const language = languageOf(query);
  const done = (answer: string, decision: Decision, citations: Citation[] = []): Answer => {
    const ms = round(performance.now() - started);
    return { question, answer, refused: decision.kind !== 'answer', decision, citations, passages: citations, retrievers: [...retrievers], timingsMs: { retrieve: 0, compose: ms, total: ms } };
  };
  if (asksForCorpus(question)) {
    const sentence = corpusSentence(index, language);
    return done(sentence, { kind: 'answer', confidence: 1, sentence, chunkId: '', features: {} });
  }
  const facts = reportFactsAsked(question);
  if (facts.length === 0) return undefined;
  const meant = reportsMeant(index, query, within);
  const [report] = meant;
  if (meant.length !== 1 || !report) return undefined;
  const missing = missingFacts(report, facts);
  const front = await frontMatterOf(index, report.id);
  if (missing.length > 0 || !front) {
    const detail = refusalDetail('not-stated', query, language, `${language === 'zh' ? report.title : report.id} ${factNames(missing, language)}`.trim());
    return done(detail, { kind: 'refuse', code: 'not-stated', detail, related: front ? relatedPassages([front]) : [] });
  }
  const sentence = deliverySentence(report, language);
  const citation: Citation = { n: 1, ...front };
  return done(`${sentence}[1]`, { kind: 'answer', confidence: 1, sentence, chunkId: front.chunkId, features: {} }, [citation]);
}

