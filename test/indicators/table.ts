/** The indicator table of the shipped corpus, extracted once per test file. */
import { chunkReports } from '../../src/chunking/chunk.ts';
import type { Chunk } from '../../src/domain.ts';
import { extractIndicators } from '../../src/indicators/extract.ts';
import type { IndicatorRow } from '../../src/indicators/row.ts';
import { corpus } from '../corpus.ts';

let table: { rows: IndicatorRow[]; chunks: Map<string, Chunk> } | undefined;

export function corpusTable(): { rows: IndicatorRow[]; chunks: Map<string, Chunk> } {
  if (!table) {
    const chunks = chunkReports(corpus().reports);
    table = { rows: extractIndicators(corpus().reports, chunks), chunks: new Map(chunks.map((c) => [c.id, c])) };
  }
  return table;
}

export function rowsOf(reportId: string, indicator: string): IndicatorRow[] {
  return corpusTable().rows.filter((r) => r.reportId === reportId && r.indicator === indicator);
}
