/** The text embedded for a chunk: its own text, or with its report title and section path in front. */
import type { Chunk } from '../domain.ts';

export type PassageContext = 'text' | 'title-section';

/**
 * The chunk's own text: measured against title and section path in front (same model, hybrid retrieval), it
 * raised answer accuracy from 0.839 to 0.853 on the gold questions and from 0.625 to 0.714 on the held-out
 * ones, and dense Recall@1 from 0.620 to 0.729 on the gold ones. A shared heading makes every chunk of a
 * report look alike.
 */
export const DEFAULT_PASSAGE_CONTEXT: PassageContext = 'text';

export function passageText(chunk: Chunk, reportTitle: string, context: PassageContext): string {
  if (context === 'text') return chunk.text;
  const headings = [reportTitle, ...chunk.sectionPath].filter((h) => h.length > 0).join(' > ');
  return `${headings}\n${chunk.text}`;
}
