/** Reading a folder of report files into distinct reports. */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Report } from '../domain.ts';
import { AppError, type AppErrorCode } from '../errors.ts';
import { DEFAULT_FILE_LIMITS, type FileLimits } from './formats/limits.ts';
import { isReportFileName } from './formats/sniff.ts';
import { readReportFile, type CorpusFile } from './report-file.ts';
import { parseSegment } from './report.ts';
import { splitIntoSegments } from './segments.ts';
import { parseSidecar, sidecarName } from './sidecar.ts';
import { foldForMatch } from './text.ts';

export type { CorpusFile };

export interface ParsedCorpus {
  reports: Report[];
  /** Copies of a report already read, by file. */
  duplicates: { file: string; of: string }[];
  /** Files that could not be read, and parts of files that held no usable report, with the reason. */
  skipped: { file: string; reason: string; code?: AppErrorCode }[];
}

async function readOne(dir: string, name: string, limits: FileLimits): Promise<CorpusFile> {
  const path = join(dir, name);
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new AppError('unsupported-media-type', `${name} is not a regular file`);
    // Refused before it is read: a file may be far larger than memory.
    if (stat.size > limits.maxBytes) throw new AppError('payload-too-large', `${name} is ${stat.size} bytes, more than the ${limits.maxBytes} read`);
    const sidecar = join(dir, sidecarName(name));
    const meta = existsSync(sidecar) ? parseSidecar(readFileSync(sidecar, 'utf8'), sidecarName(name)) : undefined;
    const file = await readReportFile(readFileSync(path), name, limits);
    return meta ? { ...file, meta } : file;
  } catch (error) {
    const refusal = error instanceof AppError ? error : new AppError('unreadable-file', `${name} could not be read: ${error instanceof Error ? error.message : String(error)}`);
    return { name, text: '', refused: { code: refusal.code, message: refusal.message } };
  }
}

function reportFileNames(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => !entry.isDirectory() && isReportFileName(entry.name))
    .map((entry) => entry.name);
}

/**
 * Every report file of the folders (`.txt`, `.md`, `.pdf`, `.docx`, `.html`, `.htm`, read by their content), in
 * name order: the corpus folder and, when another, the folder uploads are kept in (`RAG_UPLOAD_DIR`), which may not
 * exist yet. A file that cannot be read is kept with the reason, so that the corpus is read without it; so is a
 * name an earlier folder already holds, as a report's file is named by its name alone.
 */
export async function readCorpusFiles(dirs: string | readonly string[], limits: FileLimits = DEFAULT_FILE_LIMITS): Promise<CorpusFile[]> {
  const folders = [...new Set(typeof dirs === 'string' ? [dirs] : dirs)];
  const found = new Map<string, string>();
  const clashes: CorpusFile[] = [];
  for (const dir of folders) {
    for (const name of reportFileNames(dir)) {
      const first = found.get(name);
      if (first === undefined) found.set(name, dir);
      else clashes.push({ name: join(dir, name), text: '', refused: { code: 'invalid-file-name', message: `${name} is in ${first} too: the one there is read` } });
    }
  }
  if (found.size === 0) throw new Error(`no report files (.txt, .md, .pdf, .docx, .html) in ${folders.join(' or ')}`);
  const files: CorpusFile[] = [];
  for (const name of [...found.keys()].sort()) files.push(await readOne(found.get(name) ?? '', name, limits));
  return [...files, ...clashes];
}

/** The folder of those given that holds a report file of this name: the first, as it is the one read. */
export function folderOf(dirs: readonly string[], name: string): string | undefined {
  return dirs.find((dir) => existsSync(join(dir, name)));
}

function fingerprint(text: string): string {
  return createHash('sha256').update(foldForMatch(text)).digest('hex');
}

/**
 * A report is a copy when its text equals one already read, or when nearly all its sentences appear in an earlier
 * report of the same region and year: a reprint that dropped or added a few lines, or the same report in another
 * format whose reading differs in a character here and there (a PDF font's 戶 for 户).
 */
const NEAR_COPY_SHARE = 0.9;

function sentencePrints(report: Report): Set<string> {
  const sentences = report.paragraphs.flatMap((p) => p.text.split(/(?<=[。！？；])/));
  return new Set(sentences.filter((s) => s.trim().length > 1).map(fingerprint));
}

function copyOf(report: Report, kept: readonly Report[], prints: Map<Report, Set<string>>): Report | undefined {
  const mine = sentencePrints(report);
  return kept.find((other) => {
    if (other.region !== report.region || other.year !== report.year) return false;
    const theirs = prints.get(other) ?? new Set<string>();
    const shared = [...mine].filter((p) => theirs.has(p)).length;
    return shared >= NEAR_COPY_SHARE * Math.min(mine.size, theirs.size);
  });
}

function uniqueId(id: string, taken: Set<string>): string {
  let candidate = id;
  for (let n = 2; taken.has(candidate); n++) candidate = `${id}-${n}`;
  return candidate;
}

export function parseCorpus(files: readonly CorpusFile[]): ParsedCorpus {
  const reports: Report[] = [];
  const duplicates: ParsedCorpus['duplicates'] = [];
  const skipped: ParsedCorpus['skipped'] = [];
  const byText = new Map<string, Report>();
  const prints = new Map<Report, Set<string>>();
  const ids = new Set<string>();
  for (const file of files) {
    if (file.refused) {
      skipped.push({ file: file.name, reason: file.refused.message, code: file.refused.code });
      continue;
    }
    for (const segment of splitIntoSegments(file.text)) {
      const parsed = parseSegment(segment, file.name, file.paragraphLines, file.meta);
      if (!parsed.ok) {
        skipped.push({ file: file.name, reason: parsed.reason });
        continue;
      }
      const report = file.sourceUrl ? { ...parsed.report, sourceUrl: file.sourceUrl } : parsed.report;
      const textPrint = fingerprint(report.paragraphs.map((p) => p.text).join('\n'));
      const copy = byText.get(textPrint) ?? copyOf(report, reports, prints);
      if (copy) {
        duplicates.push({ file: file.name, of: copy.id });
        continue;
      }
      report.id = uniqueId(report.id, ids);
      ids.add(report.id);
      byText.set(textPrint, report);
      prints.set(report, sentencePrints(report));
      reports.push(report);
    }
  }
  return { reports, duplicates, skipped };
}

export async function readCorpus(dir: string | readonly string[], limits: FileLimits = DEFAULT_FILE_LIMITS): Promise<ParsedCorpus> {
  return parseCorpus(await readCorpusFiles(dir, limits));
}
