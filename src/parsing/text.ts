/** Character-level helpers shared by the parsing stage. */

/** A line of its own between two pages of a PDF's text (a form feed, as `pdftotext` writes it). */
export const PAGE_BREAK = '\f';

const CJK = '\\u3400-\\u9fff\\uf900-\\ufaff';
/** Full-width punctuation and symbols that sit between CJK characters without spaces. */
const CJK_PUNCT = '\\u3000-\\u303f\\uff00-\\uffef\\u2014\\u2018\\u2019\\u201c\\u201d\\u2026\\u00b7';

const SPACE_AFTER_WIDE = new RegExp(`([${CJK}${CJK_PUNCT}])[ \\t\\u00a0\\u3000]+(?=[^\\s])`, 'g');
const SPACE_BEFORE_WIDE = new RegExp(`([^\\s])[ \\t\\u00a0\\u3000]+(?=[${CJK}${CJK_PUNCT}])`, 'g');
const SPACE_BEFORE_PERCENT = /(\d)[ \t]+(?=[%‰])/g;

/**
 * Removes the spaces PDF extraction and letter-spaced print put between Chinese characters and next to
 * numbers (`增长 6%` → `增长6%`, `政 府 工 作` → `政府工作`), keeping spaces between Latin words.
 */
export function collapseCjkSpaces(text: string): string {
  return text
    .replace(SPACE_AFTER_WIDE, '$1')
    .replace(SPACE_BEFORE_WIDE, '$1')
    .replace(SPACE_BEFORE_PERCENT, '$1')
    .replace(/[ \t\u00a0]{2,}/g, ' ')
    .trim();
}

/**
 * Two pieces of a line wrapped in print, joined: Chinese joins with nothing between, Latin words with a space, and a
 * word hyphenated at the wrap loses its hyphen (`develop-` / `ment`).
 */
export function joinWrappedLines(before: string, after: string): string {
  if (/[A-Za-z]-$/.test(before) && /^[a-z]/.test(after)) return before.slice(0, -1) + after;
  const needsSpace = /[A-Za-z0-9]$/.test(before) && /^[A-Za-z]/.test(after);
  return before + (needsSpace ? ' ' : '') + after;
}

const SENTENCE_END = /[。！？!?；;…]$/;
const CLAUSE_END = /[：:]$/;
const CLOSER_AFTER_END = /[。！？!?；;…][”’」』）)\]】》]+$/;

/** Whether a line ends where a sentence (or a lead-in ending with a colon) ends. */
export function endsSentence(line: string): boolean {
  const t = line.trimEnd();
  return SENTENCE_END.test(t) || CLAUSE_END.test(t) || CLOSER_AFTER_END.test(t);
}

const PUNCTUATION = /[，。、；：！？,;:!?“”"（）()《》【】—…·]/;

export function hasPunctuation(text: string): boolean {
  return PUNCTUATION.test(text);
}

export const CHINESE_NUMERAL = '[一二三四五六七八九十]{1,3}';

/** Normalised form used for hashing and matching: no whitespace, full-width folded to half-width. */
export function foldForMatch(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, '');
}

export function isCjkChar(ch: string): boolean {
  return new RegExp(`^[${CJK}]$`).test(ch);
}
