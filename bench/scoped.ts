/** Prints latency and recall (against exact search in scope) of scoped dense search: filtered global HNSW versus per-report sub-indexes. */
import { resolve } from 'node:path';
import { openCorpusIndex } from '../src/cli/open.ts';
import { loadConfig, PROJECT_ROOT } from '../src/config.ts';
import { readGold, sampleGold } from '../src/evaluation/gold.ts';
import { DEFAULT_HNSW, DenseIndex, type DenseHit } from '../src/indexing/dense.ts';

const QUESTIONS = 50;
/** recall@10 as asked, and the depth the dense retriever searches to (fusion pool 20 × pool factor 3). */
const DEPTHS = [10, 60];

const config = loadConfig();
const index = await openCorpusIndex(config, config.corpusDir, (line) => console.error(line), { vectors: true });
if (!index.dense) throw new Error('no embedding model: nothing to measure');
const { dense } = index;
dense.index.setEf(DEFAULT_HNSW.ef);
const gold = readGold(resolve(PROJECT_ROOT, 'eval/gold.jsonl')).items;
const queries: number[][] = [];
for (const item of sampleGold(gold, QUESTIONS)) queries.push(await dense.embedder.embeddings.embedQuery(item.question));

const points = dense.labels.map((_, label) => dense.index.vector(label));
const reportOf = dense.labels.map((id) => index.chunks.get(id)?.reportId ?? '');
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

function filtered(vector: readonly number[], reports: ReadonlySet<string>, k: number): DenseHit[] {
  return dense.index.search(vector, k, (label) => reports.has(reportOf[label] ?? ''));
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
for (const report of index.reports.values()) byRegion.set(report.region, (byRegion.get(report.region) ?? new Set()).add(report.id));
const regions = [...byRegion].filter(([, reports]) => reports.size > 1);
const kinds: [string, Set<string>[]][] = [
  [`one report (each of ${labelsOf.size}, ${Math.round(points.length / labelsOf.size)} chunks on average)`, [...labelsOf.keys()].map((r) => new Set([r]))],
  [`one region (${regions.map(([region, reports]) => `${region}: ${reports.size} reports`).join(', ')})`, regions.map(([, reports]) => reports)],
];
console.log(`${queries.length} gold questions against ${points.length} chunk vectors, ef ${DEFAULT_HNSW.ef}; ` +
  `${subIndexes.size} per-report sub-indexes built in ${buildMs.toFixed(0)} ms`);
for (const [kind, scopes] of kinds.filter(([, scopes]) => scopes.length > 0)) {
  for (const k of DEPTHS) {
    console.log(`scope ${kind}, k ${k}: filtered global ${measure(scopes, k, filtered)}; per-report sub-indexes ${measure(scopes, k, perReport)}`);
  }
}
