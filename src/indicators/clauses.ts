/**
 * A chunk's text as sentences and clauses, with their places in it, so that every quote is a slice of the chunk.
 * A clause ends at a comma, semicolon or colon: the figures of a list of targets are one clause each, while the
 * sentence keeps what introduces them (`主要预期目标是：`).
 */

export interface Clause {
  /** Where the clause starts and ends in the chunk's text, without the punctuation that ends it. */
  start: number;
  end: number;
  /** Where its sentence starts: what comes between is the clause's lead-in. */
  sentenceStart: number;
  /** Where its sentence ends. */
  sentenceEnd: number;
}

const SENTENCE_END = /[。！？!?\n]/g;
/** A comma between digits belongs to a number (`1,200`). */
const CLAUSE_END = /[，；;：:]|(?<!\d),(?!\d)/g;

function boundaries(text: string, pattern: RegExp, from: number, to: number): number[] {
  const found: number[] = [];
  for (const match of text.slice(from, to).matchAll(pattern)) found.push(from + (match.index ?? 0));
  return found;
}

export function clausesOf(text: string): Clause[] {
  const clauses: Clause[] = [];
  let sentenceStart = 0;
  for (const sentenceEnd of [...boundaries(text, SENTENCE_END, 0, text.length), text.length]) {
    let start = sentenceStart;
    for (const end of [...boundaries(text, CLAUSE_END, sentenceStart, sentenceEnd), sentenceEnd]) {
      if (end > start) clauses.push({ start, end, sentenceStart, sentenceEnd });
      start = end + 1;
    }
    sentenceStart = sentenceEnd + 1;
  }
  return clauses;
}
