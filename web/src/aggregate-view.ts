/**
 * What an answer across reports shows under its sentence: a bar chart of its rows (by figure; a region's years by
 * year), the rows as a sortable table, and a link to download the indicator's rows as CSV. Figures are worded as the
 * reports write them, as the quotes beside them are.
 */
import { figureLabel } from '../../src/indicators/figure.ts';
import { convert, figureIn } from '../../src/indicators/units.ts';
import { aggregateTable, type TableRow } from './aggregate-table.ts';
import { barChart, type Bar } from './bar-chart.ts';
import { h } from './dom.ts';
import { language } from './i18n.ts';
import type { Aggregate, AnswerTable } from './types.ts';

type Row = AnswerTable['rows'][number];

export type OpenCitationNumber = (n: number, trigger: HTMLButtonElement) => void;

/** A number of the row in the indicator's unit (`1955万吨` drawn as `391亿斤`); undefined in a unit of another kind. */
function inUnit(row: Row, unit: string, value: number | undefined): number | undefined {
  return value === undefined ? undefined : convert(value, row.unit, unit);
}

/** `2025年地区生产总值增长目标`, `贵阳市地区生产总值增长（实际，历年）`, `GDP growth targets, 2025`. */
function titleOf(table: AnswerTable, aggregate: Aggregate): string {
  const { name, nameEn } = table.indicator;
  const region = table.rows[0]?.region ?? '';
  const period = aggregate.periods[0] ?? '';
  if (language() === 'en') {
    const kind = aggregate.kind === 'target' ? 'targets' : 'results';
    return aggregate.form === 'series' ? `${region}: ${nameEn} ${kind} by year` : `${nameEn} ${kind}, ${period}`;
  }
  const kind = aggregate.kind === 'target' ? '目标' : '实际';
  return aggregate.form === 'series' ? `${region}${name}（${kind}，历年）` : `${period}年${name}${aggregate.kind === 'target' ? '目标' : '（实际）'}`;
}

/** The indicator's rows as the answer reads them, as CSV: of its year and kind, or of its region's years. */
export function csvUrl(table: AnswerTable, aggregate: Aggregate): string {
  const query = new URLSearchParams();
  if (aggregate.form === 'series') query.set('region', table.rows[0]?.region ?? '');
  else query.set('year', aggregate.periods[0] ?? '');
  query.set('kind', aggregate.kind);
  query.set('format', 'csv');
  return `/api/indicators/${encodeURIComponent(table.indicator.id)}?${query.toString()}`;
}

/** A bar on the indicator's scale; one whose unit does not convert keeps its text and is not drawn. */
function bar(row: Row, unit: string): Bar {
  const value = row.value !== null ? inUnit(row, unit, row.value) : undefined;
  const low = inUnit(row, unit, row.low);
  const high = inUnit(row, unit, row.high);
  const stretch = inUnit(row, unit, row.stretch?.value ?? undefined);
  return {
    n: row.n,
    name: row.region,
    text: figureLabel(row, 'zh'),
    ...(value !== undefined ? { value } : {}),
    ...(low !== undefined && high !== undefined ? { low, high } : {}),
    ...(stretch !== undefined ? { stretch } : {}),
  };
}

/** The bars in the answer's order, which ranks them; every region's figure, highest first; a region's years by year. */
function chartBars(table: AnswerTable, aggregate: Aggregate): Bar[] {
  const { unit } = table.indicator;
  if (aggregate.form === 'series') return [...table.rows].sort((a, b) => a.period.localeCompare(b.period)).map((row) => ({ ...bar(row, unit), name: row.period }));
  if (aggregate.form !== 'list') return table.rows.map((row) => bar(row, unit));
  const ranked = [...table.rows].sort((a, b) => (figureIn(b, unit) ?? Number.NEGATIVE_INFINITY) - (figureIn(a, unit) ?? Number.NEGATIVE_INFINITY));
  return ranked.map((row) => bar(row, unit));
}

function tableRow(row: Row, unit: string): TableRow {
  return { n: row.n, region: row.region, period: row.period, figure: figureLabel(row, 'zh'), sortValue: figureIn(row, unit), quote: row.quote };
}

export function aggregateView(table: AnswerTable, aggregate: Aggregate, open: OpenCitationNumber): HTMLElement {
  const title = titleOf(table, aggregate);
  const download = h('a', { class: 'button button-small button-quiet csv-link', attrs: { href: csvUrl(table, aggregate), download: `${table.indicator.id}.csv` } }, h('span', { label: 'downloadCsv' }));
  return h(
    'section',
    { class: 'aggregate' },
    barChart(chartBars(table, aggregate), { title, unit: table.indicator.unit, open }),
    aggregateTable(table.rows.map((row) => tableRow(row, table.indicator.unit)), { caption: title, open }),
    h('div', { class: 'answer-actions' }, download),
  );
}
