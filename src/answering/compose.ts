/**
 * The extractive answer: the sentence or clause of the retrieved passages that best covers the question,
 * quoted exactly as the source writes it and followed by its citation mark.
 */
import { splitClauses, splitSentences } from '../chunking/sentences.ts';
import { SECTION_SEPARATOR, type Citation, type Passage } from '../domain.ts';
import { periodFits } from '../retrieval/period.ts';
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
/** Longer sentences are cut down to their best clauses; a list is let run longer to keep its items. */
const EXTRACT = { chars: 110, clauses: 3 };
const LIST_EXTRACT = { chars: 220, clauses: 10 };

const WANTS_NUMBER = /多少|几|比例|比重|增长|增速|下降|率|规模|总量|总额|数量|目标|how (?:many|much)|percent|rate|number|growth|target/i;

/** A figure in the unit asked for: `5154.75亿元`, `1.2万亿元` for 亿元, `0.8个百分点`. */
function figureIn(unit: string): RegExp {
  const escaped = unit.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  return new RegExp(`\\d\\s*(?:万)?(?:个)?${escaped}`);
}

interface Candidate {
  text: string;
  score: number;
  passage: Passage;
}

interface Wants {
  number: boolean;
  unit?: RegExp;
  extract: { chars: number; clauses: number };
  weight?: Scope['weight'];
  understanding: Understanding;
}

function scoreText(text: string, terms: QueryTerms, wants: Wants, rank: number): number {
  const numberBonus = wants.number && /\d/.test(text) ? 0.15 : 0;
  const unitBonus = wants.unit?.test(text) ? 0.15 : 0;
  return coverage(text, terms) + numberBonus + unitBonus - rank * 0.05;
}

/** The best run of up to MAX_CLAUSES clauses of a long sentence. */
function bestClauses(sentence: string, terms: QueryTerms, wants: Wants): string {
  const { chars, clauses: maxClauses } = wants.extract;
  if (sentence.length <= chars) return sentence;
  const clauses = splitClauses(sentence);
  let best = sentence;
  let bestScore = -Infinity;
  for (let start = 0; start < clauses.length; start++) {
    let run = '';
    for (let end = start; end < Math.min(clauses.length, start + maxClauses); end++) {
      run += clauses[end];
      if (run.length > chars && end > start) break;
      // The sentence holds a figure in the unit asked for; the extract must keep it.
      if (wants.unit && !wants.unit.test(run)) continue;
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
  const found: Candidate[] = [];
  let read = 0;
  for (const [rank, passage] of passages.entries()) {
    if (read === READ_DEPTH) break;
    const topHeading = passage.section.split(SECTION_SEPARATOR)[0];
    const sentences = splitSentences(passage.text.replace(/\n/g, ''))
      .map((sentence) => sentence.trim())
      .filter((sentence) => sentence.length > 0 && periodFits(sentence, topHeading, passage.year, wants.understanding))
      // A question asking for a figure in some unit is not answered by a sentence without one.
      .filter((sentence) => !wants.unit || wants.unit.test(sentence));
    if (sentences.length === 0) continue;
    read++;
    // Sentences of a passage whose period fits the question's years come first.
    const yearFit = ((wants.weight?.(passage.reportId, topHeading) ?? 1) - 1) * 0.2;
    found.push(...sentences.map((text) => ({ text, score: scoreText(text, terms, wants, rank) + yearFit, passage })));
  }
  return found;
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
  const unit = understanding.unit ? figureIn(understanding.unit) : undefined;
  const regions = [...new Set(passages.map((p) => p.region))];
  const groups =
    understanding.regions.length > 1 && regions.length > 1
      ? regions.map((region) => passages.filter((p) => p.region === region))
      : [passages];
  const wants: Wants = {
    number: WANTS_NUMBER.test(understanding.searchText),
    ...(unit ? { unit } : {}),
    // One long extract per region would make a comparison too long to read.
    extract: understanding.list && groups.length === 1 ? LIST_EXTRACT : EXTRACT,
    ...(weight ? { weight } : {}),
    understanding,
  };
  return groups
    .map((group) => candidates(group, terms, wants).sort((a, b) => b.score - a.score)[0])
    .filter((c): c is Candidate => c !== undefined)
    .map((c) => ({ ...c, text: tidy(bestClauses(c.text, terms, wants)) }));
}

/** Why no sentence of the passages answers: none speaks of the years asked about, or gives the unit asked for. */
function notFound({ years, unit }: Understanding): string {
  const when = years.length > 0 ? `${years.join('、')}年的` : '';
  const figure = unit ? `以${unit}计的数字` : '相应内容';
  return `报告中没有找到${when}${figure}，无法回答。`;
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
  if (picked.length === 0) return { answer: notFound(understanding), refused: true, citations: [] };
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
