/**
 * Notes a report prints at its end (`[5] 五停一关：停课、停工、…`) for the markers in its text
 * (`采取“五停一关[5]”等应急措施`). A quoted marker is replaced by what its note says, so the answer explains the
 * term and the source's `[5]` is never mistaken for a citation mark.
 */
import type { Passage } from '../domain.ts';
import type { CorpusIndex } from '../indexing/corpus-index.ts';
import { passageOf } from '../retrieval/retrieve.ts';

export interface Note {
  /** The term the note explains, when it opens with one: `五停一关`. */
  term?: string;
  /** What the note says of its term: `停课、停工、停业、停运、停航和关闭旅游景区`. */
  definition: string;
  /** The note as the report prints it, without its marker. */
  text: string;
  passage: Passage;
}

export type NoteLookup = (reportId: string, marker: number) => Note | undefined;

export const NOTE_MARKER = /\[(\d{1,2})\]/g;
const NOTES_SECTION = /注释|名词解释/;
const NOTE_LINE = /(?:^|\n)\s*\[(\d{1,2})\]\s*([^\n]+)/g;
/** A note opens with its term when a short phrase precedes the first colon. */
const TERM = /^[^：:]{1,24}[：:]/;

function noteOf(text: string, passage: Passage): Note {
  const term = TERM.exec(text)?.[0].slice(0, -1).replace(/[“”"]/g, '').trim();
  const definition = text.replace(TERM, '').replace(/[。；;]+$/, '').trim();
  return { ...(term ? { term } : {}), definition, text: text.trim(), passage };
}

/** Every report's notes by marker. */
export type Notes = ReadonlyMap<string, ReadonlyMap<number, Note>>;

/** The notes of every report, read from the chunks under a notes heading. */
export async function notesOf(index: CorpusIndex): Promise<Notes> {
  const notes = new Map<string, Map<number, Note>>();
  for (const chunk of await index.chunksUnder(NOTES_SECTION)) {
    const report = index.reports.get(chunk.reportId);
    if (!report) continue;
    const passage = passageOf(report, chunk, 0);
    for (const [, marker, text] of chunk.text.matchAll(NOTE_LINE)) {
      const ofReport = notes.get(chunk.reportId) ?? new Map<number, Note>();
      ofReport.set(Number(marker), noteOf(text ?? '', passage));
      notes.set(chunk.reportId, ofReport);
    }
  }
  return notes;
}

export function noteLookup(notes: Notes): NoteLookup {
  return (reportId, marker) => notes.get(reportId)?.get(marker);
}

/** Terms shorter than this (`三农`) name too many things to be looked up. */
const MIN_TERM_LENGTH = 3;

/** The note of one of the reports that explains a term the question names, the longest such term first. */
export function definedTerm(all: Notes, reportIds: ReadonlySet<string> | undefined, question: string): Note | undefined {
  const text = question.replace(/[“”"]/g, '');
  let best: Note | undefined;
  for (const [reportId, notes] of all) {
    if (reportIds && !reportIds.has(reportId)) continue;
    for (const note of notes.values()) {
      const { term } = note;
      if (!term || term.length < MIN_TERM_LENGTH || !text.includes(term)) continue;
      if (!best?.term || term.length > best.term.length) best = note;
    }
  }
  return best;
}
