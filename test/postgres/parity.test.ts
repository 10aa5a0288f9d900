import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAssistant } from '../../src/answering/ask.ts';
import { PROJECT_ROOT } from '../../src/config.ts';
import { readGold, sampleGold } from '../../src/evaluation/gold.ts';
import { compareAnswers } from '../../src/evaluation/same-answers.ts';
import type { CorpusIndex } from '../../src/indexing/corpus-index.ts';
import { openIndex } from '../../src/indexing/open.ts';
import { chineseWords } from '../../src/chunking/words.ts';
import { closeDatabases, databasePool, databaseStore } from '../../src/indexing/postgres/database.ts';
import { buildHeadings } from '../../src/indexing/postgres/headings.ts';
import { lexicalSearch } from '../../src/indexing/postgres/lexical-search.ts';
import { isOwnToken, textDiffersFromTokens } from '../../src/indexing/postgres/tokens.ts';
import { readQuery } from '../../src/question/query.ts';
import { scopeFor } from '../../src/retrieval/scope.ts';
import { CORPUS_DIR, embedder, fullIndex, seededIndexDir } from '../corpus.ts';
import { startTestDatabase, type TestDatabase } from './pglite.ts';

/** Gold questions asked of both stores, spread over the kinds, few enough to keep the suite short (all 488: `bench/postgres-parity.ts`). */
const SAMPLE = 48;

let database: TestDatabase;
let stored: CorpusIndex;

beforeAll(async () => {
  database = await startTestDatabase();
  // Built from the test index's embedding cache: the same vectors, none embedded again.
  stored = await openIndex({ corpusDir: CORPUS_DIR, indexDir: seededIndexDir(), log: () => {}, store: await databaseStore(database.url), embedder: await embedder() });
}, 300_000);

afterAll(async () => {
  await closeDatabases();
  await database?.stop();
});

describe('the Postgres store', () => {
  it('gives the file store\'s answers to the gold questions, passages, scores and decisions alike', { timeout: 300_000 }, async () => {
    const items = sampleGold(readGold(resolve(PROJECT_ROOT, 'eval/gold.jsonl')).items, SAMPLE);
    const file = createAssistant(await fullIndex());
    const postgres = createAssistant(stored);
    expect(postgres.retrievers).toEqual(['lexical', 'dense']);
    const { differences } = await compareAnswers(file, postgres, items);
    expect(differences).toEqual([]);
  });

  it('finds the file store\'s best chunks by words whether it reads every posting in scope or stops early', { timeout: 120_000 }, async () => {
    const pool = databasePool(database.url);
    const build = Number(stored.source.build);
    const { rows } = await pool.query<{ lexical: { documentCount: number; averageLengths: number[] } }>('SELECT lexical FROM index_builds WHERE id = $1', [build]);
    const stats = rows[0]?.lexical;
    if (!stats) throw new Error('the build has no lexical statistics');
    const places = new Map([...stored.reports.keys()].map((id, i) => [id, i]));
    const counts = [...stored.reports.values()].map((r) => r.chunkCount);
    const headings = buildHeadings(pool, build);
    const everyPosting = lexicalSearch(pool, build, stats, places, counts, headings, Number.POSITIVE_INFINITY);
    const earlyStopping = lexicalSearch(pool, build, stats, places, counts, headings, 0);
    const file = await fullIndex();
    const items = sampleGold(readGold(resolve(PROJECT_ROOT, 'eval/gold.jsonl')).items, SAMPLE);
    let scoped = 0;
    let weighted = 0;
    let found = 0;
    for (const item of items) {
      const query = readQuery(item.question, new Date(item.asked_on ?? '2026-12-01'));
      const { reportIds, weight, weightBound } = scopeFor(query, stored.reports.values());
      const scope = { ...(reportIds ? { reportIds } : {}), ...(weight ? { weight } : {}), ...(weightBound ? { weightBound } : {}) };
      if (reportIds) scoped++;
      if (weight) weighted++;
      const expected = await file.lexical.search(query.searchText, 20, scope);
      if (expected.length > 0) found++;
      expect(await everyPosting.search(query.searchText, 20, scope), item.question).toEqual(expected);
      expect(await earlyStopping.search(query.searchText, 20, scope), item.question).toEqual(expected);
    }
    // Both kinds of search were asked: within reports and over all, weighted by year and not.
    expect(scoped).toBeGreaterThan(10);
    expect(items.length - scoped).toBeGreaterThan(3);
    expect(weighted).toBeGreaterThan(10);
    // And they found chunks: all but the odd question whose words the reports lack (an English one).
    expect(found).toBeGreaterThan(items.length - 3);
  });

  it('counts the chunks where a word is written as the file store does, a two-character word by its token', async () => {
    const questions = sampleGold(readGold(resolve(PROJECT_ROOT, 'eval/gold.jsonl')).items, SAMPLE).map((item) => item.question);
    const words = [...new Set(questions.flatMap(chineseWords))];
    expect(words.filter(isOwnToken).length).toBeGreaterThan(20);
    expect(words.filter((word) => !isOwnToken(word)).length).toBeGreaterThan(5);
    const file = await fullIndex();
    expect(await stored.terms.wordFrequencies(words)).toEqual(await file.terms.wordFrequencies(words));
  });

  it('tells a text whose normalizing makes Chinese characters (a Kangxi radical, a compatibility ideograph) from one whose does not', () => {
    expect(textDiffersFromTokens('政府工作报告，2024年（草案）')).toBe(false);
    expect(textDiffersFromTokens('⼀季度增长')).toBe(true);
    expect(textDiffersFromTokens('\uf900年')).toBe(true);
  });
});
