/**
 * The extractive answer: for each aspect of the question, the sentence or clauses of the retrieved passages
 * that best cover it, quoted exactly as the source writes them and followed by their citation mark.
 */
import { quotableSentences, splitClauses, splitSentences } from '../chunking/sentences.ts';
import type { Citation, Passage } from '../domain.ts';
import type { Scope } from '../retrieval/scope.ts';
import type { Understanding } from '../retrieval/understand.ts';
import { aspectsOf, topHeading, type Aspect } from './aspects.ts';
import { coverage, matchedTokens, type QueryTerms } from './evidence.ts';
import { NOTE_MARKER, type NoteLookup } from './notes.ts';
import { givesOnlyRatioOf } from './ratio.ts';

export interface Composition {
  answer: string;
  refused: boolean;
  citations: Citation[];
}

/** Below this share of the question's topic covered by the best passage, the answer is not there. */
export const MIN_COVERAGE = 0.2;
/**
 * Below this share of the question covered by the quoted extract itself, or of its topic (the question
 * without words like 目标, 增长), the extract is not quoted.
 */
const MIN_EXTRACT_COVERAGE = 0.1;
const MIN_TOPIC_COVERAGE = 0.05;
const MIN_TOPIC_TOKENS = 2;
const SPECIFIC_TOPIC_TOKENS = 4;
/** Passages read for the answering sentence. */
const READ_DEPTH = 3;
/** Longer sentences are cut down to their best clauses; a list is let run longer to keep its items. */
const EXTRACT = { chars: 110, clauses: 3 };
const LIST_EXTRACT = { chars: 220, clauses: 10 };

const GLOSSARY_SECTION = /注释|名词解释/;
const GLOSSARY_BONUS = 0.1;

const WANTS_NUMBER = /多少|几|比例|比重|增长|增速|下降|率|规模|总量|总额|数量|目标|how (?:many|much)|percent|rate|number|growth|target/i;

/** A percentage, or a change of one in points. */
const PERCENTAGE = /\d\s*[%％]|\d\s*个?百分点/;

/** A figure in the unit asked for: `5154.75亿元`, `1.2万亿元` for 亿元, `0.8个百分点`. */
function figureIn(unit: string): RegExp {
  if (unit === '%') return PERCENTAGE;
  const escaped = unit.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  return new RegExp(`\\d\\s*(?:万)?(?:个)?${escaped}`);
}

export interface Candidate {
  text: string;
  score: number;
  passage: Passage;
  label: string;
}

export interface Wants {
  /** The question as read, its everyday words in the reports' terms. */
  asked: string;
  number: boolean;
  unit?: RegExp;
  extract: { chars: number; clauses: number };
  aboutReport: boolean;
  list: boolean;
  /** Whether the question asks for a share of something, which a change alone does not give. */
  share: boolean;
  /** Whether the topic is long enough that sharing one two-character token with it proves nothing. */
  specific: boolean;
  weight?: Scope['weight'];
}

/**
 * What a text giving the question's quantity only per person or as a share loses. Chosen on the gold questions:
 * three more answered (the total, not `人均地区生产总值`), none lost, at 0.3 as at 1.
 */
const RATIO_PENALTY = 0.3;

/**
 * A question asking for a share of something (`占GDP比重`, `R&D as a share of GDP`, `R&D intensity`) is not answered
 * by a change alone (`研发…比上次增长47%`): on the gold questions one more answered, none lost.
 */
const ASKS_SHARE = /比重|占比|比例|强度|\b(?:share|proportion|percentage|intensity)\b/i;
/** A text giving a share, a rate or an intensity, not only a change (`增长5%`). */
export const GIVES_SHARE = /占|比重|比例|强度|率|覆盖/;

function scoreText(text: string, terms: QueryTerms, wants: Wants, rank: number): number {
  const numberBonus = wants.number && /\d/.test(text) ? 0.15 : 0;
  const unitBonus = wants.unit?.test(text) ? 0.15 : 0;
  const ratioPenalty = givesOnlyRatioOf(wants.asked, text) ? RATIO_PENALTY : 0;
  const sharePenalty = wants.share && !GIVES_SHARE.test(text) ? RATIO_PENALTY : 0;
  return coverage(text, terms) + numberBonus + unitBonus - ratioPenalty - sharePenalty - rank * 0.05;
}

/**
 * The clauses of a sentence, an enumeration kept whole: `城镇、农村居民人均可支配收入分别增长5%、6.5%左右` cut at
 * its `、` would pair 农村 with the figure of 城镇.
 */
function extractClauses(sentence: string): string[] {
  const clauses: string[] = [];
  let open = '';
  for (const clause of splitClauses(sentence)) {
    open += clause;
    if (!open.endsWith('、')) {
      clauses.push(open);
      open = '';
    }
  }
  if (open) clauses.push(open);
  return clauses;
}

/** What a long extract is cut into: the sentences of several said as one (exclamations in a row), else clauses. */
function extractUnits(sentence: string): string[] {
  const sentences = splitSentences(sentence);
  return sentences.length > 1 ? sentences : extractClauses(sentence);
}

/** The best run of clauses of a long sentence, within the extract's length. */
function bestClauses(sentence: string, terms: QueryTerms, wants: Wants): string {
  const { chars, clauses: maxClauses } = wants.extract;
  if (sentence.length <= chars) return sentence;
  const clauses = extractUnits(sentence);
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

/** The chunk of a report's title, session and speaker, which opens with the title. */
export function isFrontMatter(passage: Passage): boolean {
  return passage.section === '' && passage.text.startsWith(passage.report);
}

/** A sentence of a passage that may answer an aspect of the question, with the passage's rank. */
export interface Eligible {
  text: string;
  passage: Passage;
  rank: number;
  /** How well the passage's period fits the question's years, and whether it is a glossary the question asks for. */
  bonus: number;
}

/**
 * The sentences of the best passages that may answer an aspect: of the period asked about, with a figure in
 * the unit asked for, from the report's body unless the question is about the report itself.
 */
export function eligibleSentences(aspect: Aspect, wants: Wants, taken: ReadonlySet<string>, depth = READ_DEPTH): Eligible[] {
  const found: Eligible[] = [];
  let read = 0;
  for (const [rank, passage] of aspect.passages.entries()) {
    if (read === depth) break;
    // The front matter (title, session, speaker) answers questions about the report, not about its content.
    if (isFrontMatter(passage) && !wants.aboutReport) continue;
    const sentences = quotableSentences(passage.text, isFrontMatter(passage))
      .filter((sentence) => !taken.has(sentence) && aspect.fits(sentence, passage))
      // A question asking for a figure in some unit is not answered by a sentence without one.
      .filter((sentence) => !wants.unit || wants.unit.test(sentence));
    if (sentences.length === 0) continue;
    read++;
    // Sentences of a passage whose period fits the question's years come first.
    const yearFit = ((wants.weight?.(passage.reportId, topHeading(passage)) ?? 1) - 1) * 0.2;
    // A question asking what a term stands for is best answered by the report's own glossary or notes.
    const glossary = wants.list && GLOSSARY_SECTION.test(topHeading(passage) ?? '') ? GLOSSARY_BONUS : 0;
    found.push(...sentences.map((text) => ({ text, passage, rank, bonus: yearFit + glossary })));
  }
  return found;
}

function candidates(aspect: Aspect, terms: QueryTerms, wants: Wants, taken: ReadonlySet<string>): Candidate[] {
  return eligibleSentences(aspect, wants, taken).map(({ text, passage, rank, bonus }) => ({
    text,
    score: scoreText(text, terms, wants, rank) + bonus,
    passage,
    label: aspect.label,
  }));
}

export function tidy(extract: string): string {
  return extract.replace(/[，、,：:；;]+$/, '').trim();
}

/** What kind of sentence answers the question: a figure, in which unit, how long an extract. */
export function wantsOf(understanding: Understanding, aspects: readonly Aspect[], topic: QueryTerms, weight: Scope['weight']): Wants {
  const unit = understanding.unit ? figureIn(understanding.unit) : undefined;
  return {
    asked: understanding.read,
    number: WANTS_NUMBER.test(understanding.searchText),
    ...(unit ? { unit } : {}),
    // One long extract per aspect would make the answer too long to read.
    extract: understanding.list && aspects.length === 1 ? LIST_EXTRACT : EXTRACT,
    aboutReport: understanding.aboutReport,
    list: understanding.list,
    share: ASKS_SHARE.test(understanding.read),
    // English questions reach Chinese passages through a few glossary terms: every one of them counts.
    specific: !understanding.english && topic.terms.length >= SPECIFIC_TOPIC_TOKENS,
    ...(weight ? { weight } : {}),
  };
}

/** One answering sentence for each aspect of the question whose words the passages share. */
export function pickSentences(
  passages: readonly Passage[],
  { terms, topic }: QuestionTerms,
  understanding: Understanding,
  weight: Scope['weight'],
): Candidate[] {
  const aspects = aspectsOf(passages, understanding);
  const wants = wantsOf(understanding, aspects, topic, weight);
  const taken = new Set<string>();
  const picked: Candidate[] = [];
  for (const aspect of aspects) {
    const best = candidates(aspect, terms, wants, taken).sort((a, b) => b.score - a.score)[0];
    if (!best) continue;
    taken.add(best.text);
    const text = tidy(bestClauses(best.text, terms, wants));
    // An extract sharing next to nothing with the question, or nothing of its topic, is a guess; so is one
    // sharing a single two-character token of a long topic (`资产总额` with `地区生产总值`).
    // A question about the report itself (who delivered it, when) shares no words with the front matter.
    const aboutReport = wants.aboutReport && isFrontMatter(best.passage);
    const guess = coverage(text, terms) < MIN_EXTRACT_COVERAGE || coverage(text, topic) < MIN_TOPIC_COVERAGE;
    if (!aboutReport && (guess || (wants.specific && matchedTokens(text, topic) < MIN_TOPIC_TOKENS))) continue;
    picked.push({ ...best, text });
  }
  return picked;
}

/** Why no sentence of the passages answers: none speaks of the years asked about, or gives the unit asked for. */
export function notFound({ years, unit }: Understanding): string {
  const when = years.length > 0 ? `${years.join('、')}年的` : '';
  const figure = unit === '%' ? '百分比数字' : unit ? `以${unit}计的数字` : '相应内容';
  return `报告中没有找到${when}${figure}，无法回答。`;
}

/** The question's terms, and those of its topic alone. */
export interface QuestionTerms {
  terms: QueryTerms;
  topic: QueryTerms;
}

/** What composing needs besides the passages: how passages fit the question's years, and the reports' notes. */
export interface ComposeContext {
  weight?: Scope['weight'];
  notes: NoteLookup;
}

/** The answer quoting the picked sentences, each followed by the mark of its citation. */
export function composeAnswer(picked: readonly Candidate[], context: ComposeContext): Composition {
  const citations: Citation[] = [];
  const cite = (passage: Passage): number => {
    let citation = citations.find((c) => c.chunkId === passage.chunkId);
    if (!citation) {
      citation = { n: citations.length + 1, ...passage };
      citations.push(citation);
    }
    return citation.n;
  };
  const parts = picked.map((candidate) => {
    const n = cite(candidate.passage);
    // A note marker gives way to what the note says, cited to the note. A marker without a note, or opening
    // the very note being quoted, is dropped.
    const text = candidate.text.replace(NOTE_MARKER, (_, marker: string) => {
      const note = context.notes(candidate.passage.reportId, Number(marker));
      if (!note || note.passage.chunkId === candidate.passage.chunkId) return '';
      return `（${note.definition}[${cite(note.passage)}]）`;
    });
    const label = picked.length > 1 ? candidate.label : '';
    return `${label}${text}[${n}]`;
  });
  return { answer: parts.join('；'), refused: false, citations };
}

export function refusedWith(answer: string): Composition {
  return { answer, refused: true, citations: [] };
}
