/**
 * Every gold question asked of the file store and of the Postgres store (built from the embedding cache), and how
 * many answers differ: `node --import tsx bench/postgres-parity.ts`. The database is `DATABASE_URL`'s when set (its
 * current build replaced), else PGlite with pgvector over the wire protocol.
 */
import { resolve } from 'node:path';
import { createAssistant } from '../src/answering/ask.ts';
import { loadConfig, PROJECT_ROOT } from '../src/config.ts';
import { loadEmbedder } from '../src/embedding/embedder.ts';
import { readGold } from '../src/evaluation/gold.ts';
import { compareAnswers } from '../src/evaluation/same-answers.ts';
import { fileStore } from '../src/indexing/file-store.ts';
import { openIndex } from '../src/indexing/open.ts';
import { closeDatabases, databasePool, databaseStore } from '../src/indexing/postgres/database.ts';
import { startTestDatabase } from '../test/postgres/pglite.ts';

const config = loadConfig();
const log = (line: string) => console.error(line);
const embedder = await loadEmbedder({ model: config.embedModel, modelDir: config.modelDir, projectRoot: PROJECT_ROOT }, log);
if (!embedder) throw new Error('the comparison needs the embedding model');
const database = config.databaseUrl ? { url: config.databaseUrl, stop: async () => undefined } : await startTestDatabase();
try {
  const started = performance.now();
  const postgres = await openIndex({ corpusDir: config.corpusDir, indexDir: config.indexDir, log, store: await databaseStore(database.url), embedder, rebuild: true });
  console.log(`Postgres build ${postgres.source.build}: ${((performance.now() - started) / 1000).toFixed(1)} s (${postgres.built?.embedded ?? 0} texts embedded, ${postgres.built?.reused ?? 0} from the cache)`);
  const file = await openIndex({ corpusDir: config.corpusDir, indexDir: config.indexDir, log, store: fileStore(config.indexDir), embedder });
  console.log(`Postgres: ${(await databasePool(database.url).query<{ version: string }>('SELECT version()')).rows[0]?.version}`);
  const items = readGold(resolve(PROJECT_ROOT, 'eval/gold.jsonl')).items;
  const { differences, meanMs } = await compareAnswers(createAssistant(file), createAssistant(postgres), items);
  for (const difference of differences) console.log(`differs: ${difference.id} (${difference.fields.join(', ')})`);
  console.log(`${differences.length} of ${items.length} gold answers differ (${((100 * differences.length) / items.length).toFixed(1)}%); mean per question: file store ${meanMs[0].toFixed(1)} ms, Postgres store ${meanMs[1].toFixed(1)} ms`);
} finally {
  await closeDatabases();
  await database.stop();
  await embedder.release();
}
