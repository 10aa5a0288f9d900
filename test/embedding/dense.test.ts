import { appendFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chineseWords } from '../../src/chunking/words.ts';
import { openIndex } from '../../src/indexing/open.ts';
import { createAssistant } from '../../src/answering/ask.ts';
import { retrieversFor } from '../../src/retrieval/modes.ts';
import { CORPUS_DIR, embedder, fullIndex, seededIndexDir, tempDir } from '../corpus.ts';

function cosine(a: readonly number[], b: readonly number[]): number {
  return a.reduce((sum, x, i) => sum + x * (b[i] ?? 0), 0);
}

function norm(v: readonly number[]): number {
  return Math.sqrt(cosine(v, v));
}

/** The 2024 Guiyang report alone, in a folder of its own. */
function oneReportCorpus(): string {
  const dir = tempDir('zbwd-corpus-');
  copyFileSync(join(CORPUS_DIR, '001_3f56b829cd352b44.txt'), join(dir, '001_3f56b829cd352b44.txt'));
  return dir;
}

describe('the embedding model', () => {
  it('gives unit vectors of the dimension its table entry names', async () => {
    const { embeddings, identity } = await embedder();
    const [passage] = await embeddings.embedDocuments(['预计全市地区生产总值增长5.2%左右']);
    const query = await embeddings.embedQuery('北京GDP增长多少');
    for (const v of [passage ?? [], query]) {
      expect(v).toHaveLength(identity.dimension);
      expect(norm(v)).toBeCloseTo(1, 3);
    }
    expect(identity.dimension).toBe(384);
  });

  it('gives a text the same vector whatever other texts it is embedded with', async () => {
    const { embeddings } = await embedder();
    const text = '新建建筑中绿色建筑占比保持在99%以上';
    const [alone] = await embeddings.embedDocuments([text]);
    const together = await embeddings.embedDocuments(['绿色', text, '大力发展林下经济，提升森林资源的整体利用效益，积极推广磷石膏建材。', '新建']);
    expect(together[1]).toEqual(alone);
  });

  it('puts a Chinese question nearer its English translation than an unrelated question', async () => {
    const { embeddings } = await embedder();
    const [zh, en, other] = await Promise.all(
      ['2024年北京市地区生产总值增长多少？', "How much did Beijing's GDP grow in 2024?", '贵阳市的森林覆盖率是多少？'].map((q) => embeddings.embedQuery(q)),
    );
    expect(cosine(zh ?? [], en ?? [])).toBeGreaterThan(cosine(en ?? [], other ?? []));
  });
});

describe('the vector index', () => {
  it('limits dense search to the reports of the regions asked about', async () => {
    const index = await fullIndex();
    const assistant = createAssistant(index, retrieversFor(index, 'dense'));
    const answer = await assistant.ask('2024年河南省粮食产量是多少？', { k: 10 });
    expect(new Set(answer.passages.map((p) => p.reportId))).toEqual(new Set(['2025-henan']));
  });

  it('embeds only the new texts of a changed report, taking the rest from the cache', async () => {
    const corpusDir = oneReportCorpus();
    const indexDir = seededIndexDir();
    const loaded = await embedder();
    const first = await openIndex({ corpusDir, indexDir, log: () => {}, embedder: loaded });
    expect(first.built?.embedded).toBe(0);
    const added = '新增一段关于城市书房建设的文字。';
    appendFileSync(join(corpusDir, '001_3f56b829cd352b44.txt'), `\n${added}\n`);
    const second = await openIndex({ corpusDir, indexDir, log: () => {}, embedder: loaded });
    // The new chunk and its sentence, and the words of it the report did not hold yet.
    const known = (await first.dense?.wordVectors(chineseWords(added))) ?? new Map();
    const newWords = chineseWords(added).filter((word) => !known.has(word)).length;
    expect(second.built?.embedded).toBeGreaterThanOrEqual(1);
    expect(second.built?.embedded).toBeLessThanOrEqual(2 + newWords);
    expect(second.built?.reused).toBeGreaterThanOrEqual(first.chunkCount - 1);
  });

  // Embedding a whole report's chunks, sentences and words with the other model takes longer than most tests.
  it('is rebuilt when the embedding model changes, never mixing the vectors of two models', { timeout: 180_000 }, async () => {
    const corpusDir = oneReportCorpus();
    const indexDir = seededIndexDir();
    await openIndex({ corpusDir, indexDir, log: () => {}, embedder: await embedder() });
    const lines: string[] = [];
    const chinese = await embedder('Xenova/bge-small-zh-v1.5');
    const rebuilt = await openIndex({ corpusDir, indexDir, log: (line) => lines.push(line), embedder: chinese });
    expect(lines).toEqual([expect.stringContaining('the embedding model or the vector settings changed')]);
    expect(rebuilt.built?.reused).toBe(0);
    expect(rebuilt.built?.embedded).toBeGreaterThan(50);
    expect(rebuilt.manifest.dense).toMatchObject({ identity: { model: 'Xenova/bge-small-zh-v1.5', dimension: 512, pooling: 'cls' } });
  });
});
