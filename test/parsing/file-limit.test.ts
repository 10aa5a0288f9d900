/** RAG_MAX_FILE_MB bounds the report files an index is built from: a larger file is left out, the rest indexed. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { openIndex } from '../../src/indexing/open.ts';
import { tempDir } from '../corpus.ts';
import { reportSource } from './fixtures.ts';

describe('the largest report file read', () => {
  it('is 50 MB unless RAG_MAX_FILE_MB says otherwise, and must be a positive number', () => {
    expect(loadConfig({}).fileLimits.maxBytes).toBe(50 * 1024 * 1024);
    expect(loadConfig({ RAG_MAX_FILE_MB: '0.05' }).fileLimits.maxBytes).toBe(52_429);
    expect(() => loadConfig({ RAG_MAX_FILE_MB: '0' })).toThrow(/RAG_MAX_FILE_MB/);
  });

  it('leaves a larger file of the corpus folder out of the index, as payload-too-large, and indexes the rest', async () => {
    const dir = tempDir('zbwd-file-limit-');
    const corpusDir = join(dir, 'reports');
    mkdirSync(corpusDir);
    const guiyang = reportSource('2025-guiyang');
    const beijing = reportSource('2025-beijing');
    writeFileSync(join(corpusDir, 'guiyang.txt'), guiyang);
    writeFileSync(join(corpusDir, 'beijing.txt'), beijing);
    const { fileLimits } = loadConfig({ RAG_MAX_FILE_MB: String((Buffer.byteLength(guiyang) + 1000) / (1024 * 1024)) });
    expect(Buffer.byteLength(beijing)).toBeGreaterThan(fileLimits.maxBytes);
    const index = await openIndex({ corpusDir, indexDir: join(dir, 'index'), log: () => {}, fileLimits });
    expect([...index.reports.keys()]).toEqual(['2025-guiyang']);
    expect(index.omitted.skipped).toEqual([{ file: 'beijing.txt', code: 'payload-too-large', reason: expect.stringContaining('beijing.txt is') }]);
  });
});
