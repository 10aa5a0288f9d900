/**
 * The indicator table of the shipped corpus: how long extraction takes, how many rows each indicator has by kind,
 * and the table's size; measured against the hand-read reference of eval/indicators/ when it is there. Numbers,
 * not assertions.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { chunkReports } from '../src/chunking/chunk.ts';
import { loadConfig } from '../src/config.ts';
import { INDICATORS } from '../src/indicators/definitions.ts';
import { extractIndicators } from '../src/indicators/extract.ts';
import type { IndicatorRow } from '../src/indicators/row.ts';
import { readCorpus } from '../src/parsing/corpus.ts';

const RUNS = 5;
const REFERENCE = resolve(import.meta.dirname, '../eval/indicators/reference-2025.jsonl');

const { corpusDir } = loadConfig();
const { reports } = await readCorpus(corpusDir);
const chunks = chunkReports(reports);

const times: number[] = [];
let rows: IndicatorRow[] = [];
for (let run = 0; run < RUNS; run++) {
  const started = performance.now();
  rows = extractIndicators(reports, chunks);
  times.push(performance.now() - started);
}
times.sort((a, b) => a - b);
const bytes = Buffer.byteLength(JSON.stringify(rows));
console.log(`extraction: ${rows.length} rows from ${chunks.length} chunks of ${reports.length} reports, median ${times[Math.floor(RUNS / 2)]?.toFixed(0)} ms of ${RUNS} runs, slowest ${times.at(-1)?.toFixed(0)} ms`);
console.log(`table: ${bytes} bytes as JSON (${(bytes / 1024).toFixed(1)} KiB)`);

const count = (indicator: string, kind: IndicatorRow['kind']): number => rows.filter((r) => r.indicator === indicator && r.kind === kind).length;
console.log('\nrows by indicator    target  result');
for (const { id } of INDICATORS) console.log(`${id.padEnd(30)} ${String(count(id, 'target')).padStart(6)} ${String(count(id, 'result')).padStart(7)}`);
const numberless = rows.filter((r) => r.value === null && r.low === undefined).length;
console.log(`(targets without a number: ${numberless}; estimates: ${rows.filter((r) => r.estimate).length})`);

/** A row read by hand; `absent` when the report states no such figure. */
const referenceRow = z.object({
  reportId: z.string(),
  indicator: z.string(),
  period: z.union([z.number(), z.string()]).transform(String),
  kind: z.enum(['target', 'result']),
  value: z.number().nullable().optional(),
  low: z.number().optional(),
  high: z.number().optional(),
  absent: z.boolean().optional(),
});
type ReferenceRow = z.infer<typeof referenceRow>;

const keyOf = (r: { reportId: string; indicator: string; period: string; kind: string }): string => `${r.reportId}|${r.indicator}|${r.period}|${r.kind}`;
const same = (a: number | null | undefined, b: number | null | undefined): boolean => (a ?? null) === (b ?? null) || (a != null && b != null && Math.abs(a - b) < 1e-9);
const matches = (row: IndicatorRow, ref: ReferenceRow): boolean =>
  keyOf(row) === keyOf(ref) && same(row.value, ref.value) && same(row.low, ref.low) && same(row.high, ref.high);

if (existsSync(REFERENCE)) {
  const reference = readFileSync(REFERENCE, 'utf8').split('\n').filter((line) => line.trim()).map((line) => referenceRow.parse(JSON.parse(line)));
  // Only the rows of what the reference covers are judged: its reports, indicators, years and kinds.
  const covered = new Set(reference.map(keyOf));
  console.log(`\nagainst ${REFERENCE.replace(`${resolve(import.meta.dirname, '..')}/`, '')} (${reference.length} rows read by hand)`);
  console.log('indicator                 period kind    precision        recall');
  const scopes = [...new Set(reference.map((r) => `${r.indicator}|${r.period}|${r.kind}`))];
  for (const scope of scopes) {
    const [indicator = '', period = '', kind = ''] = scope.split('|');
    const inScope = (r: { indicator: string; period: string; kind: string }): boolean => r.indicator === indicator && r.period === period && r.kind === kind;
    const stated = reference.filter((r) => inScope(r) && !r.absent);
    const extracted = rows.filter((r) => inScope(r) && covered.has(keyOf(r)));
    const right = extracted.filter((row) => stated.some((ref) => matches(row, ref))).length;
    const found = stated.filter((ref) => extracted.some((row) => matches(row, ref))).length;
    const ratio = (n: number, d: number): string => `${d === 0 ? '—' : (n / d).toFixed(3)} (${n}/${d})`.padEnd(16);
    console.log(`${indicator.padEnd(25)} ${period.padEnd(6)} ${kind.padEnd(7)} ${ratio(right, extracted.length)} ${ratio(found, stated.length)}`);
  }
}
