/**
 * Prints latency and recall (against exact search in scope) of three ways to search within the question's reports:
 * exact comparison with each of their chunks (what retrieval does), a filtered search of one HNSW graph over the
 * corpus, and one small HNSW graph per report.
 */
import { resolve } from 'node:path';
import { loadConfig, PROJECT_ROOT } from '../src/config.ts';
import { readGold, sampleGold } from '../src/evaluation/gold.ts';
import hnswlib from 'hnswlib-node';
import { DEFAULT_HNSW, DenseIndex, type DenseHit } from '../src/indexing/dense.ts';
import { fileVectors } from './file-vectors.ts';

const QUESTIONS = 50;
/** recall@10 as asked, and the depth the dense retriever searches to (fusion pool 20 × pool factor 3). */
const DEPTHS = [10, 60];

const config = loadConfig();
const { dense, graph: stored, chunks, regionOf } = await fileVectors(config);
stored.setEf(DEFAULT_HNSW.ef);
const gold = readGold(resolve(PROJECT_ROOT, 'eval/gold.jsonl')).items;
const queries: number[][] = [];
for (const item of sampleGold(gold, QUESTIONS)) queries.push(await dense.embedder.embeddings.embedQuery(item.question));

const points = chunks.map((_, label) => stored.vector(label));
const reportOf = chunks.map((chunk) => chunk.reportId);
const labelsOf = new Map<string, number[]>();
reportOf.forEach((report, label) => labelsOf.set(report, [...(labelsOf.get(report) ?? []), label]));

/** One small graph per report, built as the global one is, with its labels mapped back to global ones. */
const buildStarted = performance.now();
const subIndexes = new Map(
  [...labelsOf].map(([report, labels]) => {
    const sub = DenseIndex.build(labels.map((label) => points[label] ?? []), dense.embedder.identity.dimension, DEFAULT_HNSW);
    return [report, { sub, labels }] as const;
  }),
);
const buildMs = performance.now() - buildStarted;

function exactTop(vector: readonly number[], labels: readonly number[], k: number): number[] {
  return labels
    .map((label) => ({ label, dot: (points[label] ?? []).reduce((s, x, i) => s + x * (vector[i] ?? 0), 0) }))
    .sort((a, b) => b.dot - a.dot)
    .slice(0, k)
    .map((h) => h.label);
}

/** The global graph, rebuilt here as ingest builds it, searched with hnswlib's label filter. */
const graph = new hnswlib.HierarchicalNSW('cosine', dense.embedder.identity.dimension);
graph.initIndex(points.length, DEFAULT_HNSW.m, DEFAULT_HNSW.efConstruction, 100);
points.forEach((point, label) => graph.addPoint(point, label));
graph.setEf(DEFAULT_HNSW.ef);

function filtered(vector: readonly number[], reports: ReadonlySet<string>, k: number): DenseHit[] {
  const { neighbors, distances } = graph.searchKnn([...vector], k, (label) => reports.has(reportOf[label] ?? ''));
  return neighbors.map((label, i) => ({ label, similarity: 1 - (distances[i] ?? 1) }));
}

function exact(vector: readonly number[], reports: ReadonlySet<string>, k: number): DenseHit[] {
  return stored.search(vector, k, [...reports].flatMap((report) => labelsOf.get(report) ?? []));
}

function perReport(vector: readonly number[], reports: ReadonlySet<string>, k: number): DenseHit[] {
  const hits = [...reports].flatMap((report) => {
    const entry = subIndexes.get(report);
    return entry ? entry.sub.search(vector, k).map((h) => ({ ...h, label: entry.labels[h.label] ?? -1 })) : [];
  });
  return hits.sort((a, b) => b.similarity - a.similarity).slice(0, k);
}

function measure(scopes: readonly ReadonlySet<string>[], k: number, search: typeof filtered): string {
  let found = 0;
  let wanted = 0;
  let ms = 0;
  for (const scope of scopes) {
    const labels = [...scope].flatMap((report) => labelsOf.get(report) ?? []);
    for (const vector of queries) {
      const truth = new Set(exactTop(vector, labels, k));
      const started = performance.now();
      const hits = search(vector, scope, k);
      ms += performance.now() - started;
      found += hits.filter((h) => truth.has(h.label)).length;
      wanted += truth.size;
    }
  }
  return `${(ms / (scopes.length * queries.length)).toFixed(3)} ms, recall@${k} ${(found / wanted).toFixed(4)}`;
}

const byRegion = new Map<string, Set<string>>();
for (const chunk of chunks) byRegion.set(regionOf.get(chunk.reportId) ?? '', (byRegion.get(regionOf.get(chunk.reportId) ?? '') ?? new Set()).add(chunk.reportId));
const regions = [...byRegion].filter(([, reports]) => reports.size > 1);
const kinds: [string, Set<string>[]][] = [
  [`one report (each of ${labelsOf.size}, ${Math.round(points.length / labelsOf.size)} chunks on average)`, [...labelsOf.keys()].map((r) => new Set([r]))],
  [`one region (${regions.map(([region, reports]) => `${region}: ${reports.size} reports`).join(', ')})`, regions.map(([, reports]) => reports)],
];
console.log(`${queries.length} gold questions against ${points.length} chunk vectors, ef ${DEFAULT_HNSW.ef}; ` +
  `${subIndexes.size} per-report sub-indexes built in ${buildMs.toFixed(0)} ms`);
for (const [kind, scopes] of kinds.filter(([, scopes]) => scopes.length > 0)) {
  for (const k of DEPTHS) {
    console.log(`scope ${kind}, k ${k}: exact ${measure(scopes, k, exact)}; filtered global HNSW ${measure(scopes, k, filtered)}; ` +
      `per-report sub-indexes ${measure(scopes, k, perReport)}`);
  }
}
