/**
 * The lexical index's tokens as PostgreSQL keeps them: a `tsvector` written from the tokens themselves, each with
 * its positions, so that the database neither splits nor folds them again (the `simple` configuration's parser
 * would read `5.2%` or `e.g.` its own way), and BM25 reads the term frequencies MiniSearch counts.
 */
import { tokenize } from '../tokenize.ts';

/** What tsvector can hold: positions up to 16383, 256 of them per token. */
const MAX_POSITION = 16_383;
const MAX_POSITIONS = 256;

function quoted(token: string): string {
  return `'${token.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** The tokens of a text as a tsvector literal, each with the positions it stands at (from 1). */
export function tsvectorOf(tokens: readonly string[]): string {
  if (tokens.length > MAX_POSITION) throw new Error(`a field of ${tokens.length} tokens is longer than PostgreSQL's text search keeps`);
  const positions = new Map<string, number[]>();
  tokens.forEach((token, i) => {
    const at = positions.get(token);
    if (at) at.push(i + 1);
    else positions.set(token, [i + 1]);
  });
  return [...positions].map(([token, at]) => {
    if (at.length > MAX_POSITIONS) throw new Error(`the token ${token} occurs more often in one field than PostgreSQL's text search counts`);
    return `${quoted(token)}:${at.join(',')}`;
  }).join(' ');
}

/** The tokens a word is written in, one after the other: a chunk holding the word holds this phrase. */
export function phraseOf(word: string): string {
  return tokenize(word).map(quoted).join(' <-> ');
}

/** Chinese characters as tokens are made of; of these, [\u3400-\u9fff] are left as they are by normalizing. */
const TOKEN_CHINESE = /[\u3400-\u9fff\uf900-\ufaff]/;
const TWO_CHARACTERS = /^[\u3400-\u9fff]{2}$/;

/**
 * Whether normalizing a text, as tokenizing does, turns one of its characters into a Chinese character (a
 * compatibility ideograph, a Kangxi radical): where none does, a word of two Chinese characters is written in the text
 * exactly when the text's tokens hold it as a token.
 */
export function textDiffersFromTokens(text: string): boolean {
  for (const character of text) {
    const normal = character.normalize('NFKC');
    if (normal !== character && TOKEN_CHINESE.test(normal)) return true;
  }
  return false;
}

/** Whether a word is a token of its own: two Chinese characters that normalizing leaves as they are. */
export function isOwnToken(word: string): boolean {
  return TWO_CHARACTERS.test(word);
}

export { tokenize };
