/**
 * The risk–coverage curve of a run: every question answered whatever its confidence, then, for every threshold, how
 * many would be answered and how many of those rightly. It shows what another threshold would buy and cost.
 */
import type { EvaluatedItem } from './evaluate.ts';
import { riskCoverage, type CurvePoint } from './fit/cross-validate.ts';
import { riskChart } from './risk-chart.ts';
import { markdownTable, rate } from './tables.ts';

export function sweepCurve(items: readonly EvaluatedItem[]): CurvePoint[] {
  return riskCoverage(
    items.map((item) => ({
      id: item.id,
      answerable: item.score.answerable,
      // Refused whatever the threshold: by a rule, or with nothing weighed.
      confidence: item.score.refused ? -1 : (item.score.confidence ?? 1),
      right: item.score.correct,
    })),
  );
}

/** The curve as a few rows: at the thresholds that answer a tenth, two tenths, … of the questions answered at all. */
export function sweepTable(curve: readonly CurvePoint[], threshold: number): string {
  const picked = new Set<CurvePoint>();
  for (let tenth = 1; tenth <= 10; tenth++) {
    const at = curve[Math.min(curve.length - 1, Math.ceil((tenth / 10) * curve.length) - 1)];
    if (at) picked.add(at);
  }
  const chosen = [...curve].reverse().find((p) => p.threshold >= threshold);
  if (chosen) picked.add(chosen);
  const rows = [...picked]
    .sort((a, b) => b.threshold - a.threshold)
    .map((p) => [`${rate(p.threshold)}${p === chosen ? ' (the model’s)' : ''}`, String(p.answered), rate(p.precision), rate(p.coverage), rate(p.accuracy), rate(p.unanswerableRefused)]);
  return markdownTable(['threshold', 'answered', 'precision', 'coverage', 'accuracy', 'unanswerable refused'], rows);
}

export function sweepChart(curve: readonly CurvePoint[], threshold: number, title: string, targetPrecision: number): string {
  const chosen = [...curve].reverse().find((p) => p.threshold >= threshold);
  return riskChart(title, [{ label: 'this run', color: '#2b6cb0', points: curve, ...(chosen ? { chosen: { coverage: chosen.coverage, precision: chosen.precision, threshold: chosen.threshold } } : {}) }], targetPrecision);
}
