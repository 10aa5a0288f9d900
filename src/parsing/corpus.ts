/** Reading a folder of report files into distinct reports. */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Report } from '../domain.ts';
import { parseSegment } from './report.ts';
import { splitIntoSegments } from './segments.ts';
import { foldForMatch } from './text.ts';

export interface CorpusFile {
  /** File name relative to the corpus folder. */
  name: string;
  text: string;
}

export interface ParsedCorpus {
  reports: Report[];
  /** Copies of a report already read, by file. */
  duplicates: { file: string; of: string }[];
  /** Parts of files that held no usable report, with the reason. */
  skipped: { file: string; reason: string }[];
}

const REPORT_FILE = /\.(?:txt|md|markdown)$/i;

export function readCorpusFiles(dir: string): CorpusFile[] {
  const names = readdirSync(dir).filter((name) => REPORT_FILE.test(name)).sort();
  if (names.length === 0) throw new Error(`no .txt or .md report files in ${dir}`);
  return names.map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));
}

function fingerprint(text: string): string {
  return createHash('sha256').update(foldForMatch(text)).digest('hex');
}

/**
 * A report is a copy when its text equals one already read, or when nearly all its paragraphs appear in
 * an earlier report of the same region and year (a reprint that dropped or added a few lines).
 */
const NEAR_COPY_SHARE = 0.9;

function paragraphPrints(report: Report): Set<string> {
  return new Set(report.paragraphs.map((p) => fingerprint(p.text)));
}

function copyOf(report: Report, kept: readonly Report[], prints: Map<Report, Set<string>>): Report | undefined {
  const mine = paragraphPrints(report);
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
    for (const segment of splitIntoSegments(file.text)) {
      const parsed = parseSegment(segment, file.name);
      if (!parsed.ok) {
        skipped.push({ file: file.name, reason: parsed.reason });
        continue;
      }
      const report = parsed.report;
      const textPrint = fingerprint(report.paragraphs.map((p) => p.text).join('\n'));
      const copy = byText.get(textPrint) ?? copyOf(report, reports, prints);
      if (copy) {
        duplicates.push({ file: file.name, of: copy.id });
        continue;
      }
      report.id = uniqueId(report.id, ids);
      ids.add(report.id);
      byText.set(textPrint, report);
      prints.set(report, paragraphPrints(report));
      reports.push(report);
    }
  }
  return { reports, duplicates, skipped };
}

export function readCorpus(dir: string): ParsedCorpus {
  return parseCorpus(readCorpusFiles(dir));
}
