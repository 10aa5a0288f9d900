/**
 * A corpus of many times the reports, made of the real ones: each copy of a report keeps its text and metadata under
 * an id of its own, so its chunks are new chunks of real text, and their vectors come from the embedding cache.
 */
import { chunkReports } from '../../src/chunking/chunk.ts';
import type { Report } from '../../src/domain.ts';
import type { Inputs } from '../../src/indexing/build.ts';

export function multiplied(inputs: Inputs, times: number): Inputs {
  const reports: Report[] = [];
  for (let copy = 0; copy < times; copy++) {
    for (const report of inputs.parsed.reports) reports.push(copy === 0 ? report : { ...report, id: `${report.id}-copy${copy}` });
  }
  return { ...inputs, files: [], parsed: { reports, duplicates: [], skipped: [] }, chunks: chunkReports(reports) };
}
