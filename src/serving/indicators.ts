/**
 * `GET /api/indicators` and `GET /api/indicators/:id`: the indicator table built at ingest, listed by indicator, and
 * one indicator's rows as JSON or CSV.
 */
import type { Response } from 'express';
import { filteredReports } from '../answering/ask.ts';
import { AppError } from '../errors.ts';
import type { CorpusIndex } from '../indexing/corpus-index.ts';
import { indicatorCounts, indicatorById, indicatorRows, type IndicatorCount } from '../indicators/lookup.ts';
import type { IndicatorRow } from '../indicators/row.ts';
import { indicatorQuerySchema, parseWith } from '../intake/request.ts';
import { toCsv, type CsvField } from './csv.ts';

/** A row as the API gives it: every field present, null where the figure has none, so that rows and columns line up. */
export interface ApiIndicatorRow {
  region: string;
  reportId: string;
  period: string;
  kind: IndicatorRow['kind'];
  estimate: boolean;
  value: number | null;
  low: number | null;
  high: number | null;
  unit: string;
  qualifier: string | null;
  stretch: { text: string; value: number | null } | null;
  quote: string;
  chunkId: string;
  section: string;
}

function apiRow(row: IndicatorRow): ApiIndicatorRow {
  return {
    region: row.region,
    reportId: row.reportId,
    period: row.period,
    kind: row.kind,
    estimate: row.estimate,
    value: row.value,
    low: row.low ?? null,
    high: row.high ?? null,
    unit: row.unit,
    qualifier: row.qualifier ?? null,
    stretch: row.stretch ?? null,
    quote: row.quote,
    chunkId: row.chunkId,
    section: row.section,
  };
}

/** The CSV's columns: the JSON row's fields, its stretch goal spread over two. */
const CSV_HEADER = ['region', 'reportId', 'period', 'kind', 'estimate', 'value', 'low', 'high', 'unit', 'qualifier', 'stretch', 'stretchValue', 'quote', 'chunkId', 'section'];

function csvRecord(r: ApiIndicatorRow): CsvField[] {
  return [r.region, r.reportId, r.period, r.kind, r.estimate, r.value, r.low, r.high, r.unit, r.qualifier, r.stretch?.text ?? null, r.stretch?.value ?? null, r.quote, r.chunkId, r.section];
}

export function indicatorList(index: CorpusIndex): { indicators: IndicatorCount[] } {
  return { indicators: indicatorCounts(index.indicators) };
}

/** One indicator's rows as the query asks: the id first (404), then the query (400), as JSON or a CSV download. */
export function sendIndicator(res: Response, index: CorpusIndex, id: string, query: unknown): void {
  const indicator = indicatorById(id);
  if (!indicator) throw new AppError('unknown-indicator', `no indicator with id "${id}"`);
  const { year, kind, region, format } = parseWith(indicatorQuerySchema, query);
  const rows = indicatorRows(index.indicators, id, { year, kind, reportIds: filteredReports(index, { region }) }).map(apiRow);
  if (format === 'csv') {
    // The id is one of the definitions' (`[a-z][a-z0-9_]*`): nothing in it needs escaping in the header.
    res.set({ 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${indicator.id}.csv"` });
    res.send(toCsv(CSV_HEADER, rows.map(csvRecord)));
    return;
  }
  const { name, nameEn, measure, unit } = indicator;
  res.json({ indicator: { id: indicator.id, name, nameEn, measure, unit }, rows });
}
