/**
 * BM25 as MiniSearch scores it (its default k 1.2, b 0.7, d 0.5; each field's length its count of distinct tokens;
 * query terms combined with OR, a repeated term counted again; the sum times the number of distinct terms matched),
 * summed in the same order: both stores rank with it, and a test holds it to MiniSearch's scores.
 */
import type { PassageWeight, RankedChunk } from './corpus-index.ts';
import { DEFAULT_LEXICAL, FIELDS } from './lexical-settings.ts';

const K = 1.2;
const B = 0.7;
const D = 0.5;

/** The parameters above, for a ranking done elsewhere (the Postgres store's, in the database) to use the same. */
export const BM25_PARAMETERS = { k1: K, b: B, d: D } as const;

/** The build as a whole: how many chunks, and each field's average length. */
export interface LexicalStats {
  documentCount: number;
  averageLengths: number[];
}

/**
 * In how many chunks each term is in each field, counted posting by posting, and the bound of each term's part in any
 * chunk's sum in each field before its weight: its score at its largest frequency there in the shortest such field (a
 * score grows with the frequency and shrinks with the length).
 */
export class TermCounter {
  readonly frequencies = new Map<string, number[]>();
  private readonly largest = new Map<string, number[]>();
  private readonly shortest = new Map<string, number[]>();

  add(term: string, field: number, frequency: number, length: number): void {
    let df = this.frequencies.get(term);
    let largest = this.largest.get(term);
    let shortest = this.shortest.get(term);
    if (!df || !largest || !shortest) {
      df = FIELDS.map(() => 0);
      largest = FIELDS.map(() => 0);
      shortest = FIELDS.map(() => Number.POSITIVE_INFINITY);
      this.frequencies.set(term, df);
      this.largest.set(term, largest);
      this.shortest.set(term, shortest);
    }
    df[field] = (df[field] ?? 0) + 1;
    largest[field] = Math.max(largest[field] ?? 0, frequency);
    shortest[field] = Math.min(shortest[field] ?? Number.POSITIVE_INFINITY, length);
  }

  bounds(stats: LexicalStats): Map<string, number[]> {
    const bounds = new Map<string, number[]>();
    for (const [term, df] of this.frequencies) {
      const largest = this.largest.get(term) ?? [];
      const shortest = this.shortest.get(term) ?? [];
      bounds.set(term, FIELDS.map((_, field) => ((df[field] ?? 0) === 0 ? 0 : fieldBound(field, df[field] ?? 0, largest[field] ?? 0, shortest[field] ?? 0, stats))));
    }
    return bounds;
  }
}

/** How often one term is in one field of one chunk. */
export interface Posting {
  ord: number;
  chunkId: string;
  reportId: string;
  topHeading: string | undefined;
  term: string;
  field: number;
  frequency: number;
  /** The field's length in the chunk. */
  length: number;
}

/** The averages as MiniSearch keeps them, updated chunk by chunk, so that they are the same to the last bit. */
export function averageLengths(lengths: readonly (readonly number[])[]): number[] {
  const averages = FIELDS.map(() => 0);
  lengths.forEach((ofChunk, count) => {
    FIELDS.forEach((_, field) => {
      averages[field] = ((averages[field] ?? 0) * count + (ofChunk[field] ?? 0)) / (count + 1);
    });
  });
  return averages;
}

export function inverseFrequency(matching: number, total: number): number {
  return Math.log(1 + (total - matching + 0.5) / (matching + 0.5));
}

export function score(frequency: number, matching: number, total: number, length: number, average: number): number {
  return inverseFrequency(matching, total) * (D + (frequency * (K + 1)) / (frequency + K * (1 - B + (B * length) / average)));
}

/** A term's part in a field of any chunk, at most: its score at its largest frequency in the shortest such field. */
export function fieldBound(field: number, matching: number, largest: number, shortest: number, stats: LexicalStats): number {
  return (FIELD_BOOSTS[field] ?? 1) * score(largest, matching, stats.documentCount, shortest, stats.averageLengths[field] ?? 0);
}

/** Each field's weight in a chunk's score. */
export const FIELD_BOOSTS: readonly number[] = FIELDS.map((field) => DEFAULT_LEXICAL.boost[field] || 1);

/**
 * More than a term can add to any chunk's sum in each field, before its weight, knowing only in how many chunks it is
 * there: its part stays below its inverse frequency times D + K + 1, whatever its frequency and the field's length.
 */
export function termBounds(matching: readonly number[], total: number): number[] {
  return FIELDS.map((_, field) => {
    const df = matching[field] ?? 0;
    return df > 0 ? (FIELD_BOOSTS[field] ?? 1) * inverseFrequency(df, total) * (D + K + 1) : 0;
  });
}

interface Scored {
  ord: number;
  score: number;
  terms: string[];
}

/**
 * Ranks the chunks of the postings for the query's terms (in order, repeats kept). `frequencies[term][field]` is in
 * how many chunks of the whole build the term is in that field.
 */
export function rank(terms: readonly string[], postings: readonly Posting[], frequencies: ReadonlyMap<string, readonly number[]>, stats: LexicalStats, limit: number, weight?: PassageWeight): RankedChunk[] {
  const boosts = FIELD_BOOSTS;
  const byTermField = new Map<string, Posting[]>();
  for (const posting of [...postings].sort((a, b) => a.ord - b.ord)) {
    const key = `${posting.term}\u0000${posting.field}`;
    const list = byTermField.get(key);
    if (list) list.push(posting);
    else byTermField.set(key, [posting]);
  }
  const ids = new Map(postings.map((p) => [p.ord, p.chunkId]));
  const weights = new Map<number, number>();
  const weightOf = (posting: Posting): number => {
    if (!weight) return 1;
    let w = weights.get(posting.ord);
    if (w === undefined) {
      w = weight(posting.reportId, posting.topHeading);
      weights.set(posting.ord, w);
    }
    return w;
  };
  let combined: Map<number, Scored> | undefined;
  for (const term of terms) {
    const results = new Map<number, Scored>();
    const ofTerm = frequencies.get(term);
    if (ofTerm) {
      FIELDS.forEach((_, field) => {
        const matching = ofTerm[field] ?? 0;
        if (matching === 0) return;
        for (const posting of byTermField.get(`${term}\u0000${field}`) ?? []) {
          const docBoost = weightOf(posting);
          if (!docBoost) continue;
          const raw = score(posting.frequency, matching, stats.documentCount, posting.length, stats.averageLengths[field] ?? 0);
          const weighted = 1 * 1 * (boosts[field] ?? 1) * docBoost * raw;
          const result = results.get(posting.ord);
          if (result) {
            result.score += weighted;
            if (!result.terms.includes(term)) result.terms.push(term);
          } else {
            results.set(posting.ord, { ord: posting.ord, score: weighted, terms: [term] });
          }
        }
      });
    }
    if (!combined) {
      combined = results;
      continue;
    }
    for (const [ord, result] of results) {
      const existing = combined.get(ord);
      if (!existing) {
        combined.set(ord, result);
        continue;
      }
      existing.score = existing.score + result.score;
      for (const t of result.terms) if (!existing.terms.includes(t)) existing.terms.push(t);
    }
  }
  return [...(combined ?? new Map<number, Scored>()).values()]
    .map((r) => ({ chunkId: ids.get(r.ord) ?? '', score: r.score * (r.terms.length || 1) }))
    .sort((a, b) => b.score - a.score)
    .slice(0, limit);
}
