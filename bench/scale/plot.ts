/** A log-log plot of measurements against the number of reports, as a standalone SVG. */

export interface Line {
  label: string;
  color: string;
  dashed?: boolean;
  points: [number, number][];
}

const WIDTH = 760;
const HEIGHT = 420;
const LEFT = 70;
const RIGHT = 200;
const TOP = 40;
const BOTTOM = 50;

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function decades(low: number, high: number): number[] {
  const out: number[] = [];
  for (let p = Math.floor(Math.log10(low)); p <= Math.ceil(Math.log10(high)); p++) out.push(10 ** p);
  return out;
}

export function logLogPlot(title: string, xLabel: string, yLabel: string, lines: readonly Line[]): string {
  const xs = lines.flatMap((l) => l.points.map((p) => p[0]));
  const ys = lines.flatMap((l) => l.points.map((p) => p[1])).filter((y) => y > 0);
  const xTicks = decades(Math.min(...xs), Math.max(...xs));
  const yTicks = decades(Math.min(...ys), Math.max(...ys));
  const [x0, x1] = [Math.log10(xTicks[0] ?? 1), Math.log10(xTicks.at(-1) ?? 10)];
  const [y0, y1] = [Math.log10(yTicks[0] ?? 1), Math.log10(yTicks.at(-1) ?? 10)];
  const px = (x: number) => LEFT + ((Math.log10(x) - x0) / (x1 - x0 || 1)) * (WIDTH - LEFT - RIGHT);
  const py = (y: number) => HEIGHT - BOTTOM - ((Math.log10(y) - y0) / (y1 - y0 || 1)) * (HEIGHT - TOP - BOTTOM);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#fff"/>`,
    `<text x="${LEFT}" y="22" font-size="14" font-weight="bold">${escape(title)}</text>`,
    ...xTicks.map((x) => `<line x1="${px(x)}" x2="${px(x)}" y1="${TOP}" y2="${HEIGHT - BOTTOM}" stroke="#ddd"/><text x="${px(x)}" y="${HEIGHT - BOTTOM + 16}" text-anchor="middle">${x}</text>`),
    ...yTicks.map((y) => `<line x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${py(y)}" y2="${py(y)}" stroke="#ddd"/><text x="${LEFT - 6}" y="${py(y) + 4}" text-anchor="end">${y}</text>`),
    `<text x="${(LEFT + WIDTH - RIGHT) / 2}" y="${HEIGHT - 12}" text-anchor="middle">${escape(xLabel)}</text>`,
    `<text transform="translate(16 ${(TOP + HEIGHT - BOTTOM) / 2}) rotate(-90)" text-anchor="middle">${escape(yLabel)}</text>`,
  ];
  lines.forEach((line, i) => {
    const points = line.points.filter((p) => p[1] > 0);
    parts.push(`<polyline fill="none" stroke="${line.color}" stroke-width="2"${line.dashed ? ' stroke-dasharray="6 4"' : ''} points="${points.map(([x, y]) => `${px(x).toFixed(1)},${py(y).toFixed(1)}`).join(' ')}"/>`);
    for (const [x, y] of points) parts.push(`<circle cx="${px(x).toFixed(1)}" cy="${py(y).toFixed(1)}" r="3" fill="${line.color}"/>`);
    const ly = TOP + 10 + i * 18;
    parts.push(`<line x1="${WIDTH - RIGHT + 14}" x2="${WIDTH - RIGHT + 38}" y1="${ly}" y2="${ly}" stroke="${line.color}" stroke-width="2"${line.dashed ? ' stroke-dasharray="6 4"' : ''}/><text x="${WIDTH - RIGHT + 44}" y="${ly + 4}">${escape(line.label)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}
