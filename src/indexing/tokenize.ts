/**
 * Tokens for the lexical index: numbers and years are whole tokens, Latin words are kept, and Chinese
 * runs become overlapping character bigrams. Bigrams retrieved better on the gold questions than jieba
 * words or Intl.Segmenter words (see README), and need no dictionary.
 */

const PIECES = /(\d+(?:\.\d+)?)|([a-z][a-z0-9.]*)|([\u3400-\u9fff\uf900-\ufaff]+)/g;

/** Latin function words and question words that carry no topic. */
const STOPWORDS = new Set(
  'the a an of in on at to for and or is are was were be by with what which how many much did does do its it that this as from'.split(
    ' ',
  ),
);

function bigrams(run: string): string[] {
  if (run.length === 1) return [run];
  const grams: string[] = [];
  for (let i = 0; i + 1 < run.length; i++) grams.push(run.slice(i, i + 2));
  return grams;
}

export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const match of text.normalize('NFKC').toLowerCase().matchAll(PIECES)) {
    const [, number, latin, chinese] = match;
    if (number) tokens.push(number);
    else if (latin && !STOPWORDS.has(latin)) tokens.push(latin.replace(/\.$/, ''));
    else if (chinese) tokens.push(...bigrams(chinese));
  }
  return tokens;
}
