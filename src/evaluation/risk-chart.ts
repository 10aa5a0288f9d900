/** The risk–coverage curve as a standalone SVG: answered precision against coverage, one line per curve. */

export interface RiskCurve {
  label: string;
  color: string;
  /** Coverage and answered precision at each threshold, from the strictest down. */
  points: readonly { coverage: number; precision: number }[];
  /** The threshold chosen, marked on the curve. */
  chosen?: { coverage: number; precision: number; threshold: number };
}

const WIDTH = 640;
const HEIGHT = 440;
const LEFT = 60;
const TOP = 60;
const PLOT_W = WIDTH - LEFT - 30;
const PLOT_H = HEIGHT - TOP - 50;
/** Precision is drawn from here up: below it, answers are useless. */
const FLOOR = 0.5;

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function riskChart(title: string, curves: readonly RiskCurve[], targetPrecision: number): string {
  const x = (coverage: number) => LEFT + coverage * PLOT_W;
  const y = (precision: number) => TOP + (1 - (Math.max(precision, FLOOR) - FLOOR) / (1 - FLOOR)) * PLOT_H;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#fff"/>`,
    `<text x="10" y="20" font-size="15" font-weight="bold">${escape(title)}</text>`,
  ];
  curves.forEach((curve, i) => {
    parts.push(`<rect x="${10 + i * 200}" y="32" width="12" height="12" fill="${curve.color}"/>`);
    parts.push(`<text x="${27 + i * 200}" y="42">${escape(curve.label)}</text>`);
  });
  for (const tick of [0, 0.2, 0.4, 0.6, 0.8, 1]) {
    parts.push(`<line x1="${x(tick)}" y1="${TOP}" x2="${x(tick)}" y2="${TOP + PLOT_H}" stroke="#eee"/>`);
    parts.push(`<text x="${x(tick)}" y="${TOP + PLOT_H + 16}" text-anchor="middle" fill="#666">${tick}</text>`);
  }
  for (const tick of [0.5, 0.6, 0.7, 0.8, 0.9, 1]) {
    parts.push(`<line x1="${LEFT}" y1="${y(tick)}" x2="${LEFT + PLOT_W}" y2="${y(tick)}" stroke="#eee"/>`);
    parts.push(`<text x="${LEFT - 6}" y="${y(tick) + 4}" text-anchor="end" fill="#666">${tick}</text>`);
  }
  parts.push(`<text x="${LEFT + PLOT_W / 2}" y="${HEIGHT - 8}" text-anchor="middle">coverage (answerable questions answered)</text>`);
  parts.push(`<text x="14" y="${TOP + PLOT_H / 2}" transform="rotate(-90 14 ${TOP + PLOT_H / 2})" text-anchor="middle">answered precision</text>`);
  parts.push(`<line x1="${LEFT}" y1="${y(targetPrecision)}" x2="${LEFT + PLOT_W}" y2="${y(targetPrecision)}" stroke="#c53030" stroke-dasharray="4 3"/>`);
  parts.push(`<text x="${LEFT + PLOT_W - 4}" y="${y(targetPrecision) - 4}" text-anchor="end" fill="#c53030">target ${targetPrecision}</text>`);
  for (const curve of curves) {
    const path = curve.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.coverage).toFixed(1)},${y(p.precision).toFixed(1)}`).join(' ');
    parts.push(`<path d="${path}" fill="none" stroke="${curve.color}" stroke-width="2"/>`);
    if (curve.chosen) {
      const { coverage, precision, threshold } = curve.chosen;
      parts.push(`<circle cx="${x(coverage)}" cy="${y(precision)}" r="5" fill="${curve.color}"/>`);
      parts.push(`<text x="${x(coverage) + 8}" y="${y(precision) + 16}" fill="${curve.color}">threshold ${threshold.toFixed(3)}: ${coverage.toFixed(2)} · ${precision.toFixed(3)}</text>`);
    }
  }
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
