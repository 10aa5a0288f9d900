import { describe, expect, it } from 'vitest';
import { chunkReports, DEFAULT_CHUNKING } from '../../src/chunking/chunk.ts';
import { readCorpus } from '../../src/parsing/corpus.ts';
import { CORPUS_DIR, corpus } from '../corpus.ts';

describe('chunking the corpus', () => {
  const chunks = chunkReports(corpus().reports);

  it('keeps every chunk within the embedding model budget', () => {
    expect(Math.max(...chunks.map((c) => c.text.length))).toBeLessThanOrEqual(DEFAULT_CHUNKING.maxChars);
  });

  it('gives the same ids to the same chunks on every run', async () => {
    const again = chunkReports((await readCorpus(CORPUS_DIR)).reports);
    expect(again.map((c) => c.id)).toEqual(chunks.map((c) => c.id));
    expect(new Set(chunks.map((c) => c.id)).size).toBe(chunks.length);
  });

  it('splits long paragraphs at sentence ends and loses no text', () => {
    const report = corpus().reports.find((r) => r.id === '2017-guiyang');
    const long = report?.paragraphs.find((p) => p.text.length > 1000);
    expect(long).toBeDefined();
    const pieces = chunks.filter((c) => c.reportId === '2017-guiyang' && long?.text.includes(c.text));
    expect(pieces.length).toBeGreaterThan(2);
    expect(pieces.slice(0, -1).every((c) => /[。！？；]$/.test(c.text))).toBe(true);
    expect(pieces.map((c) => c.text).join('')).toBe(long?.text);
  });

  it('merges very short paragraphs into a neighbour of the same section', () => {
    const merged = chunks.find((c) => c.text.endsWith('烦心事、揪心事得到解决。\n一年来，主要做了以下工作。'));
    expect(merged?.reportId).toBe('2025-beijing');
  });

  it('opens every report with its front matter', () => {
    const header = chunks.find((c) => c.reportId === '2025-guiyang' && c.ordinal === 0);
    expect(header?.text).toBe('2025年贵阳市政府工作报告\n2025年1月12日在贵阳市第十五届人民代表大会第五次会议上\n代市长 王宏');
  });
});
