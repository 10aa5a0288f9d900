/**
 * A server whose embedding model dies answers every question on words meanwhile, says so, and answers on meaning
 * again once the model is back; a first start answers on words while the vectors are built; a reload switches to
 * the new index once whole.
 */
import { appendFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAssistant } from '../../src/answering/ask.ts';
import { servingAssistant, type AssistantOver } from '../../src/answering/fallback.ts';
import { serving } from '../../src/cli/serve.ts';
import { loadConfig } from '../../src/config.ts';
import { ChildEmbeddings } from '../../src/embedding/child-embeddings.ts';
import { loadEmbedder, type Embedder } from '../../src/embedding/embedder.ts';
import type { EmbedderStatus } from '../../src/embedding/status.ts';
import { openIndex } from '../../src/indexing/open.ts';
import { CORPUS_DIR, seededIndexDir, tempDir, TEST_INDEX_DIR } from '../corpus.ts';
import { startTestServer, type TestServer } from './fixture.ts';
import type { Assistant } from '../../src/answering/ask.ts';
import type { Answer } from '../../src/domain.ts';
import type { LoadingStages } from '../../src/serving/server.ts';

const QUESTIONS = ['2024年北京市地区生产总值增长多少？', '上海2025年城镇调查失业率目标是多少？', '河南省2024年粮食产量是多少？', "What was Zhejiang's GDP growth target for 2025?"];
const over: AssistantOver = async (index, retrievers) => createAssistant(index, retrievers);

const closing: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closing.splice(0).reverse()) await close();
});

async function freshEmbedder(): Promise<Embedder> {
  const loaded = await loadEmbedder({ model: 'Xenova/multilingual-e5-small', modelDir: process.env.RAG_MODEL_DIR, projectRoot: process.cwd() }, () => {});
  if (!loaded) throw new Error('the tests need the embedding model in ../shared/models or RAG_MODEL_DIR');
  closing.push(() => loaded.release());
  return loaded;
}

function modelPid(embedder: Embedder): number {
  if (!(embedder.embeddings instanceof ChildEmbeddings) || embedder.embeddings.pid === undefined) throw new Error('no model process runs');
  return embedder.embeddings.pid;
}

function reaches(embedder: Embedder, wanted: EmbedderStatus): Promise<void> {
  return new Promise((resolve) => {
    const stop = embedder.onStatus((status) => {
      if (status !== wanted) return;
      stop();
      resolve();
    });
  });
}

async function started(loadAssistant: (stages: LoadingStages) => Promise<Assistant>): Promise<TestServer> {
  const server = await startTestServer({}, { loadAssistant });
  closing.push(() => server.close());
  return server;
}

interface Outcome {
  status: number;
  answer?: Answer;
  /** The last data line of a stream, for a streamed completion. */
  streamEnd?: string;
}

async function askApi(server: TestServer, question: string): Promise<Outcome> {
  const response = await fetch(`${server.url}api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question }) });
  return { status: response.status, answer: (await response.json()) as Answer };
}

async function askStreaming(server: TestServer, question: string): Promise<Outcome> {
  const response = await fetch(`${server.url}v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'zhengbao-wenda', stream: true, messages: [{ role: 'user', content: question }] }),
  });
  const lines = (await response.text()).split('\n').filter((line) => line.startsWith('data: '));
  return { status: response.status, streamEnd: lines.at(-1) ?? '' };
}

interface ReadyBody {
  status: string;
  stage: string;
  reports: number;
  retrievers: string[];
  degraded?: string;
}

async function readiness(server: TestServer): Promise<ReadyBody> {
  return (await (await fetch(`${server.url}readyz`)).json()) as ReadyBody;
}

describe('answering while the embedding model is down', () => {
  it('answers every question, over HTTP and streamed, while the model process is killed under load, on words while it restarts', async () => {
    const embedder = await freshEmbedder();
    const index = await openIndex({ corpusDir: CORPUS_DIR, indexDir: TEST_INDEX_DIR, log: () => {}, embedder });
    const server = await started(() => servingAssistant(index, embedder, over));
    expect((await readiness(server)).status).toBe('ready');

    const outcomes: Outcome[] = [];
    let asking = true;
    const clients = [0, 1, 2, 3].map(async (client) => {
      for (let i = client; asking; i++) {
        const question = QUESTIONS[i % QUESTIONS.length] ?? '';
        outcomes.push(await (client === 3 ? askStreaming(server, question) : askApi(server, question)));
      }
    });
    while (outcomes.length < 8) await new Promise((resolve) => setTimeout(resolve, 20));
    const back = reaches(embedder, 'ready');
    process.kill(modelPid(embedder), 'SIGKILL');
    await reaches(embedder, 'restarting');
    const whileDown = await readiness(server);
    const askedWhileDown = await askApi(server, QUESTIONS[0] ?? '');
    await back;
    const answeredBeforeBack = outcomes.length;
    while (outcomes.length < answeredBeforeBack + 8) await new Promise((resolve) => setTimeout(resolve, 20));
    asking = false;
    await Promise.all(clients);

    expect(outcomes.filter((o) => o.status !== 200)).toEqual([]);
    expect(outcomes.filter((o) => o.streamEnd !== undefined && o.streamEnd !== 'data: [DONE]')).toEqual([]);
    expect(whileDown).toMatchObject({ status: 'degraded', retrievers: ['lexical'] });
    expect(whileDown.degraded).toMatch(/embedding model is restarting/);
    expect(askedWhileDown.answer).toMatchObject({ retrievers: ['lexical'], refused: false });
    expect(askedWhileDown.answer?.degraded).toMatch(/word matches alone/);
    const after = await askApi(server, QUESTIONS[0] ?? '');
    expect(after.answer?.retrievers).toEqual(['lexical', 'dense']);
    expect(after.answer?.degraded).toBeUndefined();
    expect(await readiness(server)).toMatchObject({ status: 'ready', retrievers: ['lexical', 'dense'] });
  }, 180_000);
});

describe('a first start', () => {
  it('answers on words while the vectors are built, then on meaning and words without a restart', async () => {
    const config = loadConfig({ ...process.env, RAG_CORPUS_DIR: CORPUS_DIR, RAG_INDEX_DIR: seededIndexDir() });
    const answering = serving(config, CORPUS_DIR, () => {}, 'extractive', true);
    closing.push(() => answering.stop());
    const first: Promise<Answer>[] = [];
    const progress: number[] = [];
    const server = await started((stages) =>
      answering.load({
        serve: (assistant) => {
          // Asked at once, before the build goes on: the answer the first start gives.
          first.push(assistant.ask(QUESTIONS[0] ?? ''));
          stages.serve(assistant);
        },
        progress: (done, total) => {
          progress.push(total);
          stages.progress(done, total);
        },
      }),
    );
    await server.loaded;
    const early = await first[0];
    expect(first).toHaveLength(1);
    expect(early).toMatchObject({ retrievers: ['lexical'], refused: false });
    expect(early?.degraded).toMatch(/vectors are being built/);
    // Every text comes from the seeded cache: nothing is left to embed.
    expect(progress).toEqual([0]);
    expect(await readiness(server)).toMatchObject({ status: 'ready', retrievers: ['lexical', 'dense'] });
    expect((await askApi(server, QUESTIONS[0] ?? '')).answer?.degraded).toBeUndefined();
  }, 180_000);
});

describe('a reload', () => {
  it('reads the corpus afresh and switches to the new index once whole, answering with the one before meanwhile', async () => {
    const corpusDir = tempDir('zbwd-corpus-');
    const [first = '', second = ''] = ['000_d46cfec73a0d31cf.txt', '001_3f56b829cd352b44.txt'];
    for (const file of [first, second]) copyFileSync(join(CORPUS_DIR, file), join(corpusDir, file));
    const config = loadConfig({ ...process.env, RAG_CORPUS_DIR: corpusDir, RAG_INDEX_DIR: seededIndexDir() });
    const answering = serving(config, corpusDir, () => {}, 'extractive', true);
    closing.push(() => answering.stop());
    const server = await started((stages) => answering.load(stages));
    await server.loaded;
    const question = '2024年贵阳市新建城市书房多少座？';
    const before = await askApi(server, question);

    // A paragraph the report did not have: the few texts new to the index are embedded, the rest come from the cache.
    appendFileSync(join(corpusDir, second), '\n全年新建城市书房37座、口袋公园52个。\n');
    const reloaded = server.reload();
    const meanwhile = await askApi(server, question);
    await reloaded;
    const after = await askApi(server, question);

    expect(before.answer?.answer).not.toContain('37座');
    expect(meanwhile.answer).toMatchObject({ retrievers: ['lexical', 'dense'] });
    expect(meanwhile.answer?.answer).not.toContain('37座');
    expect(after.answer).toMatchObject({ refused: false, retrievers: ['lexical', 'dense'] });
    expect(after.answer?.answer).toContain('37座');
    expect(await readiness(server)).toMatchObject({ status: 'ready', stage: 'serving', reports: 2 });
  }, 180_000);
});
