/** The text embedded for a chunk: its own text, or with its report title and section path in front. */
import type { Chunk } from '../domain.ts';

export type PassageContext = 'text' | 'title-section';

/** Not yet compared with `text` on the gold questions. */
export const DEFAULT_PASSAGE_CONTEXT: PassageContext = 'title-section';

export function passageText(chunk: Chunk, reportTitle: string, context: PassageContext): string {
  if (context === 'text') return chunk.text;
  const headings = [reportTitle, ...chunk.sectionPath].filter((h) => h.length > 0).join(' > ');
  return `${headings}\n${chunk.text}`;
}
