/** What the lexical index reads of each chunk, and how much each part counts. */
import { formatSectionPath, type Chunk } from '../domain.ts';

export interface LexicalSettings {
  tokenizer: 'bigram';
  /** Field weights: the chunk text counts most, its headings and report title add context. */
  boost: { text: number; section: number; title: number };
}

export const DEFAULT_LEXICAL: LexicalSettings = {
  tokenizer: 'bigram',
  boost: { text: 1, section: 0.6, title: 0.2 },
};

/** The fields the lexical index reads, in its order: the chunk's text, its section path, its report's title. */
export const FIELDS = ['text', 'section', 'title'] as const;

export function fieldTexts(chunk: Chunk, title: string): [string, string, string] {
  return [chunk.text, formatSectionPath(chunk.sectionPath), title];
}
