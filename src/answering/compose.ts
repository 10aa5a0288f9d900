/**
 * The extractive answer: each sentence the decision chose, quoted exactly as the source writes it, said whose it is
 * and from which report, and followed by the mark of its citation.
 */
import type { Citation, Passage } from '../domain.ts';
import { NOTE_MARKER, type NoteLookup } from './notes.ts';
import { quoted, type Language } from './wording.ts';

export interface Composition {
  answer: string;
  citations: Citation[];
}

/** One part of an answer: a quote and where it is from, or what a refused part found missing. */
export type AnswerPart = { label: string; text: string; passage: Passage; also?: readonly Passage[] } | { label: string; refusal: string };

export function tidy(extract: string): string {
  return extract.replace(/[，、,：:；;]+$/, '').trim();
}

const SEPARATOR: Record<Language, string> = { zh: '；', en: '; ' };

/** The answer quoting each part's sentence, each followed by the mark of its citation. */
export function composeAnswer(parts: readonly AnswerPart[], language: Language, notes: NoteLookup): Composition {
  const citations: Citation[] = [];
  const cite = (passage: Passage): number => {
    let citation = citations.find((c) => c.chunkId === passage.chunkId);
    if (!citation) {
      citation = { n: citations.length + 1, ...passage };
      citations.push(citation);
    }
    return citation.n;
  };
  const texts = parts.map((part) => {
    if ('refusal' in part) return part.label ? `${part.label}${language === 'zh' ? '：' : ': '}${part.refusal}` : part.refusal;
    const n = cite(part.passage);
    const more = (part.also ?? []).map((p) => `[${cite(p)}]`).join('');
    // A note marker gives way to what the note says, cited to the note. A marker without a note, or opening
    // the very note being quoted, is dropped.
    const text = tidy(part.text).replace(NOTE_MARKER, (_, marker: string) => {
      const note = notes(part.passage.reportId, Number(marker));
      if (!note || note.passage.chunkId === part.passage.chunkId) return '';
      return `（${note.definition}[${cite(note.passage)}]）`;
    });
    return quoted(part.passage, text, `[${n}]${more}`, language, parts.length > 1 ? part.label : '');
  });
  return { answer: texts.join(SEPARATOR[language]), citations };
}
