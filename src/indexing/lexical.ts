/** BM25 over Chinese word tokens (MiniSearch), with section and report titles as context of each chunk. */
import MiniSearch, { type Options } from 'minisearch';
import { formatSectionPath, type Chunk } from '../domain.ts';
import type { RankedChunk, SearchScope } from './corpus-index.ts';
import { tokenize } from './tokenize.ts';

export interface LexicalSettings {
  tokenizer: 'bigram';
  /** Field weights: the chunk text counts most, its headings and report title add context. */
  boost: { text: number; section: number; title: number };
}

export const DEFAULT_LEXICAL: LexicalSettings = {
  tokenizer: 'bigram',
  boost: { text: 1, section: 0.6, title: 0.2 },
};

interface LexicalDocument {
  id: string;
  reportId: string;
  topHeading: string | undefined;
  text: string;
  section: string;
  title: string;
}

function options(settings: LexicalSettings): Options<LexicalDocument> {
  return {
    fields: ['text', 'section', 'title'],
    storeFields: ['reportId', 'topHeading'],
    tokenize,
    processTerm: (term) => term,
    searchOptions: { boost: settings.boost, combineWith: 'OR' },
  };
}

export class LexicalIndex {
  private constructor(
    private readonly search: MiniSearch<LexicalDocument>,
    readonly settings: LexicalSettings,
  ) {}

  static build(chunks: readonly Chunk[], reportTitles: ReadonlyMap<string, string>, settings: LexicalSettings) {
    const search = new MiniSearch<LexicalDocument>(options(settings));
    search.addAll(
      chunks.map((chunk) => ({
        id: chunk.id,
        reportId: chunk.reportId,
        topHeading: chunk.sectionPath[0],
        text: chunk.text,
        section: formatSectionPath(chunk.sectionPath),
        title: reportTitles.get(chunk.reportId) ?? '',
      })),
    );
    return new LexicalIndex(search, settings);
  }

  /** Chunks ranked by BM25, limited to the scope's reports, each score multiplied by the chunk's weight. */
  query(text: string, limit: number, scope: SearchScope = {}): RankedChunk[] {
    const { reportIds, weight } = scope;
    // BM25 asks for a chunk's weight once per matching term.
    const weights = new Map<string, number>();
    const chunkWeight = weight
      ? (id: string, stored: Record<string, unknown> | undefined): number => {
          let w = weights.get(id);
          if (w === undefined) {
            w = stored ? weight(stored.reportId as string, stored.topHeading as string | undefined) : 1;
            weights.set(id, w);
          }
          return w;
        }
      : undefined;
    const results = this.search.search(text, {
      ...(reportIds ? { filter: (result) => reportIds.has(result.reportId as string) } : {}),
      ...(chunkWeight ? { boostDocument: (id, _term, stored) => chunkWeight(id as string, stored) } : {}),
    });
    return results.slice(0, limit).map((result) => ({ chunkId: result.id as string, score: result.score }));
  }
}
