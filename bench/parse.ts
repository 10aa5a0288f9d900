/**
 * Parsing speed by format, on the corpus's own reports printed to PDF by Chromium, written as Word files and saved
 * pages: PDF pages per second (median of RUNS passes over the PDFs, after one pass that loads pdf.js), the first PDF's
 * time with pdf.js loading, and reports per second for Word and web pages. Numbers, not assertions.
 * Run: node --import tsx bench/parse.ts [report ids…] (default: the eight longest reports)
 */
import { readReportFile } from '../src/parsing/report-file.ts';
import { corpus } from '../test/corpus.ts';
import { closeBrowser, printablePage, printPdf, reportDocx, savedPage } from '../test/parsing/fixtures.ts';

const RUNS = 3;
const length = (id: string) => corpus().reports.find((r) => r.id === id)?.paragraphs.reduce((n, p) => n + p.text.length, 0) ?? 0;
const ids = process.argv.slice(2).length > 0 ? process.argv.slice(2) : corpus().reports.map((r) => r.id).sort((a, b) => length(b) - length(a)).slice(0, 8);
const reports = ids.map((id) => {
  const report = corpus().reports.find((r) => r.id === id);
  if (!report) throw new Error(`no report ${id}`);
  return report;
});

const pdfs: Buffer[] = [];
for (const report of reports) pdfs.push(await printPdf(printablePage(report), report.title));
const docxs = await Promise.all(reports.map(reportDocx));
const pages = reports.map((report) => Buffer.from(savedPage(report, 'https://example.gov.cn/report.html')));
await closeBrowser();

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

async function timeAll(files: readonly Buffer[], name: string): Promise<{ ms: number; pages: number }> {
  const started = performance.now();
  let count = 0;
  for (const bytes of files) count += (await readReportFile(bytes, name)).pages ?? 1;
  return { ms: performance.now() - started, pages: count };
}

const first = performance.now();
await readReportFile(pdfs[0] ?? Buffer.alloc(0), 'first.pdf');
const firstMs = performance.now() - first;
const pdfRuns: { ms: number; pages: number }[] = [];
for (let run = 0; run < RUNS; run++) pdfRuns.push(await timeAll(pdfs, 'report.pdf'));
const pdfMs = median(pdfRuns.map((r) => r.ms));
const pageCount = pdfRuns[0]?.pages ?? 0;
async function medianMs(files: readonly Buffer[], name: string): Promise<number> {
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) times.push((await timeAll(files, name)).ms);
  return median(times);
}
const docxMs = await medianMs(docxs, 'report.docx');
const htmlMs = await medianMs(pages, 'report.html');

console.log(`reports: ${ids.join(', ')}`);
console.log(`PDF: ${pageCount} pages in ${pdfMs.toFixed(0)} ms: ${((pageCount / pdfMs) * 1000).toFixed(1)} pages/s (median of ${RUNS}); the first PDF, loading pdf.js: ${firstMs.toFixed(0)} ms`);
console.log(`Word: ${reports.length} reports in ${docxMs.toFixed(0)} ms: ${((reports.length / docxMs) * 1000).toFixed(1)} reports/s`);
console.log(`web page: ${reports.length} reports in ${htmlMs.toFixed(0)} ms: ${((reports.length / htmlMs) * 1000).toFixed(1)} reports/s`);
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
