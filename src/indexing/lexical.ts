/**
 * The lexical index of the file store: for each term and field, the chunks holding it and how often, and each
 * chunk's field lengths, ranked by BM25 as MiniSearch scores it (bm25.ts, as the Postgres store ranks). Kept as
 * typed arrays and stored with the build, it is read back in milliseconds; building it from the chunks is what
 * every start did before, for seconds.
 */
import { z } from 'zod';
import type { Chunk } from '../domain.ts';
import { averageLengths, rank, type LexicalStats, type Posting } from './bm25.ts';
import type { RankedChunk, SearchScope } from './corpus-index.ts';
import { FIELDS, fieldTexts } from './lexical-settings.ts';
import { IndexUnreadableError } from './store.ts';
import { tokenize } from './tokenize.ts';

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

export class LexicalIndex {
  private readonly termIds: Map<string, number>;
  private readonly stats: LexicalStats;

  private constructor(
    private readonly postings: Postings,
    private readonly chunks: readonly Chunk[],
  ) {
    this.termIds = new Map(postings.terms.map((term, id) => [term, id]));
    const ofChunks = chunks.map((_, ord) => Array.from(postings.lengths.subarray(ord * FIELD_COUNT, (ord + 1) * FIELD_COUNT)));
    this.stats = { documentCount: chunks.length, averageLengths: averageLengths(ofChunks) };
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

  /** Chunks ranked by BM25, limited to the scope's reports, each score multiplied by the chunk's weight. */
  query(text: string, limit: number, scope: SearchScope = {}): RankedChunk[] {
    const { reportIds, weight } = scope;
    const { offsets, ords, frequencies: counts, lengths } = this.postings;
    const terms = tokenize(text);
    const postings: Posting[] = [];
    const frequencies = new Map<string, number[]>();
    for (const term of new Set(terms)) {
      const id = this.termIds.get(term);
      if (id === undefined) continue;
      const ofTerm: number[] = [];
      for (let field = 0; field < FIELD_COUNT; field++) {
        const from = offsets[id * FIELD_COUNT + field] ?? 0;
        const to = offsets[id * FIELD_COUNT + field + 1] ?? 0;
        ofTerm.push(to - from);
        for (let i = from; i < to; i++) {
          const ord = ords[i] ?? 0;
          const chunk = this.chunks[ord];
          if (!chunk || (reportIds && !reportIds.has(chunk.reportId))) continue;
          postings.push({ ord, chunkId: chunk.id, reportId: chunk.reportId, topHeading: chunk.sectionPath[0], term, field, frequency: counts[i] ?? 0, length: lengths[ord * FIELD_COUNT + field] ?? 0 });
        }
      }
      frequencies.set(term, ofTerm);
    }
    return rank(terms, postings, frequencies, this.stats, limit, weight);
  }
}
