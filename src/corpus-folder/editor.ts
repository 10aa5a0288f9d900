/**
 * The corpus folder changed from a running server: one change at a time (two uploads of one report cannot both pass
 * the duplicate check), each change that wrote something followed by a rebuild the caller runs in the background.
 */
import type { FileLimits } from '../parsing/formats/limits.ts';
import { addReportFiles, removeReportFile, type AddedReport, type FileOutcome, type IncomingFile } from './changes.ts';

export interface CorpusEditor {
  add(files: readonly IncomingFile[]): Promise<FileOutcome[]>;
  remove(reportId: string): Promise<{ file: string; report: AddedReport }>;
}

/** `rebuild` is started, not awaited: it reads the folder afresh and reports its own failure. */
export function corpusEditor(corpusDir: string, limits: FileLimits, rebuild: () => void): CorpusEditor {
  let last: Promise<unknown> = Promise.resolve();
  function inTurn<T>(change: () => Promise<T>): Promise<T> {
    const next = last.then(change, change);
    last = next.catch(() => undefined);
    return next;
  }
  return {
    add: (files) =>
      inTurn(async () => {
        const outcomes = await addReportFiles(corpusDir, files, limits);
        if (outcomes.some((outcome) => outcome.file)) rebuild();
        return outcomes;
      }),
    remove: (reportId) =>
      inTurn(async () => {
        const removed = await removeReportFile(corpusDir, reportId, limits);
        rebuild();
        return removed;
      }),
  };
}
