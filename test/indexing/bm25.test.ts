import { describe, expect, it } from 'vitest';
import { chunkReports } from '../../src/chunking/chunk.ts';
import type { Chunk } from '../../src/domain.ts';
import type { PassageWeight } from '../../src/indexing/corpus-index.ts';
import { DEFAULT_LEXICAL, LexicalIndex } from '../../src/indexing/lexical.ts';
import { averageLengths, rank, type Posting } from '../../src/indexing/postgres/bm25.ts';
import { fieldTexts, tokenize } from '../../src/indexing/postgres/tokens.ts';
import { corpus } from '../corpus.ts';

/** The postings, frequencies and statistics the Postgres store keeps, made here from the chunks in memory. */
function stored(chunks: readonly Chunk[], titles: ReadonlyMap<string, string>) {
  const postings: Posting[] = [];
  const frequencies = new Map<string, number[]>();
  const lengths = chunks.map((chunk, ord) => {
    const fields = fieldTexts(chunk, titles.get(chunk.reportId) ?? '').map(tokenize);
    const ofChunk = fields.map((tokens) => new Set(tokens).size);
    fields.forEach((tokens, field) => {
      const counts = new Map<string, number>();
      for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
      for (const [term, frequency] of counts) {
        postings.push({ ord, chunkId: chunk.id, reportId: chunk.reportId, topHeading: chunk.sectionPath[0], term, field, frequency, length: ofChunk[field] ?? 0 });
        const df = frequencies.get(term) ?? [0, 0, 0];
        df[field] = (df[field] ?? 0) + 1;
        frequencies.set(term, df);
      }
    });
    return ofChunk;
  });
  return { postings, frequencies, stats: { documentCount: chunks.length, averageLengths: averageLengths(lengths) } };
}

describe('BM25 as the Postgres store ranks', () => {
  const reports = corpus().reports.slice(0, 6);
  const chunks = chunkReports(reports);
  const titles = new Map(reports.map((r) => [r.id, r.title]));
  const index = LexicalIndex.build(chunks, titles, DEFAULT_LEXICAL);
  const { postings, frequencies, stats } = stored(chunks, titles);
  const postingsOf = (terms: readonly string[], reportIds?: ReadonlySet<string>) => postings.filter((p) => terms.includes(p.term) && (!reportIds || reportIds.has(p.reportId)));
  const questions = ['2024年地区生产总值增长多少？', '粮食产量 粮食', '新能源汽车产量增长', 'GDP growth target 5%', '城市更新 老旧小区改造 老旧小区', '科技创新'];

  it('gives MiniSearch\'s chunks in its order with its scores, to the last bit', () => {
    for (const question of questions) {
      const terms = tokenize(question);
      expect(rank(terms, postingsOf(terms), frequencies, stats, 20)).toEqual(index.query(question, 20));
    }
  });

  it('does so with a weight per report and heading, and within some reports', () => {
    const [first, second] = reports;
    const within = new Set([first?.id ?? '', second?.id ?? '']);
    const weight: PassageWeight = (reportId, heading) => (reportId === first?.id ? 2 : 1) * (heading?.includes('回顾') ? 1.8 : 1);
    for (const question of questions) {
      const terms = tokenize(question);
      expect(rank(terms, postingsOf(terms, within), frequencies, stats, 10, weight)).toEqual(index.query(question, 10, { reportIds: within, weight }));
      expect(rank(terms, postingsOf(terms), frequencies, stats, 10, weight)).toEqual(index.query(question, 10, { weight }));
    }
  });
});
