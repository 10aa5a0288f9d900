/** A list question's answer: the items of the enumeration its sentence announces, numbered. */
import type { Passage } from '../domain.ts';
import type { CorpusIndex } from '../indexing/corpus-index.ts';
import { passageOf } from '../retrieval/retrieve.ts';
import type { AnswerPart } from './compose.ts';
import type { Candidate } from './decision/candidates.ts';
import { enumerationIn } from './enumeration.ts';

/**
 * A list question answered by a sentence announcing a numbered enumeration gets the enumeration's items, read on
 * into the next chunk of the section when the list runs on there.
 */
export async function listedItems(index: CorpusIndex, candidate: Candidate): Promise<AnswerPart | undefined> {
  const { passage, sentence } = candidate;
  const next = await nextPassage(index, passage);
  const text = next ? `${passage.text}\n${next.text}` : passage.text;
  const items = enumerationIn(text, Math.max(0, passage.text.indexOf(sentence)));
  if (!items) return undefined;
  const runsOn = next !== undefined && enumerationIn(passage.text, Math.max(0, passage.text.indexOf(sentence)))?.length !== items.length;
  return { label: '', text: items.map((item, i) => `（${i + 1}）${item}`).join('；'), passage, ...(runsOn && next ? { also: [next] } : {}) };
}

/** The chunk after a passage's in its report and section. */
async function nextPassage(index: CorpusIndex, passage: Passage): Promise<Passage | undefined> {
  const report = index.reports.get(passage.reportId);
  const chunks = report ? await index.chunksOf(report.id) : [];
  const chunk = chunks.find((c) => c.id === passage.chunkId);
  if (!report || !chunk) return undefined;
  const next = chunks.find((c) => c.ordinal === chunk.ordinal + 1);
  if (!next || next.sectionPath.join('\0') !== chunk.sectionPath.join('\0')) return undefined;
  return passageOf(report, next, passage.score);
}
