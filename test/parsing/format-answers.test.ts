/**
 * Gold questions about four reports, asked through the real assistant (`ask --json --questions`, the real model)
 * once over the reports' original text files and once over the same reports as a PDF, a Word file, a saved web page
 * and a GBK text: the answers, refusals and cited sections are the same, and the PDF's citations name their page.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Answer } from '../../src/domain.ts';
import { sourcesList } from '../../src/serving/plain-text.ts';
import { seededIndexDir, tempDir } from '../corpus.ts';
import { closeBrowser, gbk, printablePage, printPdf, reportDocx, reportSource, savedPage, shippedReport } from './fixtures.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const REPORTS = { '2025-beijing': 'beijing.pdf', '2026-guiyang': 'guiyang-2026.docx', '2024-guiyang': 'guiyang-2024.html', '2025-tibet': 'tibet.txt' } as const;
const KINDS = new Set(['fact', 'number', 'list', 'paraphrase', 'everyday']);
const PER_REPORT = 4;

interface GoldItem {
  id: string;
  question: string;
  report: string;
  kind: string;
  asked_on?: string;
}

interface Result {
  id: string;
  answer: string;
  refused: boolean;
  citations: { reportId: string; section: string; page?: number }[];
}

/** The first gold questions of each report that one report alone answers. */
function goldQuestions(): GoldItem[] {
  const items = readFileSync(join(ROOT, 'eval/gold.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as GoldItem & { extra_evidence?: unknown });
  return Object.keys(REPORTS).flatMap((id) => {
    const title = shippedReport(id).title;
    return items.filter((item) => item.report === title && KINDS.has(item.kind) && !item.extra_evidence).slice(0, PER_REPORT);
  });
}

function askAll(corpusDir: string, questionsFile: string): Map<string, Result> {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'ask', '--json', '--questions', questionsFile], {
    cwd: ROOT,
    env: { ...process.env, RAG_CORPUS_DIR: corpusDir, RAG_INDEX_DIR: seededIndexDir() },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`ask failed: ${run.stderr}`);
  const results = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as Result);
  return new Map(results.map((result) => [result.id, result]));
}

/** Chromium's PDF says 戶 where the report says 户 (one glyph in its font): see formats.test.ts. */
const undoSharedGlyphs = (text: string) => text.replaceAll('戶', '户');
const shape = (result: Result | undefined) => ({
  answer: undoSharedGlyphs(result?.answer ?? ''),
  refused: result?.refused,
  cited: result?.citations.map((c) => [c.reportId, undoSharedGlyphs(c.section)]),
});

let gold: GoldItem[];
let fromText: Map<string, Result>;
let fromFormats: Map<string, Result>;

beforeAll(async () => {
  const dir = tempDir('zbwd-format-answers-');
  const originals = join(dir, 'originals');
  const formats = join(dir, 'formats');
  mkdirSync(originals);
  mkdirSync(formats);
  for (const id of Object.keys(REPORTS)) writeFileSync(join(originals, `${id}.txt`), reportSource(id));
  const beijing = shippedReport('2025-beijing');
  writeFileSync(join(formats, REPORTS['2025-beijing']), await printPdf(printablePage(beijing), beijing.title));
  writeFileSync(join(formats, REPORTS['2026-guiyang']), await reportDocx(shippedReport('2026-guiyang')));
  writeFileSync(join(formats, REPORTS['2024-guiyang']), savedPage(shippedReport('2024-guiyang'), 'https://www.guiyang.gov.cn/zfgzbg/2024.html'));
  writeFileSync(join(formats, REPORTS['2025-tibet']), gbk(reportSource('2025-tibet')));
  gold = goldQuestions();
  const questions = join(dir, 'questions.jsonl');
  writeFileSync(questions, gold.map((item) => JSON.stringify({ id: item.id, question: item.question, ...(item.asked_on ? { askedOn: item.asked_on } : {}) })).join('\n'));
  fromText = askAll(originals, questions);
  fromFormats = askAll(formats, questions);
}, 600_000);

afterAll(closeBrowser);

describe('gold questions over reports read from other formats', () => {
  it('asks four questions of each of the four reports', () => {
    expect(gold).toHaveLength(4 * PER_REPORT);
    expect(fromText.size).toBe(gold.length);
    expect(fromFormats.size).toBe(gold.length);
  });

  it('answers each as over the original text files, citing the same sections of the same reports', () => {
    for (const item of gold) expect({ id: item.id, ...shape(fromFormats.get(item.id)) }).toEqual({ id: item.id, ...shape(fromText.get(item.id)) });
    // Most are answered: the comparison is of answers, not of refusals alone.
    expect(gold.filter((item) => !fromText.get(item.id)?.refused).length).toBeGreaterThanOrEqual(gold.length * 0.75);
  });

  it('gives the page of the PDF each citation of it starts on, and none for the others', () => {
    const citations = [...fromFormats.values()].flatMap((result) => result.citations);
    const fromPdf = citations.filter((c) => c.reportId === '2025-beijing');
    expect(fromPdf.length).toBeGreaterThan(0);
    expect(fromPdf.every((c) => Number.isInteger(c.page) && (c.page ?? 0) >= 1 && (c.page ?? 0) <= 25)).toBe(true);
    expect(citations.filter((c) => c.reportId !== '2025-beijing').every((c) => c.page === undefined)).toBe(true);
    expect([...fromText.values()].flatMap((result) => result.citations).every((c) => c.page === undefined)).toBe(true);
  });

  it('says the page in the sources listed under a plain-text answer', () => {
    const answered = [...fromFormats.values()].find((result) => result.citations.some((c) => c.page !== undefined));
    const citation = answered?.citations.find((c) => c.page !== undefined);
    expect(sourcesList(answered as unknown as Answer)).toContain(`${citation?.section} · 第${citation?.page}页`);
  });
});
