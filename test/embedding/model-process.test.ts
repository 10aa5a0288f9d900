import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { chunkReports } from '../../src/chunking/chunk.ts';
import { PROJECT_ROOT } from '../../src/config.ts';
import { ChildEmbeddings } from '../../src/embedding/child-embeddings.ts';
import { loadEmbedder, type Embedder } from '../../src/embedding/embedder.ts';
import { ModelUnavailableError } from '../../src/embedding/errors.ts';
import { locateModel } from '../../src/embedding/locate.ts';
import { EMBEDDING_MODELS } from '../../src/embedding/models.ts';
import { OnnxEmbeddings } from '../../src/embedding/onnx-embeddings.ts';
import { PooledEmbeddings } from '../../src/embedding/pooled-embeddings.ts';
import type { EmbedderStatus } from '../../src/embedding/status.ts';
import { corpus } from '../corpus.ts';

const MODEL = { model: 'Xenova/multilingual-e5-small', modelDir: process.env.RAG_MODEL_DIR, projectRoot: PROJECT_ROOT } as const;
const QUESTION = '2024年北京市地区生产总值增长多少？';

const started: Embedder[] = [];

async function freshEmbedder(settings: { sharingCores?: boolean; building?: boolean } = {}): Promise<Embedder> {
  const loaded = await loadEmbedder({ ...MODEL, ...settings }, () => {});
  if (!loaded) throw new Error('the tests need the embedding model in ../shared/models or RAG_MODEL_DIR');
  started.push(loaded);
  return loaded;
}

// Each test's model ends with it, so no process running ONNX Runtime outlives the test process's last test.
afterEach(async () => {
  await Promise.all(started.splice(0).map((embedder) => embedder.release()));
});

/** The id of the process running the embedder's model now. */
function modelPid(embedder: Embedder): number {
  if (!(embedder.embeddings instanceof ChildEmbeddings)) throw new Error('the embedder does not run its model in a child process');
  const { pid } = embedder.embeddings;
  if (pid === undefined) throw new Error('no model process runs');
  return pid;
}

/** Whether a process of this id runs; one that has ended but not been reaped yet does not. */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
}

function statusesOf(embedder: Embedder): EmbedderStatus[] {
  const seen: EmbedderStatus[] = [];
  embedder.onStatus((status) => seen.push(status));
  return seen;
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

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/** Resolves once the process has mapped ONNX Runtime's library: it has begun to load the model. */
async function loadingOnnxRuntime(pid: number): Promise<void> {
  while (!readFileSync(`/proc/${pid}/maps`, 'utf8').includes('onnxruntime')) await nextTurn();
}

/** The longest paragraphs of the corpus: each keeps the model busy for a while. */
function longPassages(count: number): string[] {
  const texts = chunkReports(corpus().reports).map((chunk) => chunk.text);
  return texts.sort((a, b) => b.length - a.length).slice(0, count);
}

describe('the embedding model in a child process', () => {
  it('gives the vectors the model gives in this process', async () => {
    const { embeddings } = await freshEmbedder();
    const spec = EMBEDDING_MODELS[MODEL.model];
    const here = await OnnxEmbeddings.load(spec, locateModel(spec.name, PROJECT_ROOT, MODEL.modelDir));
    const passages = longPassages(3);
    const float32 = (vector: readonly number[]) => Array.from(Float32Array.from(vector));
    expect(await embeddings.embedQuery(QUESTION)).toEqual(float32(await here.embedQuery(QUESTION)));
    expect(await embeddings.embedDocuments(passages)).toEqual((await here.embedDocuments(passages)).map(float32));
  });

  it('gives the same vectors when it leaves a core to the main thread', async () => {
    const [passage = ''] = longPassages(1);
    const [onEveryCore] = await (await freshEmbedder()).embeddings.embedDocuments([passage]);
    const [sharing] = await (await freshEmbedder({ sharingCores: true })).embeddings.embedDocuments([passage]);
    expect(sharing).toHaveLength(384);
    sharing?.forEach((x, i) => expect(x).toBeCloseTo(onEveryCore?.[i] ?? NaN, 4));
  });

  it('for a build, shares the texts among a process per core and gives each text the vector one process gives', async () => {
    const passages = longPassages(7);
    const alone = await (await freshEmbedder()).embeddings.embedDocuments(passages);
    const building = await freshEmbedder({ building: true });
    expect(building.embeddings).toBeInstanceOf(PooledEmbeddings);
    const pool = building.embeddings as PooledEmbeddings;
    expect(pool.members).toHaveLength(availableParallelism());
    expect(building.status()).toBe('ready');
    expect(await pool.embedDocuments(passages)).toEqual(alone);
    expect(await pool.embedQuery(QUESTION)).toEqual(await pool.embedQuery(QUESTION));
    const pids = pool.members.map((member) => member.pid ?? 0);
    await building.release();
    expect(building.status()).toBe('released');
    expect(pids.filter(running)).toEqual([]);
  });

  it('fails a request at once when its process dies while loading the model, and answers again once restarted', async () => {
    const embedder = await freshEmbedder();
    await embedder.release();
    const statuses = statusesOf(embedder);
    // The first request after a release starts a process, killed while it loads the model.
    const waiting = embedder.embeddings.embedQuery(QUESTION);
    const pid = modelPid(embedder);
    await loadingOnnxRuntime(pid);
    process.kill(pid, 'SIGKILL');
    await expect(waiting).rejects.toBeInstanceOf(ModelUnavailableError);
    expect(embedder.status()).toBe('restarting');
    await expect(embedder.embeddings.embedQuery(QUESTION)).rejects.toMatchObject({ code: 'model-unavailable', reason: 'its process was killed by SIGKILL' });
    await reaches(embedder, 'ready');
    expect(await embedder.embeddings.embedQuery(QUESTION)).toHaveLength(384);
    expect(statuses).toEqual(['starting', 'restarting', 'ready']);
    expect(running(pid)).toBe(false);
  });

  it('fails the requests in flight when its process dies while embedding, and answers again once restarted', async () => {
    const embedder = await freshEmbedder();
    const statuses = statusesOf(embedder);
    const pid = modelPid(embedder);
    const passages = longPassages(32);
    const inFlight = [embedder.embeddings.embedDocuments(passages), embedder.embeddings.embedQuery(QUESTION)];
    await nextTurn();
    process.kill(pid, 'SIGKILL');
    await Promise.all(inFlight.map((request) => expect(request).rejects.toBeInstanceOf(ModelUnavailableError)));
    await reaches(embedder, 'ready');
    const [vector] = await embedder.embeddings.embedDocuments(passages.slice(0, 1));
    expect(vector).toHaveLength(384);
    expect(statuses).toEqual(['restarting', 'ready']);
    expect(modelPid(embedder)).not.toBe(pid);
  });

  it('loads the model again at the first request after a release', async () => {
    const embedder = await freshEmbedder();
    const before = await embedder.embeddings.embedQuery(QUESTION);
    await embedder.release();
    expect(embedder.status()).toBe('released');
    expect(await embedder.embeddings.embedQuery(QUESTION)).toEqual(before);
    expect(embedder.status()).toBe('ready');
  });

  it('leaves no process running once released', async () => {
    const embedder = await freshEmbedder();
    await embedder.embeddings.embedQuery(QUESTION);
    const pid = modelPid(embedder);
    expect(running(pid)).toBe(true);
    await embedder.release();
    expect(() => process.kill(pid, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
  });

  it('keeps no script alive when idle, and its process ends with the script', async () => {
    const script = new URL('./embed-and-leave.ts', import.meta.url).pathname;
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script], { cwd: PROJECT_ROOT });
    const { pid, dimension } = JSON.parse(stdout) as { pid: number; dimension: number };
    expect(dimension).toBe(384);
    // The process leaves once it sees its channel close, which follows the script's exit.
    while (running(pid)) await new Promise((resolve) => setTimeout(resolve, 20));
  });
});
