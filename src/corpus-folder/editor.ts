/**
 * The corpus folder changed from a running server: one change at a time (two uploads of one report cannot both pass
 * the duplicate check), each change that wrote something followed by a rebuild the caller runs in the background.
 */
import type { FileLimits } from '../parsing/formats/limits.ts';
import { addReportFiles, previewReportFiles, removeReportFile, type AddedReport, type CorpusFolders, type FileOutcome, type IncomingFile } from './changes.ts';

export interface CorpusEditor {
  /** What `add` would add, with nothing written. */
  preview(files: readonly IncomingFile[]): Promise<FileOutcome[]>;
  /** `written` is told once the folder holds the change, just before the rebuild that reads it starts. */
  add(files: readonly IncomingFile[], written?: () => void): Promise<FileOutcome[]>;
  remove(reportId: string, written?: () => void): Promise<{ file: string; report: AddedReport }>;
}

/** `rebuild` is started, not awaited: it reads the folder afresh and reports its own failure. */
export function corpusEditor(folders: CorpusFolders, limits: FileLimits, rebuild: () => void): CorpusEditor {
  let last: Promise<unknown> = Promise.resolve();
  function inTurn<T>(change: () => Promise<T>): Promise<T> {
    const next = last.then(change, change);
    last = next.catch(() => undefined);
    return next;
  }
  return {
    preview: (files) => inTurn(() => previewReportFiles(folders, files, limits)),
    add: (files, written) =>
      inTurn(async () => {
        const outcomes = await addReportFiles(folders, files, limits);
        if (outcomes.some((outcome) => outcome.file)) {
          written?.();
          rebuild();
        }
        return outcomes;
      }),
    remove: (reportId, written) =>
      inTurn(async () => {
        const removed = await removeReportFile(folders, reportId, limits);
        written?.();
        rebuild();
        return removed;
      }),
  };
}
