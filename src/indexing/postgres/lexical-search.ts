/**
 * Lexical search in the Postgres store. A search expected to find few postings in scope (within a few reports, or
 * over a small build) reads them all in one statement; any other has the database find, in one statement
 * (`lexical_candidates`, migration 008), the chunks that can make the best k by BM25 with their postings. Either way
 * they are ranked here by `rank`, so the k found, their order and their scores are those of the file store.
 */
import { LRUCache } from 'lru-cache';
import { BM25_PARAMETERS, FIELD_BOOSTS, inverseFrequency, rank, type LexicalStats, type Posting } from '../bm25.ts';
import type { LexicalSearch, PassageWeight } from '../corpus-index.ts';
import { boundedUnits, type BoundedUnit, type BuildTerms } from '../top-k.ts';
import type { ReportHeadings } from './headings.ts';
import type { Pool } from './pool.ts';
import { tokenize } from './tokens.ts';
import { partition } from './write-build.ts';

/** Terms whose frequencies are remembered, as topic words are. */
const REMEMBERED_TERMS = 50_000;

/** Room for the rounding of sums taken in another order than `rank` takes them. */
const SLACK = 1 + 1e-9;

interface KnownTerm {
  /** In how many chunks of the build the term is, by field. */
  frequencies: number[];
  /** The bound of its part in a chunk's sum, by field; builds written before bounds were kept have none. */
  bounds: number[] | null;
}

/** A term in one field, as the database reads it. */
interface Unit extends BoundedUnit {
  /** Its inverse frequency times the field's weight and the term's repeats in the question. */
  scale: number;
}

function unitsOf(terms: readonly string[], known: BuildTerms, stats: LexicalStats): Unit[] {
  return boundedUnits(terms, known, stats.documentCount)
    .map((unit) => ({ ...unit, scale: unit.repeats * (FIELD_BOOSTS[unit.field] ?? 1) * inverseFrequency(unit.matching, stats.documentCount) }));
}

/** The least and the most a weight gives each report's passages, by the report's place (from 1 in SQL). */
interface ReportWeights {
  least: (number | null)[];
  most: (number | null)[];
  /** The most of all. */
  largest: number;
  /** Each weight that is not 1, by the report's place and, after `|`, the top-level heading when there is one. */
  passages: Record<string, number>;
}

function reportWeights(weight: PassageWeight, headings: ReadonlyMap<string, readonly (string | undefined)[]>, places: ReadonlyMap<string, number>, reportIds: ReadonlySet<string> | undefined): ReportWeights {
  const least: (number | null)[] = new Array<number | null>(places.size).fill(null);
  const most: (number | null)[] = new Array<number | null>(places.size).fill(null);
  let largest = 1;
  const passages: Record<string, number> = {};
  for (const [id, place] of places) {
    if (reportIds && !reportIds.has(id)) continue;
    const weights = (headings.get(id) ?? [undefined]).map((heading) => {
      const w = weight(id, heading);
      if (w !== 1) passages[heading === undefined ? String(place) : `${place}|${heading}`] = w;
      return w;
    });
    least[place] = Math.min(...weights);
    most[place] = Math.max(...weights);
    largest = Math.max(largest, most[place] ?? 1);
  }
  return { least, most, largest, passages };
}

interface CandidateRow {
  chunk_ord: number;
  chunk_id: string;
  chunk_report: string;
  chunk_heading: string | null;
  posting_term: string;
  posting_field: number;
  posting_frequency: number;
  posting_length: number;
}

function postingOf(r: CandidateRow): Posting {
  return { ord: r.chunk_ord, chunkId: r.chunk_id, reportId: r.chunk_report, topHeading: r.chunk_heading ?? undefined, term: r.posting_term, field: r.posting_field, frequency: r.posting_frequency, length: r.posting_length };
}

/**
 * Postings expected in scope below which they are all read in one statement rather than searched with early stopping:
 * on the scale bench (1,750 reports) reading one costs about 2 µs and the early-stopping search about 25 ms whatever it
 * reads (its steps are planned one by one), so a search within a few reports, or over a small build, reads them all.
 */
const READ_WHOLE_SCOPE_BELOW = 10_000;

/**
 * `places`: each report's place in the build, by which postings name it; `chunkCounts`: its chunks, by place;
 * `headingsOf`: the top-level headings of each report's chunks; `readWholeBelow`: the postings expected in scope below
 * which all are read.
 */
export function lexicalSearch(pool: Pool, build: number, stats: LexicalStats, places: ReadonlyMap<string, number>, chunkCounts: readonly number[], headingsOf: () => Promise<ReportHeadings>, readWholeBelow = READ_WHOLE_SCOPE_BELOW): LexicalSearch {
  /** Every posting of the term fields within the reports in scope (all when none is given), for `rank` to score every chunk holding one. */
  async function postingsInScope(units: readonly Unit[], reports: readonly number[] | null): Promise<Posting[]> {
    const { rows } = await pool.query<CandidateRow>(
      `SELECT x.ord AS chunk_ord, c.id AS chunk_id, c.report_id AS chunk_report, c.top_heading AS chunk_heading,
              x.term AS posting_term, x.field AS posting_field, x.frequency AS posting_frequency, x.length AS posting_length
       FROM unnest($1::text[], $2::smallint[]) AS u(term, field)
       CROSS JOIN LATERAL (SELECT * FROM ${partition('index_postings', build)} p WHERE p.term = u.term AND p.field = u.field AND ($3::int[] IS NULL OR p.report = ANY($3::int[])) OFFSET 0) AS x
       JOIN ${partition('index_chunks', build)} c ON c.ord = x.ord`,
      [units.map((u) => u.term), units.map((u) => u.field), reports],
    );
    return rows.map(postingOf);
  }
  const remembered = new LRUCache<string, KnownTerm | { frequencies: null }>({ max: REMEMBERED_TERMS });
  /** What the build knows of these terms, those it has. */
  async function termsOf(terms: readonly string[]): Promise<BuildTerms> {
    const unknown = terms.filter((term) => !remembered.has(term));
    if (unknown.length > 0) {
      const { rows } = await pool.query<{ term: string; frequencies: number[]; bounds: number[] | null }>('SELECT term, frequencies, bounds FROM index_terms WHERE build_id = $1 AND term = ANY($2::text[])', [build, unknown]);
      const found = new Map(rows.map((r) => [r.term, r]));
      for (const term of unknown) {
        const row = found.get(term);
        remembered.set(term, row ? { frequencies: row.frequencies, bounds: row.bounds } : { frequencies: null });
      }
    }
    const frequencies = new Map<string, number[]>();
    const bounds = new Map<string, number[]>();
    for (const term of terms) {
      const of = remembered.get(term);
      if (!of?.frequencies) continue;
      frequencies.set(term, of.frequencies);
      if (of.bounds) bounds.set(term, of.bounds);
    }
    return { frequencies, bounds };
  }
  return {
    async search(text, limit, scope = {}) {
      const terms = tokenize(text).filter((t) => t.length > 0);
      if (terms.length === 0 || limit <= 0) return [];
      const { reportIds, weight } = scope;
      if (reportIds?.size === 0) return [];
      const reports = reportIds ? [...reportIds].flatMap((id) => places.get(id) ?? []) : null;
      const known = await termsOf([...new Set(terms)]);
      const units = unitsOf(terms, known, stats);
      if (units.length === 0) return [];
      const share = reports ? reports.reduce((n, place) => n + (chunkCounts[place] ?? 0), 0) / Math.max(stats.documentCount, 1) : 1;
      if (units.reduce((n, u) => n + u.matching * share, 0) < readWholeBelow) {
        return rank(terms, await postingsInScope(units, reports), known.frequencies, stats, limit, weight);
      }
      const bit = new Map([...new Set(units.map((u) => u.term))].map((term, i) => [term, i]));
      const weights = weight ? reportWeights(weight, await headingsOf(), places, reportIds) : undefined;
      const { rows } = await pool.query<CandidateRow>(
        'SELECT * FROM lexical_candidates($1, $2::text[], $3::smallint[], $4::float8[], $5::float8[], $6::int[], $7::int[], $8, $9::float8[], $10, $11, $12, $13::int[], $14, $15, $16, $17::float8[], $18::float8[], $19::jsonb)',
        [
          build, units.map((u) => u.term), units.map((u) => u.field), units.map((u) => u.bound), units.map((u) => u.scale), units.map((u) => u.matching),
          units.map((u) => bit.get(u.term) ?? 0), bit.size, stats.averageLengths, BM25_PARAMETERS.k1, BM25_PARAMETERS.b, BM25_PARAMETERS.d,
          reports, limit, weights?.largest ?? 1, SLACK, weights?.least ?? null, weights?.most ?? null, weights ? JSON.stringify(weights.passages) : null,
        ],
      );
      return rank(terms, rows.map(postingOf), known.frequencies, stats, limit, weight);
    },
  };
}
