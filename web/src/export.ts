/**
 * A conversation as a file to keep: Markdown, each answer's citations as footnotes quoting the report, section and
 * passage; or JSON, the turns with their answers, citations, filters and feedback.
 */
import type { StoredConversation } from './conversations-store.ts';

/** Characters of a cited passage quoted in a footnote. */
const FOOTNOTE_QUOTE = 200;

function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/** `[n]` marks as footnote references unique to the turn (`[^2-1]`), and the footnotes they point to. */
export function toMarkdown(conversation: StoredConversation): string {
  const lines = [`# ${conversation.title}`, ''];
  conversation.turns.forEach((turn, i) => {
    const t = i + 1;
    lines.push(`**问 / Q：** ${turn.question}`, '');
    const result = turn.result;
    if (!result) {
      lines.push('*（没有回答 / no answer）*', '');
      return;
    }
    const cited = new Set(result.citations.map((c) => c.n));
    const body = result.answer.replace(/\[(\d+)\]/g, (mark, n: string) => (cited.has(Number(n)) ? `[^${t}-${n}]` : mark));
    lines.push(`**答 / A：** ${body}`, '');
    for (const c of result.citations) lines.push(`[^${t}-${c.n}]: ${c.report}，${c.section}：“${clip(c.text, FOOTNOTE_QUOTE)}”`);
    if (result.citations.length > 0) lines.push('');
  });
  return `${lines.join('\n').trimEnd()}\n`;
}

export function toJson(conversation: StoredConversation): string {
  const turns = conversation.turns.map((turn) => ({
    question: turn.question,
    ...(turn.filter ? { filter: turn.filter } : {}),
    answer: turn.result?.answer ?? null,
    refused: turn.result?.refused ?? null,
    citations: turn.result?.citations ?? [],
    ...(turn.feedback ? { feedback: turn.feedback } : {}),
  }));
  return `${JSON.stringify({ title: conversation.title, exportedAt: new Date().toISOString(), turns }, null, 2)}\n`;
}

/** A file name from the title, safe on every system. */
export function fileName(conversation: StoredConversation, extension: string): string {
  const base = conversation.title.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 60) || 'conversation';
  return `${base}.${extension}`;
}

export function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
