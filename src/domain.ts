/** Plain data passed between pipeline stages; every shape here serialises to JSON as is. */
import type { IndicatorRow } from './indicators/row.ts';

export interface ReportMeta {
  /** Stable id from year and region, e.g. `2025-beijing`. */
  id: string;
  /** Normalised title, e.g. `2025年北京市政府工作报告`. */
  title: string;
  /** Full region name, e.g. `北京市`, `广西壮族自治区`, `贵阳市`. */
  region: string;
  /** The year in the report's title: a 2025 report reviews 2024 and sets the 2025 targets. */
  year: number;
  /** Date the report was delivered, ISO `YYYY-MM-DD`, when stated. */
  date?: string;
  /** The congress session it was delivered at, e.g. `北京市第十六届人民代表大会第三次会议`. */
  meeting?: string;
  speaker?: string;
  /** The speaker's office as stated, e.g. `北京市市长`, `代市长`. */
  speakerRole?: string;
  sourceUrl?: string;
  /** Source file name, relative to the corpus folder. */
  file: string;
  /** A document that is not a government work report (a plan, a speech), indexed under its own title. */
  kind?: 'document';
}

export interface Paragraph {
  text: string;
  /** Heading titles from the top level down; empty before the first heading. */
  sectionPath: string[];
  /** The page of a PDF it starts on, counted from the file's first (so a citation can say 第12页). */
  page?: number;
}

export interface Section {
  title: string;
  /** Depth in the heading tree, 1 for top-level headings. */
  level: number;
  path: string[];
}

export interface Report extends ReportMeta {
  sections: Section[];
  paragraphs: Paragraph[];
}

export interface Chunk {
  /** Hash of report id, section path and text: unchanged chunks keep their id across builds. */
  id: string;
  reportId: string;
  sectionPath: string[];
  text: string;
  /** Position of the chunk within its report. */
  ordinal: number;
  /** The page of a PDF its first paragraph starts on. */
  page?: number;
}

/** A chunk as retrieved for one question, with the report facts a citation needs. */
export interface Passage {
  chunkId: string;
  reportId: string;
  report: string;
  region: string;
  year: number;
  section: string;
  text: string;
  score: number;
  /** Cosine similarity of the chunk to the question's topic, when there is an embedding model. */
  similarity?: number;
  /** The page of the report's PDF the passage starts on, when the report was read from one. */
  page?: number;
}

export interface Citation extends Passage {
  n: number;
}

/** What a follow-up left out and took from the questions before it in its conversation. */
export interface CarriedOver {
  regions?: string[];
  years?: number[];
  topic?: string;
}

export interface FollowUp {
  /** The question as it would be asked on its own. */
  standalone: string;
  carriedOver: CarriedOver;
  /** The language model that rewrote the follow-up, when one did (it does not say what it carried over). */
  rewrittenBy?: string;
}

/** How an answer written by a language model was checked against the passages it was given. */
export interface Verification {
  model: string;
  /** Sentences kept: their citations point at passages given and their figures are in the passages cited. */
  kept: number;
  dropped: { sentence: string; reason: string }[];
  /** Why the extractive answer was given instead: the model failed, or nothing it wrote could be verified. */
  fallback?: string;
  latencyMs: number;
  usage?: { inputTokens: number; outputTokens: number };
}

/** The year answered in place of one the corpus does not hold. */
export interface ClosestYear {
  asked: number;
  /** What the question asked for: results or targets. */
  askedFor: 'results' | 'targets';
  answered: number;
  /** What the answer gives: results or targets. */
  kind: 'results' | 'targets';
  latestReport: number;
}

/** Why a question is refused; the harness counts refusals by it. */
export const REFUSAL_CODES = [
  /** The question asks nothing: no words of a topic (`？？？`, markup alone). */
  'no-topic',
  /** No report of the corpus covers the region or report year asked about. */
  'no-report',
  /** The reports in scope neither review nor plan the years asked about. */
  'period-missing',
  /** The question names reports outside the region or year it was limited to. */
  'filtered-out',
  /** Nothing retrieved speaks of the question's period, or nothing was retrieved. */
  'no-evidence',
  /** No sentence gives a value of the kind asked for (`多少万亩` and no area). */
  'value-kind-missing',
  /** The question is about a city or county its own report does not cover, and no sentence names it. */
  'region-level',
  /** Sentences give values of the kind asked for, but none is likely enough to answer. */
  'low-confidence',
  /** A fact about a report (its speaker, meeting, date) that the report does not state. */
  'not-stated',
  /** A question across reports whose indicator fewer than two regions (or years) state a number of: nothing to rank. */
  'too-few-figures',
] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

/** A passage shown beside a refusal as close to the question, never as its answer. */
export type RelatedPassage = Passage;

/** The measured facts behind an answer decision, by name, as the fitted model read them. */
export type DecisionFeatures = Record<string, number>;

/** How one question, or one part of it, was decided. */
export type Decision =
  | {
      kind: 'answer';
      /** The fitted probability that the quoted sentence answers; 1 for facts read from a report's metadata. */
      confidence: number;
      /** The sentence quoted, and the chunk it is from. */
      sentence: string;
      chunkId: string;
      features: DecisionFeatures;
      /** The decisions of the parts of an answer drawn from several sentences (regions compared, years, parts). */
      parts?: PartDecision[];
    }
  | {
      kind: 'refuse';
      code: RefusalCode;
      /** What was missing, in one line. */
      detail: string;
      /** The closest passages, shown as such, never as an answer. */
      related: RelatedPassage[];
      /** The most likely sentence the decision weighed and did not quote, with its probability and features. */
      best?: { sentence: string; chunkId: string; confidence: number; features: DecisionFeatures };
      parts?: PartDecision[];
    }
  | { kind: 'clarify'; question: string; choices: ClarifyChoice[] };

export interface PartDecision {
  label: string;
  decision: Decision;
}

/** A way to make a vague question precise, offered as a button: the question as it would then be asked. */
export interface ClarifyChoice {
  label: string;
  question: string;
}

/** A figure compared with a number: `在5.5%及以上` is `{op: 'gte', value: 5.5}`, `other than 2%` is `ne`. */
export interface Comparison {
  op: 'gt' | 'gte' | 'lt' | 'lte' | 'eq' | 'ne';
  value: number;
  /** The unit the question writes the number in (`1000万吨`), when it writes one. */
  unit?: string;
  /** `是5%左右`: a figure stated as about the number, not one bounded by it (`5%以上`, `5%以内`). */
  about?: true;
}

/** What a question across reports asked of one indicator, answered from the indicator table. */
export interface Aggregate {
  /** `rank`: the highest or lowest regions; `filter`: the regions whose figure compares so with a number; `list`: every
   * region's figure; `series`: one region's figure year by year. */
  form: 'rank' | 'filter' | 'list' | 'series';
  kind: 'target' | 'result';
  /** The years compared (one, except for a series). */
  periods: string[];
  order?: 'highest' | 'lowest';
  /** How many of the ranking were asked for; ties at the last place are named too. */
  top?: number;
  comparison?: Comparison;
}

/** The rows of the indicator table an answer across reports rests on, each with the number of its citation. */
export interface AnswerTable {
  indicator: { id: string; name: string; nameEn: string; unit: string };
  rows: (IndicatorRow & { n: number })[];
}

export interface Answer {
  question: string;
  answer: string;
  refused: boolean;
  /** Whether it was answered, refused and why, or asked back; with the confidence and features behind it. */
  decision: Decision;
  citations: Citation[];
  /** Everyday phrasing the question was read through, e.g. `去年 → 2025年`, `GDP → 地区生产总值`. */
  readings?: string[];
  /** Set when the year asked about is past the corpus and the closest year it holds was answered instead. */
  closestYear?: ClosestYear;
  /** Set when the question was a follow-up that took region, year or topic from its conversation. */
  followUp?: FollowUp;
  /** The parts a question asking several things was answered as, one after the other. */
  subQuestions?: string[];
  /** Set when a question across reports (rank, filter, list, series) was answered from the indicator table. */
  aggregate?: Aggregate;
  table?: AnswerTable;
  passages: Passage[];
  /** Present when a language model was asked to write the answer. */
  verification?: Verification;
  /** The retrievers whose rankings were fused, e.g. `["lexical", "dense"]`. */
  retrievers: string[];
  /** Set when the answer was given on words alone though it is usually given on meaning too, and why. */
  degraded?: string;
  timingsMs: { retrieve: number; compose: number; total: number };
}

/** A report as listed to readers. */
export interface ReportSummary {
  id: string;
  title: string;
  region: string;
  year: number;
  date: string | null;
  speaker: string | null;
  sourceUrl: string | null;
  chunkCount: number;
}

/** A report as `GET /api/reports` lists it: with its region's level and English name, so that a page can group and name it. */
export interface ListedReport extends ReportSummary {
  level: 'province' | 'city' | 'county';
  regionEn: string;
}

export interface OutlineParagraph {
  chunkId: string;
  text: string;
}

export interface OutlineSection {
  title: string;
  /** 0 for what comes before the first heading (title, session, speaker). */
  level: number;
  path: string[];
  paragraphs: OutlineParagraph[];
}

export interface ReportOutline extends ReportSummary {
  meeting: string | null;
  speakerRole: string | null;
  sections: OutlineSection[];
}

/** Section paths are shown and compared as one string. */
export const SECTION_SEPARATOR = ' > ';

export function formatSectionPath(path: readonly string[]): string {
  return path.join(SECTION_SEPARATOR);
}

/**
 * Why a reader judged an answer wrong, by stable code: 答非所问, 数字不对, 引用不对, 应该能回答, 其他. The codes are
 * what is stored and exported; each face words them in its own language.
 */
export const FEEDBACK_REASONS = ['off-topic', 'wrong-number', 'wrong-citation', 'should-answer', 'other'] as const;
export type FeedbackReason = (typeof FEEDBACK_REASONS)[number];
/** The reasons as the page words them in Chinese: Slack offers them so, and an export names them so. */
export const FEEDBACK_REASON_LABELS: Readonly<Record<FeedbackReason, string>> = {
  'off-topic': '答非所问',
  'wrong-number': '数字不对',
  'wrong-citation': '引用不对',
  'should-answer': '应该能回答',
  other: '其他',
};
export type FeedbackRating = 'up' | 'down';
