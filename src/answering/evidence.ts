/**
 * How much of a question a piece of text covers: the IDF-weighted share of the question's tokens it
 * contains. Used to pick the answering sentence and to decide when nothing answers the question.
 */
import type { CorpusIndex } from '../indexing/corpus-index.ts';
import { tokenize } from '../indexing/tokenize.ts';

const YEAR = /(?:19|20)\d{2}\s*年/g;

/** One thing the question names, in any of its written forms, each form the tokens it is written in. */
interface Term {
  forms: string[][];
  weight: number;
}

export interface QueryTerms {
  terms: Term[];
  total: number;
}

/** A Latin letter alone (the `s` of `Hunan's`, the `r` and `d` of `R&D`) names nothing, however rare it is. */
const LETTER = /^[a-z]$/;

/**
 * The topic terms of a question: its tokens, and whole the Chinese terms an English question was given
 * (`phrases`, each in forms like `地区生产总值 生产总值 GDP`). Years are left out, since scoping to the right report
 * already took care of them and the answering sentence seldom repeats them; so are words no report contains,
 * since no passage can cover them: everyday words of a paraphrase (`打工人`, `准妈妈`) would otherwise outweigh
 * every word the reports share with it. On the gold questions this raised paraphrase answers from 0.167
 * to 0.500.
 */
export async function queryTerms(text: string, years: readonly number[], index: CorpusIndex, phrases: readonly string[] = []): Promise<QueryTerms> {
  const skip = new Set(years.map(String));
  // A year splits the text, so that no bigram straddles it (`年经` of `2024年经济`).
  const words = text.replace(YEAR, ' ');
  const asked = new Set([...tokenize(words), ...phrases.flatMap((phrase) => phrase.split(/\s+/).flatMap(tokenize))]);
  const df = await index.terms.tokenFrequencies([...asked]);
  const known = (t: string) => !skip.has(t) && df.has(t) && !LETTER.test(t);
  const n = index.chunkCount;
  const idf = (t: string) => Math.log(1 + (n + 1) / ((df.get(t) ?? 0) + 0.5));
  const terms: Term[] = [];
  const inPhrases = new Set<string>();
  // A term given to an English question counts when a text writes it whole (`覆盖率` is not `森林覆盖率`), and as
  // much as its rarest token, however many bigrams it is written in: `GDP` would otherwise outweigh `R&D` six to one.
  // Of its forms, the commonest sets the weight: `GDP`, which the reports seldom write, is no rarer for that.
  for (const phrase of new Set(phrases)) {
    const forms = phrase.split(/\s+/).map((form) => [...new Set(tokenize(form))].filter(known)).filter((form) => form.length > 0);
    if (forms.length === 0) continue;
    forms.flat().forEach((t) => inPhrases.add(t));
    terms.push({ forms, weight: Math.min(...forms.map((form) => Math.max(...form.map(idf)))) });
  }
  for (const token of new Set(tokenize(words))) {
    if (known(token) && !inPhrases.has(token)) terms.push({ forms: [[token]], weight: idf(token) });
  }
  return { terms, total: terms.reduce((sum, term) => sum + term.weight, 0) };
}

function matched(present: ReadonlySet<string>): (term: Term) => boolean {
  return (term) => term.forms.some((form) => form.every((t) => present.has(t)));
}

export function coverage(text: string, terms: QueryTerms): number {
  if (terms.total === 0) return 0;
  const found = terms.terms.filter(matched(new Set(tokenize(text))));
  return found.reduce((sum, term) => sum + term.weight, 0) / terms.total;
}

/** How many of the question's terms the text contains. */
export function matchedTokens(text: string, terms: QueryTerms): number {
  return terms.terms.filter(matched(new Set(tokenize(text)))).length;
}
