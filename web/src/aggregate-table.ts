/**
 * The rows an answer across reports rests on, as a table sorted by whichever column header was clicked last
 * (citation, region, year or figure; again to reverse), each row's citation number a button that opens its source.
 * Inside a box that scrolls sideways on a narrow screen, which the keyboard can scroll too.
 */
import { h } from './dom.ts';
import { ariaLabel, type StringKey } from './i18n.ts';

export interface TableRow {
  n: number;
  region: string;
  period: string;
  /** The figure as written, `6%左右`; undefined when the report gives no number. */
  figure: string | undefined;
  /** What the row sorts by in the figure's column: its value, or the middle of its range. */
  sortValue: number | undefined;
  quote: string;
}

export type OpenRow = (n: number, trigger: HTMLButtonElement) => void;

type SortKey = 'n' | 'region' | 'period' | 'figure';
type Direction = 'ascending' | 'descending';

const COLUMNS: readonly { key: SortKey | 'quote'; title: StringKey }[] = [
  { key: 'n', title: 'tableSource' },
  { key: 'region', title: 'tableRegion' },
  { key: 'period', title: 'tablePeriod' },
  { key: 'figure', title: 'tableFigure' },
  { key: 'quote', title: 'tableQuote' },
];

const collator = new Intl.Collator('zh-CN');

/** Compares two rows by a column; rows without a figure go last whichever way the figures run. */
function compare(a: TableRow, b: TableRow, key: SortKey, direction: Direction): number {
  const sign = direction === 'ascending' ? 1 : -1;
  switch (key) {
    case 'n':
      return sign * (a.n - b.n);
    case 'region':
      return sign * collator.compare(a.region, b.region) || a.n - b.n;
    case 'period':
      return sign * a.period.localeCompare(b.period) || a.n - b.n;
    case 'figure':
      if (a.sortValue === undefined || b.sortValue === undefined) return (a.sortValue === undefined ? 1 : 0) - (b.sortValue === undefined ? 1 : 0) || a.n - b.n;
      return sign * (a.sortValue - b.sortValue) || a.n - b.n;
  }
}

function citationButton(n: number, open: OpenRow): HTMLButtonElement {
  const button = h('button', { class: 'chip table-chip', attrs: { type: 'button', 'aria-controls': 'source-panel', 'aria-haspopup': 'dialog', 'aria-expanded': 'false' } }, String(n));
  ariaLabel(button, 'citation', String(n));
  button.addEventListener('click', () => open(n, button));
  return button;
}

/** `caption` names the table for assistive technology and shows above it. */
export function aggregateTable(rows: readonly TableRow[], options: { caption: string; open: OpenRow }): HTMLElement {
  const body = h('tbody');
  const lines = new Map(
    rows.map((row) => [
      row,
      h(
        'tr',
        {},
        h('td', { class: 'table-n' }, citationButton(row.n, options.open)),
        h('th', { class: 'table-region', attrs: { scope: 'row' } }, row.region),
        h('td', { class: 'table-period' }, row.period),
        row.figure === undefined ? h('td', { class: 'table-figure table-none', label: 'noNumber' }) : h('td', { class: 'table-figure' }, row.figure),
        h('td', { class: 'table-quote' }, row.quote),
      ),
    ]),
  );
  const headers = new Map<SortKey, HTMLTableCellElement>();
  let sorted: { key: SortKey; direction: Direction } = { key: 'n', direction: 'ascending' };

  const sort = (key: SortKey, direction: Direction): void => {
    sorted = { key, direction };
    body.replaceChildren(...[...rows].sort((a, b) => compare(a, b, key, direction)).map((row) => lines.get(row) as HTMLTableRowElement));
    for (const [column, header] of headers) {
      if (column === key) header.setAttribute('aria-sort', direction);
      else header.removeAttribute('aria-sort');
    }
  };

  const headerCells = COLUMNS.map(({ key, title }) => {
    if (key === 'quote') return h('th', { attrs: { scope: 'col' }, label: title });
    const caption = h('span', { label: title });
    const button = h('button', { class: 'sort-button', attrs: { type: 'button' } }, caption, h('span', { class: 'sort-mark', attrs: { 'aria-hidden': 'true' } }));
    button.addEventListener('click', () => {
      // A figure is first wanted highest first; anything else from the start.
      const first: Direction = key === 'figure' ? 'descending' : 'ascending';
      sort(key, sorted.key !== key ? first : sorted.direction === 'ascending' ? 'descending' : 'ascending');
    });
    const cell = h('th', { attrs: { scope: 'col' } }, button);
    headers.set(key, cell);
    return cell;
  });
  sort('n', 'ascending');

  const table = h('table', { class: 'aggregate-table' }, h('caption', { class: 'visually-hidden' }, options.caption), h('thead', {}, h('tr', {}, ...headerCells)), body);
  // Focusable, so that the keyboard can scroll a table wider than the screen.
  const scroller = h('div', { class: 'table-scroll', attrs: { tabindex: '0', role: 'region' } }, table);
  scroller.setAttribute('aria-label', options.caption);
  return scroller;
}

