/**
 * A corpus of many times the reports, made of the real ones: each copy of a report keeps its text and year under an id
 * and a region of its own (`贵阳市` copied as `贵阳市·2`), as many regions' reports would be, so its chunks are new
 * chunks of real text, their vectors come from the embedding cache, and a question naming a region reaches that
 * region's reports alone while one naming only a year reaches every copy of that year.
 */
import { chunkReports } from '../../src/chunking/chunk.ts';
import type { Report } from '../../src/domain.ts';
import type { Inputs } from '../../src/indexing/build.ts';

export function multiplied(inputs: Inputs, times: number): Inputs {
  const reports: Report[] = [];
  for (let copy = 0; copy < times; copy++) {
    for (const report of inputs.parsed.reports) reports.push(copy === 0 ? report : { ...report, id: `${report.id}-copy${copy}`, region: `${report.region}·${copy}` });
  }
  return { ...inputs, files: [], parsed: { reports, duplicates: [], skipped: [] }, chunks: chunkReports(reports) };
}
