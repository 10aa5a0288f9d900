/** A bar chart of the per-kind scores as a standalone SVG file. */
import type { GroupMetrics, Metrics } from './metrics.ts';

interface Series {
  label: string;
  color: string;
  value: (m: GroupMetrics, kind: string) => number | null;
}

const SERIES: readonly Series[] = [
  {
    label: 'answer accuracy (unanswerable: refused)',
    color: '#2b6cb0',
    value: (m, kind) => (kind === 'unanswerable' ? m.refusalAccuracy : m.answerAccuracy),
  },
  { label: 'Recall@5', color: '#2f855a', value: (m) => m.recallAt5 },
  { label: 'cites the gold report', color: '#c05621', value: (m) => m.citationAccuracy },
];

const WIDTH = 760;
const LABEL_WIDTH = 150;
const PLOT_WIDTH = WIDTH - LABEL_WIDTH - 60;
const BAR = 12;
const GAP = 3;
const ROW = SERIES.length * (BAR + GAP) + 14;
const TOP = 70;
/** Rough width of a 12px sans-serif character, to space the legend entries. */
const LEGEND_CHAR_WIDTH = 6.5;

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function kindChart(metrics: Metrics, title: string): string {
  const rows: [string, GroupMetrics][] = [['all', metrics], ...Object.entries(metrics.byKind)];
  const height = TOP + rows.length * ROW + 20;
  const x = (value: number) => LABEL_WIDTH + value * PLOT_WIDTH;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${height}" fill="#fff"/>`,
    `<text x="10" y="20" font-size="15" font-weight="bold">${escape(title)}</text>`,
  ];
  let lx = 10;
  for (const series of SERIES) {
    parts.push(`<rect x="${lx}" y="32" width="12" height="12" fill="${series.color}"/>`);
    parts.push(`<text x="${lx + 17}" y="42">${escape(series.label)}</text>`);
    lx += 40 + series.label.length * LEGEND_CHAR_WIDTH;
  }
  for (const tick of [0, 0.25, 0.5, 0.75, 1]) {
    parts.push(`<line x1="${x(tick)}" y1="${TOP - 8}" x2="${x(tick)}" y2="${height - 20}" stroke="#ddd"/>`);
    parts.push(`<text x="${x(tick)}" y="${height - 6}" text-anchor="middle" fill="#666">${tick}</text>`);
  }
  rows.forEach(([kind, m], row) => {
    const y = TOP + row * ROW;
    parts.push(`<text x="${LABEL_WIDTH - 8}" y="${y + ROW / 2 - 4}" text-anchor="end">${escape(`${kind} (${m.items})`)}</text>`);
    SERIES.forEach((series, i) => {
      const value = series.value(m, kind);
      const by = y + i * (BAR + GAP);
      if (value === null) {
        parts.push(`<text x="${x(0) + 4}" y="${by + BAR - 2}" fill="#999">n/a</text>`);
        return;
      }
      parts.push(`<rect x="${x(0)}" y="${by}" width="${(value * PLOT_WIDTH).toFixed(1)}" height="${BAR}" fill="${series.color}"/>`);
      parts.push(`<text x="${x(value) + 4}" y="${by + BAR - 2}">${value.toFixed(2)}</text>`);
    });
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
