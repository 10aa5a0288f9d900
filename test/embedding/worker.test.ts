import { afterEach, describe, expect, it } from 'vitest';
import { chunkReports } from '../../src/chunking/chunk.ts';
import { PROJECT_ROOT } from '../../src/config.ts';
import { loadEmbedder, type Embedder } from '../../src/embedding/embedder.ts';
import { corpus } from '../corpus.ts';

const MODEL = { model: 'Xenova/multilingual-e5-small', modelDir: process.env.RAG_MODEL_DIR, projectRoot: PROJECT_ROOT } as const;

const started: Embedder[] = [];

async function freshEmbedder(): Promise<Embedder> {
  const loaded = await loadEmbedder(MODEL, () => {});
  if (!loaded) throw new Error('the tests need the embedding model in ../shared/models or RAG_MODEL_DIR');
  started.push(loaded);
  return loaded;
}

// Each test's model ends with it, so no worker running ONNX Runtime outlives the test process's last test.
afterEach(async () => {
  await Promise.all(started.splice(0).map((embedder) => embedder.release()));
});

/** The longest paragraphs of the corpus: each batch of them keeps the model busy for a while. */
function longPassages(count: number): string[] {
  const texts = chunkReports(corpus().reports).map((chunk) => chunk.text);
  return texts.sort((a, b) => b.length - a.length).slice(0, count);
}

describe('the embedding worker', () => {
  it('keeps the main thread free while the model embeds', async () => {
    const { embeddings } = await freshEmbedder();
    const passages = longPassages(32);
    await embeddings.embedDocuments(passages.slice(0, 4));
    let last = performance.now();
    let longestGap = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      longestGap = Math.max(longestGap, now - last);
      last = now;
    }, 5);
    const started = performance.now();
    await embeddings.embedDocuments(passages);
    const took = performance.now() - started;
    clearInterval(timer);
    // One batch of these passages alone takes longer than the longest wait of the main thread.
    expect(took / (passages.length / 4)).toBeGreaterThan(longestGap);
    expect(longestGap).toBeLessThan(100);
  });

  it('gives the same vectors after it leaves a core to the main thread', async () => {
    const embedder = await freshEmbedder();
    const [passage] = longPassages(1);
    const before = await embedder.embeddings.embedDocuments([passage ?? '']);
    await embedder.shareCores();
    const after = await embedder.embeddings.embedDocuments([passage ?? '']);
    const query = await embedder.embeddings.embedQuery('北京GDP增长多少');
    expect(after[0]?.length).toBe(384);
    after[0]?.forEach((x, i) => expect(x).toBeCloseTo(before[0]?.[i] ?? NaN, 4));
    expect(query).toHaveLength(384);
  });
});
