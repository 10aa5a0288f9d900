/** A list question's answer: the items of the enumeration its sentence announces, numbered. */
import type { Chunk, Passage } from '../domain.ts';
import type { CorpusIndex } from '../indexing/corpus-index.ts';
import { toPassage } from '../retrieval/retrieve.ts';
import type { AnswerPart } from './compose.ts';
import type { Candidate } from './decision/candidates.ts';
import { enumerationIn } from './enumeration.ts';

const chunksByPlace = new WeakMap<CorpusIndex, Map<string, Chunk>>();

/** Every chunk of an index by its report and place, built once per index. */
function chunkAt(index: CorpusIndex, reportId: string, ordinal: number): Chunk | undefined {
  let byPlace = chunksByPlace.get(index);
  if (!byPlace) {
    byPlace = new Map([...index.chunks.values()].map((c) => [`${c.reportId}\0${c.ordinal}`, c]));
    chunksByPlace.set(index, byPlace);
  }
  return byPlace.get(`${reportId}\0${ordinal}`);
}

/**
 * A list question answered by a sentence announcing a numbered enumeration gets the enumeration's items, read on
 * into the next chunk of the section when the list runs on there.
 */
export function listedItems(index: CorpusIndex, candidate: Candidate): AnswerPart | undefined {
  const { passage, sentence } = candidate;
  const next = nextPassage(index, passage);
  const text = next ? `${passage.text}\n${next.text}` : passage.text;
  const items = enumerationIn(text, Math.max(0, passage.text.indexOf(sentence)));
  if (!items) return undefined;
  const runsOn = next !== undefined && enumerationIn(passage.text, Math.max(0, passage.text.indexOf(sentence)))?.length !== items.length;
  return { label: '', text: items.map((item, i) => `（${i + 1}）${item}`).join('；'), passage, ...(runsOn && next ? { also: [next] } : {}) };
}

/** The chunk after a passage's in its report and section. */
function nextPassage(index: CorpusIndex, passage: Passage): Passage | undefined {
  const chunk = index.chunks.get(passage.chunkId);
  if (!chunk) return undefined;
  const next = chunkAt(index, chunk.reportId, chunk.ordinal + 1);
  if (!next || next.sectionPath.join('\0') !== chunk.sectionPath.join('\0')) return undefined;
  return toPassage(index, { chunkId: next.id, score: passage.score });
}

