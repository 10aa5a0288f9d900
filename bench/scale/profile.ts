/**
 * Where an answer's time goes at one size of the scale bench's corpus: every call the answering core makes on the
 * index timed (`stages.ts`), as p50 / p95 over the questions and share of the answers' time.
 * `node --import tsx bench/scale/profile.ts --store file|postgres --times 50 [--dir DIR] [--build] [--questions 60]`
 * builds the corpus `times` over into the store first with `--build` (the file store into `--dir`, Postgres into
 * `DATABASE_URL`), or opens the build already there. `PROFILE_VERBOSE=1` prints each question's calls.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createAssistant } from '../../src/answering/ask.ts';
import { loadConfig, PROJECT_ROOT } from '../../src/config.ts';
import { loadEmbedder } from '../../src/embedding/embedder.ts';
import { readGold, sampleGold } from '../../src/evaluation/gold.ts';
import { buildIndex, DEFAULT_DENSE, readInputs } from '../../src/indexing/build.ts';
import { fileStore } from '../../src/indexing/file-store.ts';
import { closeDatabases, databaseStore } from '../../src/indexing/postgres/database.ts';
import { multiplied } from './corpus.ts';
import { stageTable, timedIndex, type Tally } from './stages.ts';

const { values } = parseArgs({ options: { store: { type: 'string', default: 'file' }, times: { type: 'string', default: '50' }, dir: { type: 'string', default: '/tmp/zbwd-scale-file' }, build: { type: 'boolean', default: false }, questions: { type: 'string', default: '60' } } });
const config = loadConfig();
const log = (line: string) => console.error(line);
const embedder = await loadEmbedder({ model: config.embedModel, modelDir: config.modelDir, projectRoot: PROJECT_ROOT }, log);
if (!embedder) throw new Error('the profile needs the embedding model');
const store = values.store === 'postgres' ? await databaseStore(config.databaseUrl ?? '') : fileStore(values.dir);
if (values.build) {
  const started = performance.now();
  const base = await readInputs(config.corpusDir, config.indexDir);
  await store.write(await buildIndex(multiplied(base, Number(values.times)), { embedder }), { embedder, dense: DEFAULT_DENSE });
  log(`built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
const index = await store.open({ embedder: Promise.resolve(embedder), dense: DEFAULT_DENSE });
const tally: Tally = new Map();
const assistant = createAssistant(timedIndex(index, tally));
const questions = sampleGold(readGold(resolve(PROJECT_ROOT, 'eval/gold.jsonl')).items, Number(values.questions)).filter((item) => !item.conversation);
const ask = (i: number) => assistant.ask(questions[i]?.question ?? '', questions[i]?.asked_on ? { askedOn: questions[i]?.asked_on } : {});
for (let i = 0; i < Math.min(10, questions.length); i++) await ask(i);

const tallies: Tally[] = [];
const answers: number[] = [];
for (let i = 0; i < questions.length; i++) {
  tally.clear();
  const started = performance.now();
  await ask(i);
  answers.push(performance.now() - started);
  tallies.push(new Map(tally));
  if (process.env.PROFILE_VERBOSE) log(`${answers[i]?.toFixed(0)} ms ${questions[i]?.question} ${JSON.stringify(Object.fromEntries([...tally].map(([k, v]) => [k, Math.round(v)])))}`);
}
console.log(`${values.store} store, ${index.reports.size} reports, ${questions.length} questions warm\n`);
console.log(stageTable(tallies, answers));
await closeDatabases();
await embedder.release();
