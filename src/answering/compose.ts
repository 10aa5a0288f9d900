/**
 * The extractive answer: the sentence or clause of the retrieved passages that best covers the question,
 * quoted exactly as the source writes it and followed by its citation mark.
 */
import { splitClauses, splitSentences } from '../chunking/sentences.ts';
import { SECTION_SEPARATOR, type Citation, type Passage } from '../domain.ts';
import type { Scope } from '../retrieval/scope.ts';
import type { Understanding } from '../retrieval/understand.ts';
import { coverage, type QueryTerms } from './evidence.ts';

export interface Composition {
  answer: string;
  refused: boolean;
  citations: Citation[];
}

/** Below this share of the question's topic covered by the best passage, the answer is not there. */
export const MIN_COVERAGE = 0.2;
/** Passages read for the answering sentence. */
const READ_DEPTH = 3;
/** Longer sentences are cut down to their best clauses. */
const MAX_EXTRACT = 110;
const MAX_CLAUSES = 3;

const WANTS_NUMBER = /多少|几|比例|比重|增长|增速|下降|率|规模|总量|总额|数量|目标|how (?:many|much)|percent|rate|number|growth|target/i;

const UNIT = /万亿元|亿元|万元|亿美元|万人次|万人|亿斤|万吨|万亩|万户|万套|万千瓦|公里|平方米|%|百分/;

/** The unit a question asks its figure in, e.g. `亿元` in "达到多少亿元". */
function askedUnit(question: string): string | undefined {
  return UNIT.exec(question.replace(/百分之/g, '%'))?.[0]?.replace('百分', '%');
}

interface Candidate {
  text: string;
  score: number;
  passage: Passage;
}

interface Wants {
  number: boolean;
  unit?: string;
  weight?: Scope['weight'];
}

function scoreText(text: string, terms: QueryTerms, wants: Wants, rank: number): number {
  const numberBonus = wants.number && /\d/.test(text) ? 0.15 : 0;
  const unitBonus = wants.unit && new RegExp(`\\d${wants.unit}`).test(text) ? 0.15 : 0;
  return coverage(text, terms) + numberBonus + unitBonus - rank * 0.05;
}

/** The best run of up to MAX_CLAUSES clauses of a long sentence. */
function bestClauses(sentence: string, terms: QueryTerms, wants: Wants): string {
  if (sentence.length <= MAX_EXTRACT) return sentence;
  const clauses = splitClauses(sentence);
  let best = sentence;
  let bestScore = -Infinity;
  for (let start = 0; start < clauses.length; start++) {
    let run = '';
    for (let end = start; end < Math.min(clauses.length, start + MAX_CLAUSES); end++) {
      run += clauses[end];
      if (run.length > MAX_EXTRACT && end > start) break;
      // Shorter runs win ties, so the extract stays to the point.
      const score = scoreText(run, terms, wants, 0) - run.length / 10_000;
      if (score > bestScore) {
        bestScore = score;
        best = run;
      }
    }
  }
  return best;
}

function candidates(passages: readonly Passage[], terms: QueryTerms, wants: Wants): Candidate[] {
  return passages.slice(0, READ_DEPTH).flatMap((passage, rank) => {
    // Sentences of a passage whose period fits the question's years come first.
    const yearFit = ((wants.weight?.(passage.reportId, passage.section.split(SECTION_SEPARATOR)[0]) ?? 1) - 1) * 0.2;
    return splitSentences(passage.text.replace(/\n/g, ''))
      .map((sentence) => sentence.trim())
      .filter((sentence) => sentence.length > 0)
      .map((sentence) => ({ text: sentence, score: scoreText(sentence, terms, wants, rank) + yearFit, passage }));
  });
}

function tidy(extract: string): string {
  return extract.replace(/[，、,：:；;]+$/, '').trim();
}

/** One answering sentence, or one per region when the question compares regions. */
function pickSentences(
  passages: readonly Passage[],
  terms: QueryTerms,
  understanding: Understanding,
  weight: Scope['weight'],
): Candidate[] {
  const unit = askedUnit(understanding.searchText);
  const wants: Wants = {
    number: WANTS_NUMBER.test(understanding.searchText),
    ...(unit ? { unit } : {}),
    ...(weight ? { weight } : {}),
  };
  const regions = [...new Set(passages.map((p) => p.region))];
  const groups =
    understanding.regions.length > 1 && regions.length > 1
      ? regions.map((region) => passages.filter((p) => p.region === region))
      : [passages];
  return groups
    .map((group) => candidates(group, terms, wants).sort((a, b) => b.score - a.score)[0])
    .filter((c): c is Candidate => c !== undefined)
    .map((c) => ({ ...c, text: tidy(bestClauses(c.text, terms, wants)) }));
}

export function compose(
  passages: readonly Passage[],
  terms: QueryTerms,
  understanding: Understanding,
  weight: Scope['weight'],
  refusal: string | undefined,
): Composition {
  if (refusal) return { answer: refusal, refused: true, citations: [] };
  const picked = pickSentences(passages, terms, understanding, weight);
  const citations: Citation[] = [];
  const parts = picked.map((candidate) => {
    let citation = citations.find((c) => c.chunkId === candidate.passage.chunkId);
    if (!citation) {
      citation = { n: citations.length + 1, ...candidate.passage };
      citations.push(citation);
    }
    const label = picked.length > 1 ? `${candidate.passage.region}：` : '';
    return `${label}${candidate.text}[${citation.n}]`;
  });
  return { answer: parts.join('；'), refused: false, citations };
}
