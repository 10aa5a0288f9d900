/** Metric tables, written as Markdown whose columns also line up in a terminal. */
import stringWidth from 'string-width';
import type { GroupMetrics } from './metrics.ts';

export function rate(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : value.toFixed(3);
}

export function ms(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : value.toFixed(1);
}

export function delta(now: number | null | undefined, before: number | null | undefined, digits = 3): string {
  if (now === null || now === undefined || before === null || before === undefined) return '—';
  const d = now - before;
  if (Math.abs(d) < 0.5 * 10 ** -digits) return '±0';
  return `${d > 0 ? '+' : '−'}${Math.abs(d).toFixed(digits)}`;
}

export function markdownTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  // Chinese characters take two terminal columns.
  const widths = headers.map((h, i) => Math.max(stringWidth(h), ...rows.map((r) => stringWidth(cell(r[i] ?? '')))));
  const pad = (text: string, width: number) => text + ' '.repeat(Math.max(0, width - stringWidth(text)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => pad(cell(c), widths[i] ?? 0)).join(' | ')} |`;
  return [line(headers), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.map(line)].join('\n');
}

const METRIC_COLUMNS: readonly [string, (m: GroupMetrics) => string][] = [
  ['items', (m) => String(m.items)],
  ['R@1', (m) => rate(m.recallAt1)],
  ['R@5', (m) => rate(m.recallAt5)],
  ['R@10', (m) => rate(m.recallAt10)],
  ['MRR', (m) => rate(m.mrr)],
  ['answer', (m) => rate(m.answerAccuracy)],
  ['precision', (m) => rate(m.answeredPrecision)],
  ['coverage', (m) => rate(m.coverage)],
  ['concise', (m) => rate(m.conciseAccuracy)],
  ['cite report', (m) => rate(m.citationAccuracy)],
  ['cite section', (m) => rate(m.citationSectionAccuracy)],
  ['refusal', (m) => rate(m.refusalAccuracy)],
  ['false refusal', (m) => rate(m.falseRefusalRate)],
  ['p50 ms', (m) => ms(m.p50Ms)],
  ['p95 ms', (m) => ms(m.p95Ms)],
];

/** Refusals by the decision's code, one row per group: what the refused questions lacked. */
export function refusalsTable(label: string, groups: readonly [string, GroupMetrics][]): string {
  const codes = [...new Set(groups.flatMap(([, m]) => Object.keys(m.refusals)))].sort();
  if (codes.length === 0) return 'No refusals.';
  return markdownTable(
    [label, ...codes],
    groups.map(([name, m]) => [name, ...codes.map((code) => String(m.refusals[code] ?? 0))]),
  );
}

/** One row per group, one column per metric. */
export function metricsTable(label: string, groups: readonly [string, GroupMetrics][]): string {
  return markdownTable(
    [label, ...METRIC_COLUMNS.map(([name]) => name)],
    groups.map(([name, m]) => [name, ...METRIC_COLUMNS.map(([, value]) => value(m))]),
  );
}
