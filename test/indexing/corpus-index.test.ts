import { appendFileSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openIndex } from '../../src/indexing/open.ts';
import { CORPUS_DIR, tempDir } from '../corpus.ts';

/** A small corpus: the 2024 and 2026 Guiyang reports. */
function smallCorpus(): string {
  const dir = tempDir('zbwd-corpus-');
  for (const file of ['001_3f56b829cd352b44.txt', '002_c7cf16f2bd42e313.txt']) copyFileSync(join(CORPUS_DIR, file), join(dir, file));
  return dir;
}

async function open(corpusDir: string, indexDir: string) {
  const lines: string[] = [];
  const index = await openIndex({ corpusDir, indexDir, log: (line) => lines.push(line) });
  return { index, lines };
}

describe('the persisted index', async () => {
  it('is built once, then reused without rebuilding', async () => {
    const corpusDir = smallCorpus();
    const indexDir = tempDir('zbwd-index-');
    const first = await open(corpusDir, indexDir);
    expect(first.lines).toEqual([expect.stringContaining('no index')]);
    const second = await open(corpusDir, indexDir);
    expect(second.lines).toEqual([]);
    expect(second.index.chunkCount).toBe(first.index.chunkCount);
    expect(second.index.manifest.reportCount).toBe(2);
    expect((await second.index.lexical.search('5154.75亿元', 1))[0]?.chunkId).toBe((await first.index.lexical.search('5154.75亿元', 1))[0]?.chunkId);
  });

  it('is rebuilt with a log line when the corpus changes', async () => {
    const corpusDir = smallCorpus();
    const indexDir = tempDir('zbwd-index-');
    await open(corpusDir, indexDir);
    appendFileSync(join(corpusDir, '002_c7cf16f2bd42e313.txt'), '\n新增一段关于城市书房建设的文字。\n');
    const reopened = await open(corpusDir, indexDir);
    expect(reopened.lines).toEqual([expect.stringContaining('the corpus changed')]);
    expect(await reopened.index.lexical.search('城市书房建设', 1)).toHaveLength(1);
  });

  it('is rebuilt, never used, when a stored file is damaged', async () => {
    const corpusDir = smallCorpus();
    const indexDir = tempDir('zbwd-index-');
    await open(corpusDir, indexDir);
    const build = readFileSync(join(indexDir, 'CURRENT'), 'utf8').trim();
    writeFileSync(join(indexDir, build, 'chunks.json'), '[{"id": "half-writ');
    const reopened = await open(corpusDir, indexDir);
    expect(reopened.lines).toEqual([expect.stringContaining('chunks.json does not match its checksum')]);
    expect(reopened.index.chunkCount).toBeGreaterThan(100);
  });

  it('survives a build that crashed before it was made current, and removes what it left at the next start', async () => {
    const corpusDir = smallCorpus();
    const indexDir = tempDir('zbwd-index-');
    const before = (await open(corpusDir, indexDir)).index;
    // What a crash mid-write leaves: a staging folder with partial files, and the pointer unchanged. Its writer's
    // pid is one no process has (above Linux's largest).
    const staging = join(indexDir, '.build-999-crashed.4194305.tmp');
    mkdirSync(staging);
    writeFileSync(join(staging, 'chunks.json'), '[');
    const after = await open(corpusDir, indexDir);
    expect(after.lines).toEqual([expect.stringContaining('.build-999-crashed.4194305.tmp')]);
    expect(after.index.chunkCount).toBe(before.chunkCount);
    expect(existsSync(staging)).toBe(false);
  });

  it('leaves alone a build another process is writing', async () => {
    const corpusDir = smallCorpus();
    const indexDir = tempDir('zbwd-index-');
    await open(corpusDir, indexDir);
    // The parent of the test process is alive, and writes no index: it stands for a writer under way.
    const underWay = join(indexDir, `.build-999-writing.${process.ppid}.tmp`);
    mkdirSync(underWay);
    const reopened = await open(corpusDir, indexDir);
    expect(reopened.lines).toEqual([]);
    expect(existsSync(underWay)).toBe(true);
  });

  it('keeps a single build on disk after rebuilding', async () => {
    const corpusDir = smallCorpus();
    const indexDir = tempDir('zbwd-index-');
    await open(corpusDir, indexDir);
    await openIndex({ corpusDir, indexDir, log: () => {}, rebuild: true });
    expect(readdirSync(indexDir).filter((e) => e.startsWith('build-'))).toHaveLength(1);
  });
});
