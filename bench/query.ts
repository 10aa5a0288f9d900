/** Prints warm latency of hybrid answering over the gold questions, of the question embedding alone, and the RSS of the process. */
import { resolve } from 'node:path';
import { createAssistant } from '../src/answering/ask.ts';
import { openCorpusIndex } from '../src/cli/open.ts';
import { loadConfig, PROJECT_ROOT } from '../src/config.ts';
import { readGold } from '../src/evaluation/gold.ts';
import { retrieversFor } from '../src/retrieval/modes.ts';
import { percentile } from './stats.ts';

const WARM_UP = 20;

const config = loadConfig();
const index = await openCorpusIndex(config, config.corpusDir, (line) => console.error(line), { vectors: true });
if (!index.dense) throw new Error('no embedding model: nothing to measure');
const { embeddings } = index.dense.embedder;
const assistant = createAssistant(index, retrieversFor(index, 'hybrid'));
const questions = readGold(resolve(PROJECT_ROOT, 'eval/gold.jsonl')).items.map((i) => i.question);
const warmUp = questions.slice(0, WARM_UP);
const timed = questions.slice(WARM_UP);

async function latencies(run: (question: string) => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (const question of timed) {
    const started = performance.now();
    await run(question);
    times.push(performance.now() - started);
  }
  return times;
}

for (const question of warmUp) await assistant.ask(question);
const asked = await latencies((question) => assistant.ask(question));
const embedded = await latencies((question) => embeddings.embedQuery(question));
const ms = (times: number[], p: number) => `p${p * 100} ${percentile(times, p).toFixed(1)} ms`;
console.log(`query (${assistant.retrievers.join(' + ')}): ${timed.length} gold questions after ${warmUp.length} to warm up, ` +
  `${ms(asked, 0.5)}, ${ms(asked, 0.95)}; question embedding alone ${ms(embedded, 0.5)}, ${ms(embedded, 0.95)}`);
const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`;
console.log(`query process: RSS ${mb(process.memoryUsage().rss)} after the run, peak ${mb(process.resourceUsage().maxRSS * 1024)}` +
  (index.built ? ' (the index was built in this process)' : ' (index loaded, not built)'));
