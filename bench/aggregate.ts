/**
 * Prints the warm latency of questions across reports answered from the indicator table: the gold file's `aggregate`
 * questions (follow-ups with their conversation) asked through the same `ask()` as every surface, several rounds.
 */
import { resolve } from 'node:path';
import { createAssistant } from '../src/answering/ask.ts';
import { openCorpusIndex } from '../src/cli/open.ts';
import { loadConfig, PROJECT_ROOT } from '../src/config.ts';
import { readGold } from '../src/evaluation/gold.ts';
import { retrieversFor } from '../src/retrieval/modes.ts';
import { percentile } from './stats.ts';

const ROUNDS = 20;

const config = loadConfig();
const index = await openCorpusIndex(config, config.corpusDir, (line) => console.error(line), { vectors: true });
const assistant = createAssistant(index, retrieversFor(index, index.dense ? 'hybrid' : 'lexical'));
const items = readGold(resolve(PROJECT_ROOT, 'eval/gold.jsonl')).items.filter((item) => item.kind === 'aggregate');
const ask = (item: (typeof items)[number]) =>
  assistant.ask(item.question, { ...(item.asked_on ? { askedOn: item.asked_on } : {}), ...(item.conversation ? { conversation: item.conversation } : {}) });

let fromTable = 0;
for (const item of items) if ((await ask(item)).aggregate) fromTable++;

const times: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  for (const item of items) {
    const started = performance.now();
    await ask(item);
    times.push(performance.now() - started);
  }
}
const ms = (p: number) => `p${p * 100} ${percentile(times, p).toFixed(2)} ms`;
console.log(`aggregate answers: ${items.length} gold questions across reports (${fromTable} answered from the indicator table), ` +
  `${ROUNDS} rounds after one to warm up: ${ms(0.5)}, ${ms(0.95)}, slowest ${Math.max(...times).toFixed(2)} ms`);
