/** Prints ingest throughput and warm query latency on the shipped corpus. Numbers, not assertions. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAssistant } from '../src/answering/ask.ts';
import { loadConfig } from '../src/config.ts';
import { openIndex } from '../src/indexing/open.ts';

const TOPICS = ['地区生产总值增长', '城镇新增就业', '一般公共预算收入', '粮食产量', '固定资产投资', '居民人均可支配收入', '森林覆盖率'];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
}

const { corpusDir } = loadConfig();
const started = performance.now();
const index = await openIndex({ corpusDir, indexDir: mkdtempSync(join(tmpdir(), 'zbwd-bench-')), log: () => {} });
const ingestSeconds = (performance.now() - started) / 1000;
console.log(`ingest: ${index.reports.size} reports, ${index.chunkCount} chunks in ${ingestSeconds.toFixed(2)} s ` +
  `(${Math.round(index.chunkCount / ingestSeconds)} chunks/s), peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);

const assistant = createAssistant(index);
const questions = [...index.reports.values()].flatMap((r) =>
  TOPICS.map((topic, i) => `${i % 2 === 0 ? r.year - 1 : r.year}年${r.region}${topic}${i % 2 === 0 ? '是多少' : '的目标是多少'}？`),
);
for (const q of questions.slice(0, 20)) await assistant.ask(q);
const times: number[] = [];
for (const q of questions) {
  const t = performance.now();
  await assistant.ask(q);
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);
console.log(`query: ${times.length} questions warm, p50 ${percentile(times, 0.5).toFixed(1)} ms, p95 ${percentile(times, 0.95).toFixed(1)} ms`);
