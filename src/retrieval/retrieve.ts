/**
 * Retrieval: scope a question as read to reports, ask every retriever and fuse their rankings.
 * A retriever only ranks chunk ids; a dense retriever plugs in beside the lexical one.
 */
import { formatSectionPath, type Chunk, type Passage } from '../domain.ts';
import type { CorpusIndex, IndexedReport, RankedChunk } from '../indexing/corpus-index.ts';
import { denseQueryText } from './dense.ts';
import { scopeFor, type Scope } from './scope.ts';
import type { Query } from '../question/query.ts';
import type { Retriever, RetrieverQuery } from './retriever.ts';
import { withoutRegions } from '../question/topic.ts';

export type { RankedChunk, Retriever, RetrieverQuery };

export function lexicalRetriever(index: CorpusIndex): Retriever {
  return {
    name: 'lexical',
    usesVector: false,
    search: async ({ text, scope }, limit) => {
      const { reportIds, weight, weightBound } = scope;
      return index.lexical.search(text, limit, { ...(reportIds ? { reportIds } : {}), ...(weight ? { weight } : {}), ...(weightBound ? { weightBound } : {}) });
    },
  };
}

/** Cosine similarity of each chunk to the query vector (both are unit vectors), as an answer shows it. */
async function similaritiesTo(index: CorpusIndex, chunkIds: readonly string[], vector: readonly number[]): Promise<Map<string, number>> {
  const similarities = (await index.dense?.similarities(chunkIds, vector)) ?? new Map<string, number>();
  return new Map(chunkIds.map((id) => [id, Math.round((similarities.get(id) ?? 0) * 10_000) / 10_000]));
}

/** Reciprocal rank fusion, each ranking by its weight; a single ranking keeps its own scores. */
const RRF_K = 60;
/**
 * An English question reaches the words of the reports only through the glossary, so a ranking by words counts
 * half. Chosen on the gold questions: English answers 0.563 → 0.625, false refusals 0.024 → 0.017 overall
 * (a quarter measured the same; half is the smaller change).
 */
const ENGLISH_WORDS_WEIGHT = 0.5;

export function fuse(rankings: readonly RankedChunk[][], weights: readonly number[] = []): RankedChunk[] {
  if (rankings.length === 1) return rankings[0] ?? [];
  const fused = new Map<string, number>();
  rankings.forEach((ranking, i) => {
    const w = weights[i] ?? 1;
    ranking.forEach((hit, rank) => fused.set(hit.chunkId, (fused.get(hit.chunkId) ?? 0) + w / (RRF_K + rank + 1)));
  });
  return [...fused.entries()].map(([chunkId, score]) => ({ chunkId, score })).sort((a, b) => b.score - a.score);
}

/**
 * When a question names several regions (a comparison), the best passages of each region take turns,
 * so that one region's many matches do not crowd out the others.
 */
function interleaveRegions(passages: readonly Passage[], query: Query): Passage[] {
  if (query.regions.length < 2) return [...passages];
  const groups = new Map<string, Passage[]>();
  for (const passage of passages) groups.set(passage.region, [...(groups.get(passage.region) ?? []), passage]);
  const queues = [...groups.values()];
  const merged: Passage[] = [];
  for (let rank = 0; merged.length < passages.length; rank++) {
    for (const queue of queues) {
      const passage = queue[rank];
      if (passage) merged.push(passage);
    }
  }
  return merged;
}

export interface Retrieval {
  query: Query;
  /** The question's topic as a vector, when there is an embedding model. */
  vector?: number[];
  /** The topic text searched for. */
  searched: string;
  scope: Scope;
  passages: Passage[];
}

export function passageOf(report: IndexedReport, chunk: Chunk, score: number): Passage {
  return {
    chunkId: chunk.id,
    reportId: report.id,
    report: report.title,
    region: report.region,
    year: report.year,
    section: formatSectionPath(chunk.sectionPath),
    text: chunk.text,
    score,
    ...(chunk.page === undefined ? {} : { page: chunk.page }),
  };
}

/** The passages of ranked chunks, in their order; chunks the index does not hold are left out. */
export async function passagesOf(index: CorpusIndex, hits: readonly RankedChunk[]): Promise<Passage[]> {
  const chunks = await index.chunks([...new Set(hits.map((hit) => hit.chunkId))]);
  return hits.flatMap((hit) => {
    const chunk = chunks.get(hit.chunkId);
    const report = chunk ? index.reports.get(chunk.reportId) : undefined;
    return chunk && report ? [passageOf(report, chunk, hit.score)] : [];
  });
}

/** Hits each retriever contributes to the fusion, whatever the number of passages asked for. */
const FUSION_POOL = 20;

export interface RetrieveOptions {
  /** Passages to return. */
  k: number;
  /** The reports a question is limited to (by region or year filters), whatever it names. */
  within?: ReadonlySet<string>;
}

export async function retrieve(index: CorpusIndex, retrievers: readonly Retriever[], query: Query, { k: limit, within }: RetrieveOptions): Promise<Retrieval> {
  const scope = scopeFor(query, index.reports.values(), within);
  const empty = scope.reportIds?.size === 0;
  // Comparisons draw from a deeper pool so that every region named has passages to contribute.
  const depth = Math.max(FUSION_POOL, query.regions.length > 1 ? limit * query.regions.length * 2 : limit);
  // A city reached through its province's report keeps its name in the search: the passage must name it.
  const searched = withoutRegions(query.searchText, scope.coveredRegions);
  const base: RetrieverQuery = { question: query.read, text: searched, query, scope };
  const wantsVector = index.dense && retrievers.some((r) => r.usesVector);
  const vector = wantsVector ? await index.dense?.embedder.embeddings.embedQuery(denseQueryText(base)) : undefined;
  const rankings = empty
    ? []
    : await Promise.all(retrievers.map((r) => r.search({ ...base, ...(vector ? { vector } : {}) }, depth)));
  const weights = retrievers.map((r) => (query.english && !r.usesVector ? ENGLISH_WORDS_WEIGHT : 1));
  const ranked = await passagesOf(index, fuse(rankings, weights));
  const shown = interleaveRegions(ranked, query).slice(0, limit);
  const similarities = vector && index.dense ? await similaritiesTo(index, shown.map((p) => p.chunkId), vector) : undefined;
  const passages = similarities ? shown.map((p) => ({ ...p, similarity: similarities.get(p.chunkId) ?? 0 })) : shown;
  return { query, ...(vector ? { vector } : {}), searched, scope, passages };
}
