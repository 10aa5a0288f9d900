/**
 * The words of a question's topic as the reports' dictionary segments them (`新能源`, `发电`, `装机`), each weighed by
 * how rare it is in the reports. A sentence giving the value asked for without the rarest of them (`发电总装机` for
 * `新能源发电装机容量`) gives a figure of something else.
 */
import { chineseWords } from '../../chunking/words.ts';
import type { CorpusIndex } from '../../indexing/corpus-index.ts';

export interface TopicWord {
  word: string;
  idf: number;
}

/** The topic's words the reports contain, with their inverse document frequency. */
export async function topicWords(topic: string, index: CorpusIndex): Promise<TopicWord[]> {
  const n = index.chunkCount;
  const words = chineseWords(topic);
  const frequencies = await index.terms.wordFrequencies(words);
  return words
    .map((word) => ({ word, df: frequencies.get(word) ?? 0 }))
    .filter(({ df }) => df > 0)
    .map(({ word, df }) => ({ word, idf: Math.log(1 + n / (df + 0.5)) }));
}

/** How much of the topic a text leaves out: the share of its words, and the rarest one's weight against the rarest of all. */
export function missingWords(text: string, words: readonly TopicWord[]): { share: number; rarest: number } {
  if (words.length === 0) return { share: 0, rarest: 0 };
  const missing = words.filter(({ word }) => !text.includes(word));
  const top = Math.max(...words.map((w) => w.idf));
  return { share: missing.length / words.length, rarest: missing.length === 0 ? 0 : Math.max(...missing.map((w) => w.idf)) / top };
}

/** The regions whose reports have a chunk holding every word of a topic. */
export async function regionsSpeakingOf(index: CorpusIndex, words: readonly TopicWord[]): Promise<Set<string>> {
  return new Set(await index.terms.regionsWithAll(words.map(({ word }) => word)));
}
