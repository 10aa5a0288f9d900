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

const frequencies = new WeakMap<CorpusIndex, Map<string, number>>();

/** In how many chunks a word occurs, counted once per word and index. */
function documentFrequency(index: CorpusIndex, word: string): number {
  let known = frequencies.get(index);
  if (!known) {
    known = new Map();
    frequencies.set(index, known);
  }
  let df = known.get(word);
  if (df === undefined) {
    df = 0;
    for (const chunk of index.chunks.values()) if (chunk.text.includes(word)) df++;
    known.set(word, df);
  }
  return df;
}

/** The topic's words the reports contain, with their inverse document frequency. */
export function topicWords(topic: string, index: CorpusIndex): TopicWord[] {
  const n = index.chunks.size;
  return chineseWords(topic)
    .map((word) => ({ word, df: documentFrequency(index, word) }))
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
export function regionsSpeakingOf(index: CorpusIndex, words: readonly TopicWord[]): Set<string> {
  const regions = new Set<string>();
  if (words.length === 0) return regions;
  for (const chunk of index.chunks.values()) {
    if (!words.every(({ word }) => chunk.text.includes(word))) continue;
    const region = index.reports.get(chunk.reportId)?.region;
    if (region) regions.add(region);
  }
  return regions;
}
