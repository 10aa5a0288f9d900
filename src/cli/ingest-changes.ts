/**
 * `npm run ingest -- --add FILE…` and `--remove REPORT_ID…`: the corpus changed (files added to the upload folder,
 * `RAG_UPLOAD_DIR`, the corpus folder unless set), then the index rebuilt from it (only texts the embedding cache lacks are embedded) and made current at once; a server running on the same
 * index folder moves to it (see `watch-builds.ts`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Config } from '../config.ts';
import { addReportFiles, corpusFolders, removeReportFile, type FileOutcome } from '../corpus-folder/changes.ts';
import { AppError } from '../errors.ts';
import type { CorpusIndex, Log } from '../indexing/corpus-index.ts';
import { parseSidecar, sidecarName } from '../parsing/sidecar.ts';
import { ingestSummary } from './format.ts';
import { openCorpusIndex } from './open.ts';

export interface CorpusChanges {
  add: string[];
  remove: string[];
}

export interface ChangesDone {
  added: FileOutcome[];
  removed: { id: string; file: string }[];
  /** Why a report could not be removed, by id. */
  notRemoved: { id: string; code: string; message: string }[];
  index?: CorpusIndex;
}

/** A file named on the command line, with the `FILE.meta.json` beside it when there is one. */
function incoming(path: string) {
  const name = basename(path);
  const sidecar = sidecarName(path);
  return { name, bytes: readFileSync(path), ...(existsSync(sidecar) ? { meta: parseSidecar(readFileSync(sidecar, 'utf8'), sidecarName(name)) } : {}) };
}

export async function changeCorpus(config: Config, corpusDir: string, log: Log, changes: CorpusChanges): Promise<ChangesDone> {
  const missing = changes.add.filter((path) => !existsSync(path));
  if (missing.length > 0) throw new AppError('not-found', `no such file: ${missing.join(', ')}`);
  const folders = corpusFolders(corpusDir, config.uploadDir);
  const added = changes.add.length > 0 ? await addReportFiles(folders, changes.add.map(incoming), config.fileLimits) : [];
  const removed: ChangesDone['removed'] = [];
  const notRemoved: ChangesDone['notRemoved'] = [];
  for (const id of changes.remove) {
    try {
      removed.push({ id, file: (await removeReportFile(folders, id, config.fileLimits)).file });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      notRemoved.push({ id, code: error.code, message: error.message });
    }
  }
  const changed = removed.length > 0 || added.some((outcome) => outcome.file);
  if (!changed) return { added, removed, notRemoved };
  return { added, removed, notRemoved, index: await openCorpusIndex(config, corpusDir, log, { vectors: true }) };
}

export function formatChanges(done: ChangesDone): string {
  const lines: string[] = [];
  for (const outcome of done.added) {
    if (outcome.refused) lines.push(`Not added ${outcome.name} (${outcome.refused.code}): ${outcome.refused.message}.`);
    else lines.push(`Added ${outcome.name} as ${outcome.file}: ${outcome.reports.map((r) => `${r.id} ${r.title}`).join('; ')}${outcome.duplicates.length > 0 ? ` (copies of ${outcome.duplicates.join(', ')} left out)` : ''}.`);
  }
  for (const { id, file } of done.removed) lines.push(`Removed ${id} (${file}).`);
  for (const { id, code, message } of done.notRemoved) lines.push(`Not removed ${id} (${code}): ${message}.`);
  if (done.index) {
    const built = done.index.built;
    lines.push(`Index: ${done.index.reports.size} reports, ${done.index.chunkCount} chunks${built ? `; ${built.embedded} texts embedded, ${built.reused} from the cache` : ''}; build ${done.index.source.build} is current.`);
  } else {
    lines.push('Nothing changed: the index is as it was.');
  }
  return lines.join('\n');
}

export function changesJson(done: ChangesDone) {
  return { added: done.added, removed: done.removed, notRemoved: done.notRemoved, ...(done.index ? { index: ingestSummary(done.index), build: done.index.source.build } : { index: null }) };
}

/** Whether anything asked for was refused: the command then exits nonzero. */
export function anyRefused(done: ChangesDone): boolean {
  return done.notRemoved.length > 0 || done.added.some((outcome) => outcome.refused);
}
