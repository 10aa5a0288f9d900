/**
 * The Chinese words of a text as ICU's dictionary segments them. Each word of the corpus is embedded at ingest,
 * so that an English question can be compared with the words of a sentence, not only with the sentence whole.
 */
const SEGMENTER = new Intl.Segmenter('zh', { granularity: 'word' });
/** Two Chinese characters or more: single characters and numbers say little of a topic. */
const WORD = /^[\u4e00-\u9fff]{2,}$/;
/** The longest word ICU finds in the reports has 5 characters. */
const LONGEST_WORD = 5;

export function chineseWords(text: string): string[] {
  const words = new Set<string>();
  for (const { segment, isWordLike } of SEGMENTER.segment(text)) if (isWordLike && WORD.test(segment)) words.add(segment);
  return [...words];
}

/** Every run of 2 to 5 characters of the texts: all the vocabulary words `knownWordsIn` can find in them. */
export function wordsWithin(texts: readonly string[]): string[] {
  const runs = new Set<string>();
  for (const text of texts) {
    for (let start = 0; start < text.length - 1; start++) {
      for (let length = 2; length <= LONGEST_WORD && start + length <= text.length; length++) runs.add(text.slice(start, start + length));
    }
  }
  return [...runs];
}

/** The words of a vocabulary that a text contains anywhere: a lookup of its substrings, faster than segmenting. */
export function knownWordsIn(text: string, vocabulary: ReadonlyMap<string, unknown>): string[] {
  const found = new Set<string>();
  for (let start = 0; start < text.length - 1; start++) {
    for (let length = 2; length <= LONGEST_WORD && start + length <= text.length; length++) {
      const word = text.slice(start, start + length);
      if (vocabulary.has(word)) found.add(word);
    }
  }
  return [...found];
}
