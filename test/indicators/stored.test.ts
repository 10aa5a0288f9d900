/** The indicator table is built with the index, without the embedding model, stored with it and loaded back. */
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openIndex } from '../../src/indexing/open.ts';
import { CORPUS_DIR, tempDir } from '../corpus.ts';

/** The 2024 and 2026 Guiyang reports. */
function smallCorpus(): string {
  const dir = tempDir('zbwd-corpus-');
  for (const file of ['001_3f56b829cd352b44.txt', '002_c7cf16f2bd42e313.txt']) copyFileSync(join(CORPUS_DIR, file), join(dir, file));
  return dir;
}

describe('the stored indicator table', () => {
  it('is built with a lexical-only index, stored beside it and loaded back unchanged', async () => {
    const corpusDir = smallCorpus();
    const indexDir = tempDir('zbwd-index-');
    const built = await openIndex({ corpusDir, indexDir, log: () => {} });
    expect(built.dense).toBeUndefined();
    expect(built.indicators).toContainEqual(
      expect.objectContaining({ reportId: '2024-guiyang', indicator: 'gdp_growth', kind: 'target', period: '2024', value: 5.5, region: '贵阳市', regionLevel: 'city' }),
    );
    const build = readFileSync(join(indexDir, 'CURRENT'), 'utf8').trim();
    expect(JSON.parse(readFileSync(join(indexDir, build, 'indicators.json'), 'utf8'))).toEqual(built.indicators);

    const lines: string[] = [];
    const loaded = await openIndex({ corpusDir, indexDir, log: (line) => lines.push(line) });
    expect(lines).toEqual([]);
    expect(loaded.built).toBeUndefined();
    expect(loaded.indicators).toEqual(built.indicators);
  });
});
