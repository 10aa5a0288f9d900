/** BM25 over Chinese word tokens (MiniSearch), with section and report titles as context of each chunk. */
import MiniSearch, { type Options } from 'minisearch';
import { formatSectionPath, type Chunk } from '../domain.ts';
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
  text: string;
  section: string;
  title: string;
}

export interface LexicalHit {
  chunkId: string;
  score: number;
}

function options(settings: LexicalSettings): Options<LexicalDocument> {
  return {
    fields: ['text', 'section', 'title'],
    storeFields: ['reportId'],
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
        text: chunk.text,
        section: formatSectionPath(chunk.sectionPath),
        title: reportTitles.get(chunk.reportId) ?? '',
      })),
    );
    return new LexicalIndex(search, settings);
  }

  /**
   * Chunks ranked by BM25. `reportIds` limits the search to those reports; `weight` multiplies the score of
   * a chunk.
   */
  query(
    text: string,
    limit: number,
    scope: { reportIds?: ReadonlySet<string>; weight?: (chunkId: string) => number } = {},
  ): LexicalHit[] {
    const { reportIds, weight } = scope;
    const results = this.search.search(text, {
      ...(reportIds ? { filter: (result) => reportIds.has(result.reportId as string) } : {}),
      ...(weight ? { boostDocument: (id) => weight(id as string) } : {}),
    });
    return results.slice(0, limit).map((result) => ({ chunkId: result.id as string, score: result.score }));
  }
}
