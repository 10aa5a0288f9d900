/**
 * The vector index: an HNSW graph (hnswlib-node, cosine space) over chunk vectors, labelled by chunk ordinal
 * in the chunk store. A search limited to some chunks (the reports of the question's scope) compares the query
 * with each of them: exact, and faster than a filtered graph search over a few reports' chunks.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import hnswlib from 'hnswlib-node';

export interface HnswSettings {
  /** Links per node. */
  m: number;
  efConstruction: number;
  /** Candidates kept while searching: hnswlib's default of 10 is too few for recall@10. */
  ef: number;
}

/**
 * `ef` 200 gives recall@10 0.997 against exact search over the corpus at 0.35 ms a search; 100, chosen when the
 * gold set was smaller, gives 0.9905 on its 370 questions at 0.23 ms (`npm run bench`). M and efConstruction are
 * hnswlib's usual values, not swept.
 */
export const DEFAULT_HNSW: HnswSettings = { m: 16, efConstruction: 200, ef: 200 };

/**
 * Chunks up to which a search within some reports compares the question with each of them. Above, it searches the
 * graph, keeping only their chunks, as a search of the whole corpus does: at 50 times the corpus, where one year's
 * reports hold 128,000 chunks, comparing with each took dense search's p95 to 923 ms (bench/scale/profile.ts, on a
 * busy machine). The shipped corpus has 2,814 chunks, so its answers are exact as before.
 */
export const EXACT_UP_TO = 20_000;

/** Fixed, so that the same vectors always give the same graph. */
const RANDOM_SEED = 100;

export interface DenseHit {
  /** Ordinal of the chunk in the chunk store. */
  label: number;
  /** Cosine similarity to the query. */
  similarity: number;
}

export class DenseIndex {
  /** Every vector, one after the other, for exact search in a scope. */
  private readonly points: Float32Array;

  private constructor(
    private readonly graph: hnswlib.HierarchicalNSW,
    readonly size: number,
    readonly dimension: number,
  ) {
    this.points = new Float32Array(size * dimension);
    for (let label = 0; label < size; label++) this.points.set(graph.getPoint(label), label * dimension);
  }

  static build(vectors: readonly ArrayLike<number>[], dimension: number, settings: HnswSettings): DenseIndex {
    const graph = new hnswlib.HierarchicalNSW('cosine', dimension);
    graph.initIndex(Math.max(1, vectors.length), settings.m, settings.efConstruction, RANDOM_SEED);
    vectors.forEach((vector, label) => graph.addPoint(Array.from(vector), label));
    graph.setEf(settings.ef);
    return new DenseIndex(graph, vectors.length, dimension);
  }

  static read(file: string, dimension: number, settings: HnswSettings): DenseIndex {
    const graph = new hnswlib.HierarchicalNSW('cosine', dimension);
    graph.readIndexSync(file);
    graph.setEf(settings.ef);
    return new DenseIndex(graph, graph.getCurrentCount(), dimension);
  }

  /** The graph as the bytes hnswlib writes, to be stored with the rest of a build. */
  toBuffer(): Buffer {
    const dir = mkdtempSync(join(tmpdir(), 'zbwd-hnsw-'));
    try {
      const file = join(dir, 'dense.hnsw');
      this.graph.writeIndexSync(file);
      return readFileSync(file);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  setEf(ef: number): void {
    this.graph.setEf(ef);
  }

  /** The k nearest chunks, or the k nearest of the chunks `within` (exactly, up to `EXACT_UP_TO` of them). */
  search(vector: readonly number[], k: number, within?: readonly number[]): DenseHit[] {
    if (within && within.length <= EXACT_UP_TO) return this.exact(vector, k, within);
    if (this.size === 0) return [];
    const inScope = within ? new Set(within) : undefined;
    const { neighbors, distances } = this.graph.searchKnn([...vector], Math.min(k, inScope?.size ?? this.size), inScope ? (label) => inScope.has(label) : undefined);
    return neighbors.map((label, i) => ({ label, similarity: 1 - (distances[i] ?? 1) }));
  }

  /** Cosine similarity of a chunk to a unit query vector. */
  similarity(label: number, vector: readonly number[]): number {
    const offset = label * this.dimension;
    let dot = 0;
    for (let i = 0; i < this.dimension; i++) dot += (this.points[offset + i] ?? 0) * (vector[i] ?? 0);
    return dot;
  }

  vector(label: number): number[] {
    return Array.from(this.points.subarray(label * this.dimension, (label + 1) * this.dimension));
  }

  private exact(vector: readonly number[], k: number, labels: readonly number[]): DenseHit[] {
    return labels
      .map((label) => ({ label, similarity: this.similarity(label, vector) }))
      .sort((a, b) => b.similarity - a.similarity)
      .slice(0, k);
  }
}
