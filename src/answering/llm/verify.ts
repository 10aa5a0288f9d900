/**
 * Verification of an answer written by a language model, sentence by sentence as it streams in: every citation mark
 * must point at a passage the model was given, and every figure must appear, with its multiplier and sign, in a
 * passage its sentence cites. A sentence that fails is dropped. Sentences that cite nothing (a connecting phrase) are
 * held back until a cited sentence verifies, so that what is shown is always what is finally answered.
 */
import type { Citation, Passage } from '../../domain.ts';

export interface DroppedSentence {
  sentence: string;
  reason: string;
}

export interface Verified {
  /** The sentences that passed, as written, without marks of passages that were not given. */
  answer: string;
  citations: Citation[];
  kept: number;
  dropped: DroppedSentence[];
}

/**
 * A sentence, complete once something other than its citation marks follows it: it runs to its end mark (a dot only
 * when no digit follows, `5.2` being one number) and takes the marks after it.
 */
const COMPLETE_SENTENCE = /^(?:[^。！？!?；;\n.]|\.(?=\d))+(?:[。！？!?；;\n]|\.(?!\d))+(?:\s*\[[\d\s,，、]+\])*(?=\s*[^\s[\d,，、\]])/;
const MARK = /\[([\d\s,，、]+)\]/g;
/** A figure: digits (grouped or decimal), the multipliers and percent sign written after them. */
const FIGURE = /\d+(?:,\d{3})*(?:\.\d+)?\s*(?:万亿|亿|万|千|百)?\s*%?/g;
/** A list number opening a line (`1. `, `2、`), not a figure. */
const LIST_NUMBER = /^\s*\d+[.、)]\s+/;
/** A year stands for the period asked about; the passages often give it only as `去年` or `今年`. */
const YEAR = /^(?:19[5-9]\d|20\d\d)$/;

/** Full-width digits and signs folded and `percent` written `%`: for comparing figures, not for showing. */
function normalise(text: string): string {
  return text.normalize('NFKC').replace(/per cent|percent/gi, '%');
}

/** The figures of a text as keys (`5.2%`, `1.35亿`, `26万`), years left out when asked. */
function figures(text: string, leaveOutYears: boolean): string[] {
  return [...normalise(text).matchAll(FIGURE)]
    .map((m) => m[0].replace(/[\s,]/g, ''))
    .filter((key) => !(leaveOutYears && YEAR.test(key)));
}

/** Whether a passage gives the figure: the same digits, with at least the multiplier and sign the answer writes. */
function gives(passageFigures: readonly string[], figure: string): boolean {
  return passageFigures.some((given) => given === figure || (given.startsWith(figure) && !/^[\d.]/.test(given.slice(figure.length))));
}

function marksIn(text: string): number[] {
  return [...text.matchAll(MARK)].flatMap((m) => (m[1] ?? '').split(/[\s,，、]+/).filter(Boolean).map(Number));
}

export class Verifier {
  readonly #passages: readonly Passage[];
  readonly #figures: string[][];
  readonly #used = new Set<number>();
  readonly #dropped: DroppedSentence[] = [];
  #buffer = '';
  #held = '';
  #shown = '';
  #kept = 0;

  constructor(passages: readonly Passage[]) {
    this.#passages = passages;
    this.#figures = passages.map((p) => figures(p.text, false));
  }

  /** Takes more of the answer; returns what may be shown now. */
  push(text: string): string {
    this.#buffer += text.replace(/【(\d+)】/g, '[$1]');
    let shown = '';
    for (let match = COMPLETE_SENTENCE.exec(this.#buffer); match; match = COMPLETE_SENTENCE.exec(this.#buffer)) {
      const separator = /^\s*/.exec(this.#buffer.slice(match[0].length))?.[0] ?? '';
      this.#buffer = this.#buffer.slice(match[0].length + separator.length);
      shown += this.#check(match[0], separator);
    }
    return shown;
  }

  /** The answer has ended: returns the rest that may be shown. Held sentences are shown only after a cited one. */
  end(): string {
    const rest = this.#buffer.trim() ? this.#check(this.#buffer.trim(), '') : '';
    this.#buffer = '';
    const held = this.#used.size > 0 ? this.#held : '';
    this.#held = '';
    this.#shown += held;
    return `${rest}${held}`;
  }

  result(): Verified {
    const citations = [...this.#used].sort((a, b) => a - b).flatMap((n) => {
      const passage = this.#passages[n - 1];
      return passage ? [{ n, ...passage }] : [];
    });
    return { answer: this.#shown.trim(), citations, kept: this.#kept, dropped: [...this.#dropped] };
  }

  /** The sentence as it may be shown (with what was held before it), or nothing when it is dropped or held. */
  #check(written: string, separator: string): string {
    const sentence = written.replace(LIST_NUMBER, '');
    const marks = marksIn(sentence);
    const valid = [...new Set(marks.filter((n) => n >= 1 && n <= this.#passages.length))];
    if (marks.length > 0 && valid.length === 0) {
      this.#dropped.push({ sentence: sentence.trim(), reason: `cites passage ${marks.join(', ')}, which was not given` });
      return '';
    }
    const cleaned = sentence.replace(MARK, (_mark, inside: string) => {
      const ns = inside.split(/[\s,，、]+/).filter(Boolean).map(Number).filter((n) => valid.includes(n));
      return ns.length > 0 ? `[${ns.join('][')}]` : '';
    });
    const unsupported = figures(cleaned.replace(MARK, ' '), true).filter((f) => !valid.some((n) => gives(this.#figures[n - 1] ?? [], f)));
    if (unsupported.length > 0) {
      const where = valid.length > 0 ? `in passage ${valid.join(', ')}` : 'cited';
      this.#dropped.push({ sentence: sentence.trim(), reason: `${unsupported.join(', ')} is not ${where}` });
      return '';
    }
    this.#kept++;
    if (valid.length === 0) {
      this.#held += `${cleaned}${separator}`;
      return '';
    }
    for (const n of valid) this.#used.add(n);
    const shown = `${this.#held}${cleaned}${separator}`;
    this.#held = '';
    this.#shown += shown;
    return shown;
  }
}

/** The whole answer verified at once. */
export function verifyAnswer(text: string, passages: readonly Passage[]): Verified {
  const verifier = new Verifier(passages);
  verifier.push(text);
  verifier.end();
  return verifier.result();
}
