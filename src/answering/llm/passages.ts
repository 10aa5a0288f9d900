/** Passages and conversations as a language model reads them: numbered, with their report, year and section. */
import type { Passage } from '../../domain.ts';

/** A passage cannot close its own quotation early: the closing tag is taken out of the report's text. */
const CLOSING = /<\/?passage[^>]*>/gi;

export function formatPassages(passages: readonly Passage[]): string {
  return passages
    .map((p, i) => [`<passage n="${i + 1}">`, `${p.report}（${p.year}年）· ${p.section || '报告开头'}`, p.text.replace(CLOSING, ''), '</passage>'].join('\n'))
    .join('\n\n');
}

export function formatConversation(turns: readonly { question: string; answer?: string | undefined }[]): string {
  return turns.map((t) => `User: ${t.question}${t.answer ? `\nAssistant: ${t.answer}` : ''}`).join('\n');
}
