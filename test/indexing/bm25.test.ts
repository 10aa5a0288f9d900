/**
 * Both stores rank lexically with one BM25 (src/indexing/bm25.ts), held here to MiniSearch's, the library that
 * first ranked this product's chunks: the same chunks in the same order with the same scores, to the last bit.
 */
import MiniSearch from 'minisearch';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chunkReports } from '../../src/chunking/chunk.ts';
import { PROJECT_ROOT } from '../../src/config.ts';
import type { Chunk } from '../../src/domain.ts';
import { readGold } from '../../src/evaluation/gold.ts';
import type { Report } from '../../src/domain.ts';
import { averageLengths, rank, TermCounter, type Posting } from '../../src/indexing/bm25.ts';
import type { PassageWeight, RankedChunk, SearchScope } from '../../src/indexing/corpus-index.ts';
import { LexicalIndex } from '../../src/indexing/lexical.ts';
import { DEFAULT_LEXICAL, fieldTexts } from '../../src/indexing/lexical-settings.ts';
import { IndexUnreadableError } from '../../src/indexing/store.ts';
import { tokenize } from '../../src/indexing/tokenize.ts';
import { topChunks, type PostingsSource } from '../../src/indexing/top-k.ts';
import { corpus } from '../corpus.ts';

interface Document {
  id: string;
  reportId: string;
  topHeading: string | undefined;
  text: string;
  section: string;
  title: string;
}

/** MiniSearch over the chunks' three fields with the product's tokens and boosts. */
function miniSearch(chunks: readonly Chunk[], titles: ReadonlyMap<string, string>) {
  const search = new MiniSearch<Document>({
    fields: ['text', 'section', 'title'],
    storeFields: ['reportId', 'topHeading'],
    tokenize,
    processTerm: (term) => term,
    searchOptions: { boost: DEFAULT_LEXICAL.boost, combineWith: 'OR' },
  });
  search.addAll(chunks.map((chunk) => {
    const [text, section, title] = fieldTexts(chunk, titles.get(chunk.reportId) ?? '');
    return { id: chunk.id, reportId: chunk.reportId, topHeading: chunk.sectionPath[0], text, section, title };
  }));
  return (text: string, limit: number, { reportIds, weight }: SearchScope = {}): RankedChunk[] =>
    search.search(text, {
      ...(reportIds ? { filter: (result) => reportIds.has(result.reportId as string) } : {}),
      ...(weight ? { boostDocument: (_id, _term, stored) => weight(stored?.reportId as string, stored?.topHeading as string | undefined) } : {}),
    }).slice(0, limit).map((result) => ({ chunkId: result.id as string, score: result.score }));
}

/** The postings, frequencies and statistics the Postgres store keeps, made here from the chunks in memory. */
function stored(chunks: readonly Chunk[], titles: ReadonlyMap<string, string>) {
  const postings: Posting[] = [];
  const counter = new TermCounter();
  const lengths = chunks.map((chunk, ord) => {
    const fields = fieldTexts(chunk, titles.get(chunk.reportId) ?? '').map(tokenize);
    const ofChunk = fields.map((tokens) => new Set(tokens).size);
    fields.forEach((tokens, field) => {
      const counts = new Map<string, number>();
      for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
      for (const [term, frequency] of counts) {
        postings.push({ ord, chunkId: chunk.id, reportId: chunk.reportId, topHeading: chunk.sectionPath[0], term, field, frequency, length: ofChunk[field] ?? 0 });
        counter.add(term, field, frequency, ofChunk[field] ?? 0);
      }
    });
    return ofChunk;
  });
  const stats = { documentCount: chunks.length, averageLengths: averageLengths(lengths) };
  return { postings, frequencies: counter.frequencies, bounds: counter.bounds(stats), stats };
}

/** A source reading the stored postings as the Postgres store reads its table, counting the postings it reads. */
function storedSource(postings: readonly Posting[], reportIds?: ReadonlySet<string>) {
  const inScope = (p: Posting) => !reportIds || reportIds.has(p.reportId);
  const read = { postings: 0 };
  const source: PostingsSource = {
    ofTerms: (units) => {
      const found = postings.filter((p) => units.some((u) => u.term === p.term && u.field === p.field) && inScope(p));
      read.postings += found.length;
      return found;
    },
    inChunks: (terms, ords) => {
      const wanted = new Set(ords);
      const found = postings.filter((p) => wanted.has(p.ord) && terms.includes(p.term));
      read.postings += found.length;
      return found;
    },
  };
  return { source, read };
}

/** Each report copied `times` over under ids of its own: chunks tie in score with their copies. */
function copied(reports: readonly Report[], times: number): Report[] {
  return Array.from({ length: times }, (_, copy) => reports.map((r) => (copy === 0 ? r : { ...r, id: `${r.id}-copy${copy}` }))).flat();
}

const questions = ['2024年地区生产总值增长多少？', '粮食产量 粮食', '新能源汽车产量增长', 'GDP growth target 5%', '城市更新 老旧小区改造 老旧小区', '科技创新'];
const weight: (first: string | undefined) => PassageWeight = (first) => (reportId, heading) => (reportId === first ? 2 : 1) * (heading?.includes('回顾') ? 1.8 : 1);

describe('BM25 as the Postgres store ranks', () => {
  const reports = corpus().reports.slice(0, 6);
  const chunks = chunkReports(reports);
  const titles = new Map(reports.map((r) => [r.id, r.title]));
  const reference = miniSearch(chunks, titles);
  const { postings, frequencies, stats } = stored(chunks, titles);
  const postingsOf = (terms: readonly string[], reportIds?: ReadonlySet<string>) => postings.filter((p) => terms.includes(p.term) && (!reportIds || reportIds.has(p.reportId)));

  it('gives MiniSearch\'s chunks in its order with its scores, to the last bit', () => {
    for (const question of questions) {
      const terms = tokenize(question);
      expect(rank(terms, postingsOf(terms), frequencies, stats, 20)).toEqual(reference(question, 20));
    }
  });

  it('does so with a weight per report and heading, and within some reports', () => {
    const [first, second] = reports;
    const within = new Set([first?.id ?? '', second?.id ?? '']);
    for (const question of questions) {
      const terms = tokenize(question);
      expect(rank(terms, postingsOf(terms, within), frequencies, stats, 10, weight(first?.id))).toEqual(reference(question, 10, { reportIds: within, weight: weight(first?.id) }));
      expect(rank(terms, postingsOf(terms), frequencies, stats, 10, weight(first?.id))).toEqual(reference(question, 10, { weight: weight(first?.id) }));
    }
  });
});

describe('the file store\'s lexical index', () => {
  const { reports } = corpus();
  const chunks = chunkReports(reports);
  const titles = new Map(reports.map((r) => [r.id, r.title]));
  const built = LexicalIndex.build(chunks, titles);
  const bytes = built.encode();
  const read = LexicalIndex.decode(bytes, chunks);
  const reference = miniSearch(chunks, titles);
  const gold = readGold(resolve(PROJECT_ROOT, 'eval/gold.jsonl')).items.map((item) => item.question);

  it('ranks every gold question over the whole corpus as MiniSearch does, built or read back from its bytes', async () => {
    expect(gold.length).toBeGreaterThan(400);
    for (const question of gold) {
      const expected = reference(question, 30);
      expect(await built.query(question, 30)).toEqual(expected);
      expect(await read.query(question, 30)).toEqual(expected);
    }
  });

  it('does so within reports and with weights', async () => {
    const [first, second] = reports;
    const scope = { reportIds: new Set([first?.id ?? '', second?.id ?? '']), weight: weight(first?.id), weightBound: 3.6 };
    for (const question of gold.slice(0, 100)) expect(await read.query(question, 10, scope)).toEqual(reference(question, 10, scope));
  });

  it('finds every chunk whose text holds some words, reading only those holding their bigrams', () => {
    for (const words of [['新能源汽车'], ['老旧小区', '改造'], ['粮食产量'], ['数字经济', '人工智能']]) {
      const holding = chunks.flatMap((chunk, ord) => (words.every((word) => chunk.text.includes(word)) ? [ord] : []));
      const candidates = [...read.mayHoldAll(words)];
      expect(holding.length).toBeGreaterThan(0);
      expect(holding.every((ord) => candidates.includes(ord))).toBe(true);
      expect(candidates.length).toBeLessThan(chunks.length / 4);
    }
  });

  it('refuses bytes that are not its own, cut short, or made for other chunks', () => {
    expect(() => LexicalIndex.decode(Buffer.from('not an index'), chunks)).toThrow(IndexUnreadableError);
    expect(() => LexicalIndex.decode(bytes.subarray(0, bytes.length - 4), chunks)).toThrow(/shorter|longer/);
    expect(() => LexicalIndex.decode(bytes, chunks.slice(1))).toThrow(/chunks/);
  });
});

describe('the best k of chunks copied ten times over, found without ranking them all', () => {
  const reports = copied(corpus().reports.slice(0, 6), 10);
  const chunks = chunkReports(reports);
  const titles = new Map(reports.map((r) => [r.id, r.title]));
  const reference = miniSearch(chunks, titles);
  const { postings, frequencies, bounds, stats } = stored(chunks, titles);
  const [first] = reports;
  const within = new Set([first?.id ?? '', reports[7]?.id ?? '', reports[20]?.id ?? '']);
  const scopes: [string, SearchScope][] = [
    ['the whole corpus', {}],
    ['some reports', { reportIds: within }],
    ['a weight per report and heading', { weight: weight(first?.id), weightBound: 3.6 }],
    ['a weight with no bound given', { weight: weight(first?.id) }],
  ];

  it.each(scopes)('are MiniSearch\'s, over %s, with each term\'s bound stored or known from its frequencies alone', async (_, scope) => {
    for (const question of [...questions, '发展', '推进高质量发展 增长']) {
      for (const limit of [1, 10, 60]) {
        const expected = reference(question, limit, scope);
        for (const known of [bounds, new Map<string, number[]>()]) {
          const { source } = storedSource(postings, scope.reportIds);
          expect(await topChunks(tokenize(question), source, { frequencies, bounds: known }, stats, { limit, ...scope })).toEqual(expected);
        }
      }
    }
  });

  it('read the postings of common tokens only for the chunks that can be among them', async () => {
    for (const question of ['推进高质量发展 新能源汽车', '新能源汽车产业发展', '发展 增长 粮食产量', '老旧小区改造']) {
      const terms = tokenize(question);
      const { source, read } = storedSource(postings);
      await topChunks(terms, source, { frequencies, bounds }, stats, { limit: 10 });
      expect(read.postings).toBeLessThan(postings.filter((p) => terms.includes(p.term)).length / 2);
    }
  });
});
