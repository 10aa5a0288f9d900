/**
 * The best k chunks by BM25 without scoring every chunk that holds a common token (MaxScore, in phases fit for a
 * database): each term's part in a chunk's score has a bound, so once k chunks are scored exactly, the chunks that
 * hold none of the terms with large bounds cannot reach the k-th score, and the postings of the common terms are read
 * only for the chunks that still can. The chunks kept are then ranked by `rank`, so the k found, their order and
 * their scores are exactly those of ranking every chunk.
 */
import { FIELD_BOOSTS, rank, score, termBound, type LexicalStats, type Posting } from './bm25.ts';
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

/** The postings of a build, within the reports a search is limited to. */
export interface PostingsSource {
  /** Every posting of these terms in the chunks in scope. */
  ofTerms(terms: readonly string[]): Promise<TermPosting[]>;
  /** Every posting of these terms in these chunks (all found by `ofTerms`), with each chunk's id, report and heading. */
  inChunks(terms: readonly string[], ords: readonly number[]): Promise<Posting[]>;
}

export interface TopOptions {
  limit: number;
  weight?: PassageWeight;
  /** The largest weight; without it (and with a weight) every chunk matching is ranked. */
  weightBound?: number;
}

/** Room for the rounding of sums taken in another order than `rank` takes them. */
const SLACK = 1 + 1e-9;

interface Partial {
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

/** What a build knows of its terms: in how many chunks each is in each field, and the bound of each's part in a sum. */
export interface BuildTerms {
  frequencies: ReadonlyMap<string, readonly number[]>;
  /** Terms without one are bounded by their frequencies alone (`termBound`). */
  bounds: ReadonlyMap<string, number>;
}

/**
 * `terms` in the question's order, repeats kept; `frequencies[term][field]` is in how many chunks of the whole build
 * the term is in that field.
 */
export async function topChunks(terms: readonly string[], source: PostingsSource, { frequencies, bounds: stored }: BuildTerms, stats: LexicalStats, options: TopOptions): Promise<RankedChunk[]> {
  const { limit, weight } = options;
  const known = [...new Set(terms)].filter((term) => frequencies.has(term));
  if (known.length === 0 || limit <= 0) return [];
  const largestWeight = weight ? (options.weightBound ?? Number.POSITIVE_INFINITY) : 1;
  const times = new Map<string, number>();
  for (const term of terms) times.set(term, (times.get(term) ?? 0) + 1);
  const bounds = new Map(known.map((term) => [term, (times.get(term) ?? 1) * (stored.get(term) ?? termBound(frequencies.get(term) ?? [], stats.documentCount))]));
  // Largest bound first: the rarest terms, whose chunks are the likeliest best.
  const byBound = [...known].sort((a, b) => (bounds.get(b) ?? 0) - (bounds.get(a) ?? 0));

  const partials = new Map<number, Partial>();
  const read = new Set<string>();
  const add = (postings: readonly TermPosting[]): void => {
    for (const p of postings) {
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
  const readTerms = async (more: readonly string[]): Promise<void> => {
    if (more.length === 0) return;
    add(await source.ofTerms(more));
    for (const term of more) read.add(term);
  };
  const everything = async (): Promise<RankedChunk[]> => {
    await readTerms(known.filter((term) => !read.has(term)));
    return rank(terms, await source.inChunks(known, [...partials.keys()]), frequencies, stats, limit, weight);
  };
  if (!Number.isFinite(largestWeight)) return everything();

  // The rarest terms, until they are in k chunks; the k of those with the largest sums so far, scored exactly,
  // set the score to beat.
  for (const term of byBound) {
    if (partials.size >= limit) break;
    await readTerms([term]);
  }
  const estimate = (p: Partial) => p.sum * p.terms.size;
  const scored = new Map<number, number>();
  /** Scores exactly the k chunks of the largest sums over the terms read so far; returns the k-th best score yet. */
  const scoreLikeliest = async (): Promise<number> => {
    const likeliest = largest(partials, limit, ([, p]) => estimate(p)).flatMap(([ord]) => (scored.has(ord) ? [] : [ord]));
    if (likeliest.length === 0) return 0;
    const postings = await source.inChunks(known, likeliest);
    const ordOf = new Map(postings.map((p) => [p.chunkId, p.ord]));
    for (const hit of rank(terms, postings, frequencies, stats, limit, weight)) scored.set(ordOf.get(hit.chunkId) ?? -1, hit.score);
    return scored.size < limit ? 0 : ([...scored.values()].sort((a, b) => b - a)[limit - 1] ?? 0);
  };
  let threshold = await scoreLikeliest();
  if (threshold === 0) return everything();

  // Terms are read from the largest bound down, the score to beat rising as they are, until the terms left unread
  // are of bounds too small together to reach it: a chunk holding only those is out.
  const ascending = [...byBound].reverse();
  for (;;) {
    let optionalSum = 0;
    let optional = 0;
    for (const term of ascending) {
      const sum = optionalSum + (bounds.get(term) ?? 0);
      if (sum * (optional + 1) * largestWeight * SLACK >= threshold) break;
      optionalSum = sum;
      optional++;
    }
    const next = ascending.slice(optional).reverse().find((term) => !read.has(term));
    if (next === undefined) break;
    await readTerms([next]);
    threshold = Math.max(threshold, await scoreLikeliest());
  }
  // The chunks that can still reach it are looked up in the unread terms, the one of largest bound first, dropping
  // those that fall short as the bound of what is left unread shrinks.
  const unread = byBound.filter((term) => !read.has(term));
  let unreadSum = unread.reduce((sum, term) => sum + (bounds.get(term) ?? 0), 0);
  const reaches = (ord: number): boolean => {
    const exact = scored.get(ord);
    if (exact !== undefined) return exact >= threshold;
    const partial = partials.get(ord);
    return partial !== undefined && (partial.sum + unreadSum) * (partial.terms.size + unread.length) * largestWeight * SLACK >= threshold;
  };
  let kept = [...partials.keys()].filter(reaches);
  for (let term = unread.shift(); term !== undefined && kept.length > 0; term = unread.shift()) {
    add(await source.inChunks([term], kept.filter((ord) => !scored.has(ord))));
    unreadSum -= bounds.get(term) ?? 0;
    kept = kept.filter(reaches);
  }
  return rank(terms, await source.inChunks(known, kept), frequencies, stats, limit, weight);
}
