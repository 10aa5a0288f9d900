/**
 * The top-level headings of each report's chunks in a build, read once as the build is opened: weighted searches are
 * bounded report by report by them, and the chunks under a heading are found through them.
 */
import type { Pool } from './pool.ts';
import { partition } from './write-build.ts';

export type ReportHeadings = Map<string, (string | undefined)[]>;

/** Starts reading them now (a second at 1,750 reports) and gives them when asked; a failed read is tried again. */
export function buildHeadings(pool: Pool, build: number): () => Promise<ReportHeadings> {
  let headings: Promise<ReportHeadings> | undefined;
  function read(): Promise<ReportHeadings> {
    headings ??= pool.query<{ report_id: string; top_heading: string | null }>(`SELECT DISTINCT report_id, top_heading FROM ${partition('index_chunks', build)}`).then(({ rows }) => {
      const byReport: ReportHeadings = new Map();
      for (const row of rows) byReport.set(row.report_id, [...(byReport.get(row.report_id) ?? []), row.top_heading ?? undefined]);
      return byReport;
    });
    headings.catch(() => {
      headings = undefined;
    });
    return headings;
  }
  void read();
  return read;
}
