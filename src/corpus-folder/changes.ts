/**
 * Adding report files to the corpus and removing a report's file from it, checked before anything is written: a
 * file is read and parsed as the corpus's files are, refused whole when it holds no new report (a copy of one
 * indexed, or nothing readable), and written into the upload folder under a name free in both folders, each file by
 * a rename, so that a build reading the folders meanwhile never sees half of one. The index is then rebuilt from
 * the folders by the caller.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { ReportMeta } from '../domain.ts';
import { AppError, type AppErrorCode } from '../errors.ts';
import { folderOf, parseCorpus, readCorpusFiles, type CorpusFile } from '../parsing/corpus.ts';
import { DEFAULT_FILE_LIMITS, type FileLimits } from '../parsing/formats/limits.ts';
import { isReportFileName } from '../parsing/formats/sniff.ts';
import { readReportFile } from '../parsing/report-file.ts';
import { sidecarName, type ReportSidecar } from '../parsing/sidecar.ts';

/**
 * Where the corpus is read from: the corpus folder, and the folder added files are written to (`RAG_UPLOAD_DIR`;
 * the corpus folder itself unless set), read with it by every build so that a rebuild reproduces the index.
 */
export interface CorpusFolders {
  corpus: string;
  uploads: string;
}

export function corpusFolders(corpus: string, uploads: string | undefined): CorpusFolders {
  return { corpus, uploads: uploads ?? corpus };
}

function folderList({ corpus, uploads }: CorpusFolders): string[] {
  return [...new Set([corpus, uploads])];
}

export interface IncomingFile {
  name: string;
  bytes: Uint8Array;
  /** Metadata given with the file, kept beside it as `FILE.meta.json`. */
  meta?: ReportSidecar;
}

export type AddedReport = Pick<ReportMeta, 'id' | 'title' | 'region' | 'year' | 'date' | 'meeting' | 'speaker' | 'speakerRole' | 'kind'>;

export interface FileOutcome {
  /** The name handed in. */
  name: string;
  /** The name it was written under in the upload folder (another when the name was taken). */
  file?: string;
  reports: AddedReport[];
  /** Reports of the file already indexed, by the id of the one indexed. */
  duplicates: string[];
  /** Why the file was not added. */
  refused?: { code: AppErrorCode; message: string };
}

function existingFiles(folders: CorpusFolders, limits: FileLimits): Promise<CorpusFile[]> {
  const dirs = folderList(folders);
  const hasReports = dirs.some((dir) => existsSync(dir) && readdirSync(dir).some(isReportFileName));
  return hasReports ? readCorpusFiles(dirs, limits) : Promise.resolve([]);
}

/** The name, or `name-2.ext`, `name-3.ext`… when a file of the folder or an earlier one of this add has it. */
function freeName(name: string, taken: Set<string>): string {
  const ext = extname(name);
  const stem = name.slice(0, name.length - ext.length);
  let candidate = name;
  for (let n = 2; taken.has(candidate); n++) candidate = `${stem}-${n}${ext}`;
  taken.add(candidate);
  return candidate;
}

function summary({ id, title, region, year, date, meeting, speaker, speakerRole, kind }: ReportMeta): AddedReport {
  return { id, title, region, year, ...(date ? { date } : {}), ...(meeting ? { meeting } : {}), ...(speaker ? { speaker } : {}), ...(speakerRole ? { speakerRole } : {}), ...(kind ? { kind } : {}) };
}

/** Writes by a rename from a hidden name the folder's reader passes over. */
function writeAtomically(dir: string, name: string, data: string | Uint8Array): void {
  const staging = join(dir, `.${name}.${process.pid}.tmp`);
  writeFileSync(staging, data);
  renameSync(staging, join(dir, name));
}

interface ReadFile {
  outcome: FileOutcome;
  file: CorpusFile;
  bytes: Uint8Array;
  meta?: ReportSidecar;
}

/**
 * Reads and checks each file against the folder's reports without writing anything: each outcome says the reports
 * it would add, or why it is refused.
 */
async function checkReportFiles(folders: CorpusFolders, incoming: readonly IncomingFile[], limits: FileLimits): Promise<ReadFile[]> {
  const existing = await existingFiles(folders, limits);
  const taken = new Set(folderList(folders).flatMap((dir) => (existsSync(dir) ? readdirSync(dir) : [])));
  const checked: ReadFile[] = [];
  const read: ReadFile[] = [];
  for (const { name, bytes, meta } of incoming) {
    const outcome: FileOutcome = { name, reports: [], duplicates: [] };
    try {
      const file = await readReportFile(bytes, name, limits);
      const written = freeName(name, taken);
      const one = { outcome, file: { ...file, name: written, ...(meta ? { meta } : {}) }, bytes, ...(meta ? { meta } : {}) };
      read.push(one);
      checked.push(one);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      outcome.refused = { code: error.code, message: error.message };
      checked.push({ outcome, file: { name, text: '' }, bytes });
    }
  }
  // Parsed after the folder's files, so that a copy is told from the report it copies, and ids stay unique.
  const parsed = parseCorpus([...existing, ...read.map((r) => r.file)]);
  for (const { outcome, file } of read) {
    outcome.reports = parsed.reports.filter((r) => r.file === file.name).map(summary);
    outcome.duplicates = parsed.duplicates.filter((d) => d.file === file.name).map((d) => d.of);
    if (outcome.reports.length > 0) continue;
    const skipped = parsed.skipped.find((s) => s.file === file.name);
    outcome.refused = outcome.duplicates.length > 0
      ? { code: 'duplicate-report', message: `${outcome.name} holds the text of ${outcome.duplicates.join(', ')}, already indexed` }
      : { code: skipped?.code ?? 'unreadable-file', message: `${outcome.name}: ${skipped?.reason ?? 'no report in it'}` };
  }
  return checked;
}

/** What adding the files would add, each file's reports as they would be read, with nothing written. */
export async function previewReportFiles(folders: CorpusFolders, incoming: readonly IncomingFile[], limits: FileLimits = DEFAULT_FILE_LIMITS): Promise<FileOutcome[]> {
  return (await checkReportFiles(folders, incoming, limits)).map((checked) => checked.outcome);
}

/** Reads and checks each file, then writes those that hold a new report into the upload folder, sidecar first. */
export async function addReportFiles(folders: CorpusFolders, incoming: readonly IncomingFile[], limits: FileLimits = DEFAULT_FILE_LIMITS): Promise<FileOutcome[]> {
  const checked = await checkReportFiles(folders, incoming, limits);
  requireFolder(folders.corpus);
  // The corpus folder is the operator's to make; a separate upload folder is made on the first upload.
  mkdirSync(folders.uploads, { recursive: true });
  for (const { outcome, file, bytes, meta } of checked) {
    if (outcome.refused) continue;
    if (meta) writeAtomically(folders.uploads, sidecarName(file.name), JSON.stringify(meta, null, 2));
    writeAtomically(folders.uploads, file.name, bytes);
    outcome.file = file.name;
  }
  return checked.map((one) => one.outcome);
}

function requireFolder(dir: string): void {
  if (!existsSync(dir)) throw new AppError('internal', `the corpus folder ${dir} does not exist`);
}

/**
 * Removes the file of a report and its sidecar. Refused when the id names no report (`unknown-report`), or when its
 * file holds other reports too (a collection): removing it would remove them.
 */
export async function removeReportFile(folders: CorpusFolders, reportId: string, limits: FileLimits = DEFAULT_FILE_LIMITS): Promise<{ file: string; report: AddedReport }> {
  const parsed = parseCorpus(await existingFiles(folders, limits));
  const report = parsed.reports.find((r) => r.id === reportId);
  if (!report) throw new AppError('unknown-report', `no report ${reportId} in ${folderList(folders).join(' or ')}`);
  const others = parsed.reports.filter((r) => r.file === report.file && r.id !== reportId).map((r) => r.id);
  if (others.length > 0) throw new AppError('invalid-request', `${report.file} holds ${others.length} other reports (${others.slice(0, 3).join(', ')}…); remove the file itself to remove them all`);
  const dir = folderOf(folderList(folders), report.file) ?? folders.corpus;
  rmSync(join(dir, sidecarName(report.file)), { force: true });
  rmSync(join(dir, report.file));
  return { file: report.file, report: summary(report) };
}
