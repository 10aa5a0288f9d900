/**
 * The lexical index of the file store: for each term and field, the chunks holding it and how often, and each
 * chunk's field lengths, ranked by BM25 as MiniSearch scores it (bm25.ts, as the Postgres store ranks). Kept as
 * typed arrays and stored with the build, it is read back in milliseconds; building it from the chunks is what
 * every start did before, for seconds. A search ranks only the chunks that can make the best k (`top-k.ts`), and
 * finds the chunks holding a word through its bigrams' postings.
 */
import { z } from 'zod';
import type { Chunk } from '../domain.ts';
import { averageLengths, fieldBound, type LexicalStats, type Posting } from './bm25.ts';
import type { RankedChunk, SearchScope } from './corpus-index.ts';
import { FIELDS, fieldTexts } from './lexical-settings.ts';
import { IndexUnreadableError } from './store.ts';
import { tokenize } from './tokenize.ts';
import { topChunks, type BuildTerms, type PostingsSource, type TermPosting } from './top-k.ts';

const FIELD_COUNT = FIELDS.length;
const MAGIC = 'ZBLX';
const LAYOUT_VERSION = 1;
const headerSchema = z.object({ version: z.number(), chunks: z.number().int().nonnegative(), terms: z.array(z.string()) });

/**
 * Postings of term `t` in field `f` are `ords`/`frequencies` from `offsets[t * FIELD_COUNT + f]` up to the next
 * offset; `lengths[ord * FIELD_COUNT + f]` is the field's count of distinct tokens in chunk `ord`.
 */
interface Postings {
  terms: string[];
  offsets: Uint32Array;
  ords: Uint32Array;
  frequencies: Uint32Array;
  lengths: Uint32Array;
}

function collect(chunks: readonly Chunk[], titles: ReadonlyMap<string, string>): Postings {
  const termIds = new Map<string, number>();
  const lists: { ords: number[]; frequencies: number[] }[] = [];
  const lengths = new Uint32Array(chunks.length * FIELD_COUNT);
  chunks.forEach((chunk, ord) => {
    fieldTexts(chunk, titles.get(chunk.reportId) ?? '').forEach((text, field) => {
      const counts = new Map<string, number>();
      for (const token of tokenize(text)) counts.set(token, (counts.get(token) ?? 0) + 1);
      lengths[ord * FIELD_COUNT + field] = counts.size;
      for (const [term, frequency] of counts) {
        let id = termIds.get(term);
        if (id === undefined) {
          id = termIds.size;
          termIds.set(term, id);
          for (let f = 0; f < FIELD_COUNT; f++) lists.push({ ords: [], frequencies: [] });
        }
        const list = lists[id * FIELD_COUNT + field];
        list?.ords.push(ord);
        list?.frequencies.push(frequency);
      }
    });
  });
  const offsets = new Uint32Array(lists.length + 1);
  lists.forEach((list, i) => (offsets[i + 1] = (offsets[i] ?? 0) + list.ords.length));
  const total = offsets[lists.length] ?? 0;
  const ords = new Uint32Array(total);
  const frequencies = new Uint32Array(total);
  lists.forEach((list, i) => {
    ords.set(list.ords, offsets[i]);
    frequencies.set(list.frequencies, offsets[i]);
  });
  return { terms: [...termIds.keys()], offsets, ords, frequencies, lengths };
}

const unreadable = (why: string): IndexUnreadableError => new IndexUnreadableError(`the lexical index cannot be read: ${why}`);

/** A view of `count` 32-bit words at `at` of the bytes, copied only when they are not aligned for one. */
function words(bytes: Buffer, at: number, count: number): Uint32Array {
  if (at + count * 4 > bytes.length) throw unreadable('it is shorter than its header says');
  const start = bytes.byteOffset + at;
  return start % 4 === 0 ? new Uint32Array(bytes.buffer, start, count) : new Uint32Array(Uint8Array.prototype.slice.call(bytes, at, at + count * 4).buffer);
}

const aligned = (n: number): number => Math.ceil(n / 4) * 4;

/** The first place in `ords` from `from` up to `to` (ascending) holding `ord` or more. */
function seek(ords: Uint32Array, ord: number, from: number, to: number): number {
  let low = from;
  let high = to;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((ords[middle] ?? 0) < ord) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * A word of two or more unified ideographs (which normalisation leaves alone): a chunk holding it holds each of its
 * bigrams in its text's tokens.
 */
const BIGRAM_WORD = /^[\u3400-\u9fff]{2,}$/;

export class LexicalIndex {
  private readonly termIds: Map<string, number>;
  private readonly stats: LexicalStats;
  /** In how many chunks each term is in each field, and the bound of its part in any chunk's score. */
  readonly terms: BuildTerms;
  /** The places of each report's chunks, `[first, past the last)`, when each report's are one after another. */
  private readonly spans: Map<string, [number, number]> | undefined;

  private constructor(
    private readonly postings: Postings,
    private readonly chunks: readonly Chunk[],
  ) {
    this.termIds = new Map(postings.terms.map((term, id) => [term, id]));
    const ofChunks = chunks.map((_, ord) => Array.from(postings.lengths.subarray(ord * FIELD_COUNT, (ord + 1) * FIELD_COUNT)));
    this.stats = { documentCount: chunks.length, averageLengths: averageLengths(ofChunks) };
    this.terms = this.termStatistics();
    const spans = new Map<string, [number, number]>();
    const apart = chunks.some((chunk, ord) => {
      const span = spans.get(chunk.reportId);
      if (!span) spans.set(chunk.reportId, [ord, ord + 1]);
      else if (span[1] === ord) span[1] = ord + 1;
      else return true;
      return false;
    });
    this.spans = apart ? undefined : spans;
  }

  /** Each term's frequencies by field, and in each its score at its largest frequency in the shortest such field. */
  private termStatistics(): BuildTerms {
    const { terms, offsets, frequencies: counts, ords, lengths } = this.postings;
    const frequencies = new Map<string, number[]>();
    const bounds = new Map<string, number[]>();
    terms.forEach((term, id) => {
      const df: number[] = [];
      const bound: number[] = [];
      for (let field = 0; field < FIELD_COUNT; field++) {
        const from = offsets[id * FIELD_COUNT + field] ?? 0;
        const to = offsets[id * FIELD_COUNT + field + 1] ?? 0;
        df.push(to - from);
        bound.push(0);
        if (to === from) continue;
        let largest = 0;
        let shortest = Number.POSITIVE_INFINITY;
        for (let i = from; i < to; i++) {
          largest = Math.max(largest, counts[i] ?? 0);
          shortest = Math.min(shortest, lengths[(ords[i] ?? 0) * FIELD_COUNT + field] ?? 0);
        }
        bound[field] = fieldBound(field, to - from, largest, shortest, this.stats);
      }
      frequencies.set(term, df);
      bounds.set(term, bound);
    });
    return { frequencies, bounds };
  }

  /** The postings, limited to the chunks of the reports `reportIds` (all when undefined). */
  private source(reportIds?: ReadonlySet<string>): PostingsSource {
    const { offsets, ords, frequencies: counts, lengths } = this.postings;
    const posting = (term: string, field: number, i: number): TermPosting => {
      const ord = ords[i] ?? 0;
      return { ord, term, field, frequency: counts[i] ?? 0, length: lengths[ord * FIELD_COUNT + field] ?? 0 };
    };
    return {
      ofTerms: (units) => {
        // Within reports, only the stretch of each list that holds their chunks is read.
        const spans: [number, number][] = reportIds && this.spans
          ? [...reportIds].flatMap((id) => {
            const span = this.spans?.get(id);
            return span ? [span] : [];
          }).sort((a, b) => a[0] - b[0])
          : [[0, this.chunks.length]];
        const inScope = reportIds && !this.spans ? (ord: number) => reportIds.has(this.chunks[ord]?.reportId ?? '') : () => true;
        const found: TermPosting[] = [];
        for (const { term, field } of units) {
          const id = this.termIds.get(term);
          if (id === undefined) continue;
          const to = offsets[id * FIELD_COUNT + field + 1] ?? 0;
          let at = offsets[id * FIELD_COUNT + field] ?? 0;
          for (const [first, past] of spans) {
            at = seek(ords, first, at, to);
            for (; at < to && (ords[at] ?? 0) < past; at++) if (inScope(ords[at] ?? 0)) found.push(posting(term, field, at));
          }
        }
        return found;
      },
      inChunks: (terms, wanted) => {
        const sorted = [...wanted].sort((a, b) => a - b);
        const found: Posting[] = [];
        for (const term of terms) {
          const id = this.termIds.get(term);
          if (id === undefined) continue;
          for (let field = 0; field < FIELD_COUNT; field++) {
            const to = offsets[id * FIELD_COUNT + field + 1] ?? 0;
            let at = offsets[id * FIELD_COUNT + field] ?? 0;
            for (const ord of sorted) {
              at = seek(ords, ord, at, to);
              const chunk = this.chunks[ord];
              if (at < to && ords[at] === ord && chunk) found.push({ ...posting(term, field, at), chunkId: chunk.id, reportId: chunk.reportId, topHeading: chunk.sectionPath[0] });
            }
          }
        }
        return found;
      },
    };
  }

  /** The chunks whose text may hold every one of the words, in chunk order: all those that do, and maybe others. */
  mayHoldAll(words: readonly string[]): Iterable<number> {
    const tokens = [...new Set(words.filter((word) => BIGRAM_WORD.test(word)).flatMap((word) => tokenize(word)))];
    if (tokens.length === 0) return this.chunks.keys();
    const { offsets, ords } = this.postings;
    const lists: Uint32Array[] = [];
    for (const token of tokens) {
      const id = this.termIds.get(token);
      if (id === undefined) return [];
      lists.push(ords.subarray(offsets[id * FIELD_COUNT] ?? 0, offsets[id * FIELD_COUNT + 1] ?? 0));
    }
    lists.sort((a, b) => a.length - b.length);
    const [shortest, ...others] = lists;
    return (shortest ?? new Uint32Array()).filter((ord) => others.every((list) => list[seek(list, ord, 0, list.length)] === ord));
  }

  static build(chunks: readonly Chunk[], reportTitles: ReadonlyMap<string, string>): LexicalIndex {
    return new LexicalIndex(collect(chunks, reportTitles), chunks);
  }

  /** The index as bytes: a magic word, a JSON header with the terms, then the arrays (little-endian words). */
  encode(): Buffer {
    const { terms, offsets, ords, frequencies, lengths } = this.postings;
    const header = Buffer.from(JSON.stringify({ version: LAYOUT_VERSION, chunks: this.chunks.length, terms }), 'utf8');
    const head = Buffer.alloc(aligned(8 + header.length));
    head.write(MAGIC, 0, 'latin1');
    head.writeUInt32LE(header.length, 4);
    header.copy(head, 8);
    return Buffer.concat([head, ...[lengths, offsets, ords, frequencies].map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength))]);
  }

  /** Reads what `encode` wrote for these chunks; throws IndexUnreadableError when the bytes are not that. */
  static decode(bytes: Buffer, chunks: readonly Chunk[]): LexicalIndex {
    if (bytes.length < 8 || bytes.toString('latin1', 0, 4) !== MAGIC) throw unreadable('it does not start as the lexical index does');
    const headerLength = bytes.readUInt32LE(4);
    if (8 + headerLength > bytes.length) throw unreadable('it is shorter than its header says');
    let header;
    try {
      header = headerSchema.parse(JSON.parse(bytes.toString('utf8', 8, 8 + headerLength)));
    } catch {
      throw unreadable('its header is not the lexical index\'s');
    }
    if (header.version !== LAYOUT_VERSION) throw unreadable(`it is in layout ${header.version}, not ${LAYOUT_VERSION}`);
    if (header.chunks !== chunks.length) throw unreadable(`it indexes ${header.chunks} chunks, not the build's ${chunks.length}`);
    let at = aligned(8 + headerLength);
    const take = (count: number): Uint32Array => {
      const array = words(bytes, at, count);
      at += count * 4;
      return array;
    };
    const lengths = take(chunks.length * FIELD_COUNT);
    const offsets = take(header.terms.length * FIELD_COUNT + 1);
    const total = offsets[offsets.length - 1] ?? 0;
    const ords = take(total);
    const frequencies = take(total);
    if (at !== bytes.length) throw unreadable('it is longer than its header says');
    if (ords.some((ord) => ord >= chunks.length)) throw unreadable('it names chunks the build does not have');
    return new LexicalIndex({ terms: header.terms, offsets, ords, frequencies, lengths }, chunks);
  }

  /**
   * Chunks ranked by BM25, limited to the scope's reports before they are ranked, each score multiplied by the chunk's
   * weight.
   */
  query(text: string, limit: number, scope: SearchScope = {}): RankedChunk[] {
    const { reportIds, weight, weightBound } = scope;
    return topChunks(tokenize(text), this.source(reportIds), this.terms, this.stats, { limit, ...(weight ? { weight } : {}), ...(weightBound ? { weightBound } : {}) });
  }
}
