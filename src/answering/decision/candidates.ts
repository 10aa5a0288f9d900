/**
 * The sentences that may answer one aspect of a question: every piece of the best passages, each read as what
 * would be quoted, and kept only where the definitional rules allow it (the period asked about, a value of the
 * kind asked for, the city or county asked about when its province's report speaks for it).
 */
import { piecesOf, quotableSentences, splitClauses } from '../../chunking/sentences.ts';
import type { Passage, RefusalCode } from '../../domain.ts';
import { clauseGives, type ValueAsked } from '../../question/value.ts';
import type { Region } from '../../regions.ts';
import type { Query } from '../../question/query.ts';
import type { RetrievedAspect } from '../aspects.ts';

/** A piece of a sentence of a retrieved passage, as it would be quoted. */
export interface Candidate {
  /** What would be quoted. */
  text: string;
  /** The piece compared by meaning (its vector was stored at ingest); the quote is this or the sentence around it. */
  piece: string;
  /** The whole sentence the piece is of. */
  sentence: string;
  /** The sentence before the piece in its passage, which often names the subject the piece leaves out. */
  before: string;
  passage: Passage;
  /** Rank of the passage among those the aspect reads, from 0. */
  rank: number;
}

/** The chunk of a report's title, session and speaker, which opens with the title. */
export function isFrontMatter(passage: Passage): boolean {
  return passage.section === '' && passage.text.startsWith(passage.report);
}

/** Longest quote of a list, whose items would be lost if cut to a sentence piece. */
export const LIST_QUOTE_CHARS = 220;

/**
 * Every piece of the sentences of the first `depth` passages that speak of the period asked about (`fits`), the
 * front matter left to the facts read from a report's metadata: a passage of another period is read past, not
 * counted, so that one far down the ranking still answers when those above it are all of other years.
 */
export function piecesOfPassages(passages: readonly Passage[], depth: number, list: boolean, fits: RetrievedAspect['fits']): Candidate[] {
  const found: Candidate[] = [];
  let read = 0;
  for (const [rank, passage] of passages.entries()) {
    if (read === depth) break;
    if (isFrontMatter(passage)) continue;
    let before = '';
    const pieces: Candidate[] = [];
    for (const sentence of quotableSentences(passage.text)) {
      // A list is quoted whole when it fits, so that its items stay together.
      const quoteWhole = list && sentence.length <= LIST_QUOTE_CHARS;
      for (const piece of piecesOf(sentence)) pieces.push({ text: quoteWhole ? sentence : piece, piece, sentence, before, passage, rank });
      before = sentence;
    }
    if (!pieces.some((c) => fits(c.text, passage))) continue;
    read++;
    found.push(...pieces);
  }
  return found;
}

/** The regions asked about that only a report of a larger region speaks for: its sentence must name them. */
export function regionsBelowReports(query: Query, passages: readonly Passage[]): Region[] {
  const reportRegions = new Set(passages.map((p) => p.region));
  return query.regions.filter((region) => region.level !== 'province' && !reportRegions.has(region.name));
}

function namesRegion(text: string, region: Region): boolean {
  return text.includes(region.name) || (region.short.length >= 2 && text.includes(region.short));
}

/**
 * Whether the value asked for is given as the region's: a clause giving it, with the clause before, names the region
 * (`唐山港沿海货物吞吐量稳居全球第2位` beside `港口货物吞吐量突破14亿吨` does not make the province's tonnage Tangshan's).
 */
function givesRegionValue(text: string, region: Region, value: ValueAsked): boolean {
  const clauses = splitClauses(text);
  return clauses.some((clause, i) => {
    if (!clauseGives(clause, value)) return false;
    // `…（芜湖）数据中心全球开服，全省智能算力达1.6万P`: a clause saying 全省 gives the province's figure.
    const window = LARGER_SCOPE.test(clause) ? clause : `${clauses[i - 1] ?? ''}${clause}`;
    return namesRegion(window, region);
  });
}

/** Words that give a figure as a whole province's or region's, not a city's within it. */
const LARGER_SCOPE = /全省|全区|全自治区|我省|我区|全疆/;

export interface Eligibility {
  eligible: Candidate[];
  /** Why none is eligible: the first rule that every candidate failed. */
  refusal?: RefusalCode;
}

/**
 * The candidates the definitional rules allow: of the period asked about, naming the city or county asked about
 * when only a larger region's report speaks for it, with a clause giving a value of the kind asked for.
 */
export function eligibleCandidates(candidates: readonly Candidate[], aspect: RetrievedAspect, query: Query): Eligibility {
  if (candidates.length === 0) return { eligible: [], refusal: 'no-evidence' };
  const inPeriod = candidates.filter((c) => aspect.fits(c.text, c.passage));
  if (inPeriod.length === 0) return { eligible: [], refusal: 'no-evidence' };
  const below = regionsBelowReports(query, aspect.passages);
  const inRegion = inPeriod.filter((c) => below.every((region) => givesRegionValue(c.text, region, query.value)));
  if (inRegion.length === 0) return { eligible: [], refusal: 'region-level' };
  const giving = inRegion.filter((c) => splitClauses(c.text).some((clause) => clauseGives(clause, query.value)));
  if (giving.length === 0) return { eligible: [], refusal: 'value-kind-missing' };
  return { eligible: giving };
}
