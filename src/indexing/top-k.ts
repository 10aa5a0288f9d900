/**
 * The best k chunks by BM25 without scoring every chunk that holds a common token (MaxScore): each term's part in a
 * chunk's score, field by field, has a bound, so once k chunks are scored exactly, the chunks that hold none of the
 * terms and fields of large bounds cannot reach the k-th score, and the postings of the common ones (a common token, a
 * year in every report's title) are read only for the chunks that still can. The chunks kept are then ranked by
 * `rank`, so the k found, their order and their scores are exactly those of ranking every chunk. The Postgres store
 * runs the same search inside the database (`lexical_candidates`, migration 008).
 */
import { FIELD_BOOSTS, rank, score, termBounds, type LexicalStats, type Posting } from './bm25.ts';
import type { PassageWeight, RankedChunk } from './corpus-index.ts';

/** How often a term is in one field of a chunk. */
export interface TermPosting {
  ord: number;
  term: string;
  field: number;
  frequency: number;
  /** The field's length in the chunk. */
  length: number;
}

/** A term in one field. */
export interface TermField {
  term: string;
  field: number;
}

/** The postings of a build, within the reports a search is limited to. */
export interface PostingsSource {
  /** Every posting of these terms in these fields in the chunks in scope. */
  ofTerms(units: readonly TermField[]): TermPosting[];
  /** Every posting of these terms in these chunks (all found by `ofTerms`), with each chunk's id, report and heading. */
  inChunks(terms: readonly string[], ords: readonly number[]): Posting[];
}

export interface TopOptions {
  limit: number;
  weight?: PassageWeight;
  /** The largest weight; without it (and with a weight) every chunk matching is ranked. */
  weightBound?: number;
}

/** Room for the rounding of sums taken in another order than `rank` takes them. */
const SLACK = 1 + 1e-9;

interface PartialSum {
  /** The chunk's sum over the terms read, before its weight. */
  sum: number;
  terms: Set<string>;
}

/** The k entries of largest value, largest first (the earlier of equals first), without sorting them all. */
function largest<T>(entries: Iterable<T>, k: number, value: (entry: T) => number): T[] {
  const best: { entry: T; value: number }[] = [];
  for (const entry of entries) {
    const v = value(entry);
    if (best.length === k && v <= (best[k - 1]?.value ?? 0)) continue;
    let at = best.length;
    while (at > 0 && (best[at - 1]?.value ?? 0) < v) at--;
    best.splice(at, 0, { entry, value: v });
    if (best.length > k) best.pop();
  }
  return best.map((b) => b.entry);
}

/** What a build knows of its terms: in how many chunks each is in each field, and the bound of its part there. */
export interface BuildTerms {
  frequencies: ReadonlyMap<string, readonly number[]>;
  /** By field; terms without are bounded by their frequencies alone (`termBounds`). */
  bounds: ReadonlyMap<string, readonly number[]>;
}

/** A question's term in one field, with what bounds its part in a chunk's score. */
export interface BoundedUnit extends TermField {
  /** In how many chunks of the build the term is in this field. */
  matching: number;
  /** How many times the question has the term. */
  repeats: number;
  /** The bound of its part in a chunk's sum, times its repeats. */
  bound: number;
}

/**
 * The term fields of a question the build has, largest bound first: the rarest terms, whose chunks are the likeliest
 * best. `terms` in the question's order, repeats kept.
 */
export function boundedUnits(terms: readonly string[], { frequencies, bounds: stored }: BuildTerms, documentCount: number): BoundedUnit[] {
  const times = new Map<string, number>();
  for (const term of terms) if (frequencies.has(term)) times.set(term, (times.get(term) ?? 0) + 1);
  return [...times].flatMap(([term, repeats]) => {
    const df = frequencies.get(term) ?? [];
    const bounds = stored.get(term) ?? termBounds(df, documentCount);
    return df.flatMap((matching, field) => (matching > 0 ? [{ term, field, matching, repeats, bound: repeats * (bounds[field] ?? 0) }] : []));
  }).sort((a, b) => b.bound - a.bound);
}

interface Unit extends BoundedUnit {
  key: string;
}

/**
 * `terms` in the question's order, repeats kept; `frequencies[term][field]` is in how many chunks of the whole build
 * the term is in that field.
 */
export function topChunks(terms: readonly string[], source: PostingsSource, buildTerms: BuildTerms, stats: LexicalStats, options: TopOptions): RankedChunk[] {
  const { limit, weight } = options;
  const { frequencies } = buildTerms;
  const known = [...new Set(terms)].filter((term) => frequencies.has(term));
  if (known.length === 0 || limit <= 0) return [];
  const largestWeight = weight ? (options.weightBound ?? Number.POSITIVE_INFINITY) : 1;
  const units: Unit[] = boundedUnits(terms, buildTerms, stats.documentCount).map((unit) => ({ ...unit, key: `${unit.term}\u0000${unit.field}` }));
  const times = new Map(units.map((unit) => [unit.term, unit.repeats]));

  const partials = new Map<number, PartialSum>();
  const read = new Set<string>();
  const add = (postings: readonly TermPosting[], only?: ReadonlySet<string>): void => {
    for (const p of postings) {
      if (only && !only.has(`${p.term}\u0000${p.field}`)) continue;
      const matching = frequencies.get(p.term)?.[p.field] ?? 0;
      const part = (times.get(p.term) ?? 1) * (FIELD_BOOSTS[p.field] ?? 1) * score(p.frequency, matching, stats.documentCount, p.length, stats.averageLengths[p.field] ?? 0);
      const partial = partials.get(p.ord);
      if (partial) {
        partial.sum += part;
        partial.terms.add(p.term);
      } else {
        partials.set(p.ord, { sum: part, terms: new Set([p.term]) });
      }
    }
  };
  const readUnits = (more: readonly Unit[]): void => {
    if (more.length === 0) return;
    add(source.ofTerms(more));
    for (const unit of more) read.add(unit.key);
  };
  const everything = (): RankedChunk[] => {
    readUnits(units.filter((unit) => !read.has(unit.key)));
    return rank(terms, source.inChunks(known, [...partials.keys()]), frequencies, stats, limit, weight);
  };
  if (!Number.isFinite(largestWeight)) return everything();

  // The units of largest bound, until they are in k chunks; the k of those with the largest sums so far, scored
  // exactly, set the score to beat.
  for (const unit of units) {
    if (partials.size >= limit) break;
    readUnits([unit]);
  }
  const estimate = (p: PartialSum) => p.sum * p.terms.size;
  const scored = new Map<number, number>();
  /** Scores exactly the k chunks of the largest sums over what is read so far; returns the k-th best score yet. */
  const scoreLikeliest = (): number => {
    const likeliest = largest(partials, limit, ([, p]) => estimate(p)).flatMap(([ord]) => (scored.has(ord) ? [] : [ord]));
    if (likeliest.length === 0) return 0;
    const postings = source.inChunks(known, likeliest);
    const ordOf = new Map(postings.map((p) => [p.chunkId, p.ord]));
    for (const hit of rank(terms, postings, frequencies, stats, limit, weight)) scored.set(ordOf.get(hit.chunkId) ?? -1, hit.score);
    return scored.size < limit ? 0 : ([...scored.values()].sort((a, b) => b - a)[limit - 1] ?? 0);
  };
  let threshold = scoreLikeliest();
  if (threshold === 0) return everything();

  // Units are read from the largest bound down, the score to beat rising as they are, until those left unread are
  // of bounds too small together to reach it: a chunk holding only those is out.
  const ascending = [...units].reverse();
  for (;;) {
    let optionalSum = 0;
    let optional = 0;
    const optionalTerms = new Set<string>();
    for (const unit of ascending) {
      const sum = optionalSum + unit.bound;
      const count = optionalTerms.size + (optionalTerms.has(unit.term) ? 0 : 1);
      if (sum * count * largestWeight * SLACK >= threshold) break;
      optionalSum = sum;
      optionalTerms.add(unit.term);
      optional++;
    }
    const next = ascending.slice(optional).reverse().find((unit) => !read.has(unit.key));
    if (next === undefined) break;
    readUnits([next]);
    threshold = Math.max(threshold, scoreLikeliest());
  }
  // The chunks that can still reach it are looked up in the unread units, the one of largest bound first, dropping
  // those that fall short as the bound of what is left unread shrinks.
  const unread = units.filter((unit) => !read.has(unit.key));
  let unreadSum = unread.reduce((sum, unit) => sum + unit.bound, 0);
  let unreadTerms = new Set(unread.map((unit) => unit.term));
  const reaches = (ord: number): boolean => {
    const exact = scored.get(ord);
    if (exact !== undefined) return exact >= threshold;
    const partial = partials.get(ord);
    return partial !== undefined && (partial.sum + unreadSum) * (partial.terms.size + unreadTerms.size) * largestWeight * SLACK >= threshold;
  };
  let kept = [...partials.keys()].filter(reaches);
  for (let unit = unread.shift(); unit !== undefined && kept.length > 0; unit = unread.shift()) {
    add(source.inChunks([unit.term], kept.filter((ord) => !scored.has(ord))), new Set([unit.key]));
    unreadSum -= unit.bound;
    unreadTerms = new Set(unread.map((u) => u.term));
    kept = kept.filter(reaches);
  }
  return rank(terms, source.inChunks(known, kept), frequencies, stats, limit, weight);
}
