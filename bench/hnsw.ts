/** HNSW recall@10 against exact search over the corpus vectors, and search latency, for several `ef`. */
import { loadConfig, PROJECT_ROOT } from '../src/config.ts';
import { readGold } from '../src/evaluation/gold.ts';
import { resolve } from 'node:path';
import { fileVectors } from './file-vectors.ts';

const config = loadConfig();
const { dense, graph } = await fileVectors(config);
const questions = readGold(resolve(PROJECT_ROOT, 'eval/gold.jsonl')).items.map((i) => i.question);
const vectors: number[][] = [];
for (const question of questions) vectors.push(await dense.embedder.embeddings.embedQuery(question));
const points = Array.from({ length: graph.size }, (_, label) => graph.vector(label));

function exactTop(vector: readonly number[], k: number): number[] {
  return points
    .map((p, label) => ({ label, dot: p.reduce((s, x, i) => s + x * (vector[i] ?? 0), 0) }))
    .sort((a, b) => b.dot - a.dot)
    .slice(0, k)
    .map((h) => h.label);
}

const truth = vectors.map((v) => new Set(exactTop(v, 10)));
console.log(`${vectors.length} gold questions as asked, over ${points.length} chunk vectors (${dense.embedder.identity.model})`);
for (const ef of [10, 20, 50, 100, 200]) {
  graph.setEf(ef);
  let found = 0;
  const started = performance.now();
  vectors.forEach((v, i) => {
    for (const hit of graph.search(v, 10)) if (truth[i]?.has(hit.label)) found++;
  });
  const ms = (performance.now() - started) / vectors.length;
  console.log(`ef ${String(ef).padStart(3)}: recall@10 ${(found / (vectors.length * 10)).toFixed(4)}, ${ms.toFixed(3)} ms per search`);
}
