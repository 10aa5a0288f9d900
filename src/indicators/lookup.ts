/** The indicator table as it is asked about: how many rows each indicator has, and one indicator's rows chosen and ordered. */
import { INDICATORS, type Indicator } from './definitions.ts';
import type { IndicatorRow } from './row.ts';

export interface IndicatorCount {
  id: string;
  name: string;
  nameEn: string;
  unit: string;
  rows: number;
}

/** Every defined indicator in the definitions' order, with its count of rows; one the reports never state counts 0. */
export function indicatorCounts(table: readonly IndicatorRow[]): IndicatorCount[] {
  const counts = new Map<string, number>();
  for (const row of table) counts.set(row.indicator, (counts.get(row.indicator) ?? 0) + 1);
  return INDICATORS.map(({ id, name, nameEn, unit }) => ({ id, name, nameEn, unit, rows: counts.get(id) ?? 0 }));
}

const BY_ID = new Map(INDICATORS.map((indicator) => [indicator.id, indicator]));

export function indicatorById(id: string): Indicator | undefined {
  return BY_ID.get(id);
}

export interface RowFilter {
  /** Rows whose period is exactly this year; a plan's span (`2021-2025`) matches no year. */
  year?: number | undefined;
  kind?: IndicatorRow['kind'] | undefined;
  /** Rows of these reports only. */
  reportIds?: ReadonlySet<string> | undefined;
}

const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * One indicator's rows that pass the filter, by region (in the order the reports are listed), period and kind
 * (`result` before `target`); rows alike in all three keep the table's order, which the ingest fixes.
 */
export function indicatorRows(table: readonly IndicatorRow[], id: string, filter: RowFilter = {}): IndicatorRow[] {
  const period = filter.year === undefined ? undefined : String(filter.year);
  return table
    .filter(
      (row) =>
        row.indicator === id &&
        (period === undefined || row.period === period) &&
        (filter.kind === undefined || row.kind === filter.kind) &&
        (filter.reportIds === undefined || filter.reportIds.has(row.reportId)),
    )
    .sort((a, b) => a.region.localeCompare(b.region, 'zh') || byCodeUnits(a.period, b.period) || byCodeUnits(a.kind, b.kind));
}
