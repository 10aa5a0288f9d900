/** Splitting Chinese text into sentences and clauses, keeping every character. */

const SENTENCE = /[^。！？；!?;]*(?:[。！？；!?;]+[”’」』）)]*|$)/g;
/** A comma or colon between digits belongs to a number or ratio (`1,200`, `4.3:38.6:57.1`). */
const CLAUSE = /(?:[^，、,：:]|(?<=\d)[,:](?=\d))*(?:[，、,：:]+|$)/g;

function pieces(text: string, pattern: RegExp): string[] {
  return (text.match(pattern) ?? []).filter((piece) => piece.length > 0);
}

export function splitSentences(text: string): string[] {
  return pieces(text, SENTENCE);
}

export function splitClauses(sentence: string): string[] {
  return pieces(sentence, CLAUSE);
}

/** Greedily packs units into runs of at most `max` characters; a unit longer than `max` is cut. */
function pack(units: readonly string[], max: number): string[] {
  const runs: string[] = [];
  let run = '';
  for (const unit of units) {
    if (run && run.length + unit.length > max) {
      runs.push(run);
      run = '';
    }
    if (unit.length > max) {
      for (let i = 0; i < unit.length; i += max) runs.push(unit.slice(i, i + max));
      continue;
    }
    run += unit;
  }
  if (run) runs.push(run);
  return runs;
}

/**
 * Cuts text into pieces of at most `max` characters at sentence, then clause boundaries, aiming at even
 * pieces so that no short tail is left over.
 */
export function splitToLength(text: string, max: number): string[] {
  if (text.length <= max) return [text];
  const units = splitSentences(text).flatMap((s) => (s.length > max ? splitClauses(s) : [s]));
  const even = Math.ceil(text.length / Math.ceil(text.length / max));
  return pack(units, Math.min(max, Math.ceil(even * 1.15)));
}

/** Longest piece of a sentence compared by meaning with a question: a quote's length. */
export const PIECE_CHARS = 110;

/**
 * The sentences of a passage's text as an answer may quote them. Lines of a report's front matter are separate
 * facts; elsewhere a line break is left over from the layout.
 */
export function quotableSentences(text: string, frontMatter = false): string[] {
  const sentences = splitSentences(text.replace(/\n/g, frontMatter ? '，' : ''))
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence.length > 0);
  return joinExclamations(sentences);
}

const EXCLAMATION = /[！!][”’」』）)]*$/;

/**
 * Exclamations in a row are one utterance (`谁…，就打谁的板子！谁…，就换谁的位子！`, thanks to one group after
 * another): one of them alone misquotes it.
 */
function joinExclamations(sentences: readonly string[]): string[] {
  const joined: string[] = [];
  for (const sentence of sentences) {
    const last = joined.length - 1;
    if (last >= 0 && EXCLAMATION.test(joined[last] ?? '') && EXCLAMATION.test(sentence)) joined[last] += sentence;
    else joined.push(sentence);
  }
  return joined;
}

/** A sentence as the pieces compared by meaning: a long one as runs of clauses of a quote's length. */
export function piecesOf(sentence: string): string[] {
  return splitToLength(sentence, PIECE_CHARS);
}
