import { describe, expect, it } from 'vitest';
import { DenseIndex, EXACT_UP_TO } from '../../src/indexing/dense.ts';

/** Unit vectors spread by a fixed sequence, so the test is the same each run. */
function vectors(count: number, dimension: number): number[][] {
  let seed = 7;
  const next = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31 - 0.5;
  };
  return Array.from({ length: count }, () => {
    const v = Array.from({ length: dimension }, next);
    const norm = Math.hypot(...v);
    return v.map((x) => x / norm);
  });
}

describe('a search within many chunks', () => {
  const dimension = 16;
  const points = vectors(EXACT_UP_TO + 5_000, dimension);
  const index = DenseIndex.build(points, dimension, { m: 16, efConstruction: 100, ef: 200 });
  const queries = vectors(20, dimension).map((v) => v.map((x) => -x));

  it('goes through the graph past EXACT_UP_TO chunks, finding k of theirs and nearly all of the exact k', () => {
    // Every label but those ending in 7: more chunks than are compared one by one.
    const within = points.flatMap((_, label) => (label % 10 === 7 ? [] : [label]));
    expect(within.length).toBeGreaterThan(EXACT_UP_TO);
    let found = 0;
    for (const query of queries) {
      const hits = index.search(query, 10, within);
      expect(hits).toHaveLength(10);
      expect(hits.every((hit) => hit.label % 10 !== 7)).toBe(true);
      const exact = within.map((label) => ({ label, similarity: index.similarity(label, query) })).sort((a, b) => b.similarity - a.similarity).slice(0, 10);
      found += hits.filter((hit) => exact.some((e) => e.label === hit.label)).length;
    }
    // Random vectors are harder for a graph than the reports' (recall@10 0.997 over the corpus, README).
    expect(found / (queries.length * 10)).toBeGreaterThan(0.9);
  });

  it('compares with each chunk up to EXACT_UP_TO of them', () => {
    const within = points.slice(0, EXACT_UP_TO).map((_, label) => label);
    for (const query of queries.slice(0, 5)) {
      const exact = within.map((label) => ({ label, similarity: index.similarity(label, query) })).sort((a, b) => b.similarity - a.similarity).slice(0, 10);
      expect(index.search(query, 10, within)).toEqual(exact);
    }
  });
});
