/**
 * The rows of the indicator table a question across reports rests on, and what it picks from them: the highest or
 * lowest, those comparing so with a number, all of them. A figure without a number (`与全国一致`) is listed, never
 * ranked or compared.
 */
import type { Comparison } from '../../domain.ts';
import { indicatorById } from '../../indicators/lookup.ts';
import type { IndicatorRow } from '../../indicators/row.ts';
import { convert, figureIn } from '../../indicators/units.ts';
import type { AggregateAsk } from './read-form.ts';

const SINGLE_YEAR = /^\d{4}$/;

/** A target is set in its year's report, a result reviewed in the next: that report's row is the region's figure. */
function ownReport(row: IndicatorRow): boolean {
  const year = Number(row.reportId.slice(0, 4));
  return year === Number(row.period) + (row.kind === 'result' ? 1 : 0);
}

/** One row per key, the one from the report that states it as its own, then the first with a comparable number. */
function onePer(rows: readonly IndicatorRow[], key: (row: IndicatorRow) => string): IndicatorRow[] {
  const best = new Map<string, IndicatorRow>();
  const rank = (row: IndicatorRow) => (ownReport(row) ? 0 : 2) + (comparable(row) ? 0 : 1);
  for (const row of rows) {
    const held = best.get(key(row));
    if (!held || rank(row) < rank(held)) best.set(key(row), row);
  }
  return [...best.values()];
}

export function hasNumber(row: IndicatorRow): boolean {
  return row.value !== null || (row.low !== undefined && row.high !== undefined);
}

/** A number of the row in its indicator's usual unit (`万吨` as `亿斤`); undefined in a unit of another kind. */
function inUsualUnit(row: IndicatorRow, value: number | undefined): number | undefined {
  return value === undefined ? undefined : convert(value, row.unit, usualUnit(row));
}

function usualUnit(row: IndicatorRow): string {
  return indicatorById(row.indicator)?.unit ?? row.unit;
}

/** The figure a row is ranked by, in its indicator's usual unit: its value, or the middle of its range. */
export function figureOf(row: IndicatorRow): number | undefined {
  return figureIn(row, usualUnit(row));
}

/** Whether the row's figure ranks beside the others: it has a number, in a unit that converts to the usual one. */
export function comparable(row: IndicatorRow): boolean {
  return figureOf(row) !== undefined;
}

/** The rows asked about, in the table's order: of provinces (or cities) in one year, or of one region year by year. */
export function rowsAsked(table: readonly IndicatorRow[], ask: AggregateAsk): { rows: IndicatorRow[]; year?: number } {
  const ofKind = table.filter((r) => r.indicator === ask.indicator.id && r.kind === ask.kind && SINGLE_YEAR.test(r.period));
  if (ask.form === 'series') {
    const own = ofKind.filter((r) => r.region === ask.region?.name);
    return { rows: onePer(own, (r) => r.period).sort((a, b) => Number(a.period) - Number(b.period)) };
  }
  const regions = ofKind.filter((r) => r.regionLevel === ask.level);
  // No year named: the latest the regions' reports state.
  const year = ask.year ?? Math.max(...regions.map((r) => Number(r.period)));
  return { rows: onePer(regions.filter((r) => Number(r.period) === year), (r) => r.region), year };
}

/** The regions at the top (or bottom) of the ranking: `top` of them, and whoever ties with the last. */
export function ranked(rows: readonly IndicatorRow[], order: 'highest' | 'lowest', top = 1): IndicatorRow[] {
  const sign = order === 'highest' ? -1 : 1;
  const sorted = rows.filter(comparable).sort((a, b) => sign * ((figureOf(a) ?? 0) - (figureOf(b) ?? 0)));
  const last = sorted[Math.min(top, sorted.length) - 1];
  if (!last) return [];
  const bound = figureOf(last) ?? 0;
  return sorted.filter((row) => sign * ((figureOf(row) ?? 0) - bound) <= 0);
}

/** Whether a figure compares so with the number; a range only when the whole of it does. */
export function compares(row: IndicatorRow, comparison: Comparison): boolean {
  const { op } = comparison;
  const low = inUsualUnit(row, row.value ?? row.low);
  const high = inUsualUnit(row, row.value ?? row.high);
  // A number the question writes in a unit of the same kind (`1000万吨`) is compared in the indicator's.
  const value = comparison.unit ? (convert(comparison.value, comparison.unit, usualUnit(row)) ?? comparison.value) : comparison.value;
  if (low === undefined || high === undefined) return false;
  switch (op) {
    case 'gt':
      return low > value;
    case 'gte':
      return low >= value;
    case 'lt':
      return high < value;
    case 'lte':
      return high <= value;
    case 'eq':
      // `是5%左右` asks for figures about the number: one it bounds (`5%以上`, `5%以内`) is not.
      return low === value && high === value && (!comparison.about || row.qualifier === undefined || row.qualifier === '左右');
    case 'ne':
      return high < value || low > value;
  }
}

/** Rows in the ranking's order, highest first, those without a number last. */
export function byFigure(rows: readonly IndicatorRow[], order: 'highest' | 'lowest' = 'highest'): IndicatorRow[] {
  const sign = order === 'highest' ? -1 : 1;
  return [...rows].sort((a, b) => {
    const fa = figureOf(a);
    const fb = figureOf(b);
    if (fa === undefined || fb === undefined) return (fa === undefined ? 1 : 0) - (fb === undefined ? 1 : 0);
    return sign * (fa - fb);
  });
}
