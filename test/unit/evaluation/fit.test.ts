import { describe, expect, it } from 'vitest';
import { auc, foldOf, pointFor, riskCoverage, type QuestionOutcome } from '../../../src/evaluation/fit/cross-validate.ts';
import { fitLogistic, predict } from '../../../src/evaluation/fit/logistic.ts';

describe('fitting the decision', () => {
  it('fits a logistic regression that separates what its feature separates, the same every time', () => {
    const rows = Array.from({ length: 200 }, (_, i) => [i / 200, (i * 7) % 13]);
    const labels = rows.map(([x]) => ((x ?? 0) > 0.6 ? 1 : 0));
    const model = fitLogistic(rows, labels, 0.01);
    expect(predict(model, [0.9, 5])).toBeGreaterThan(0.9);
    expect(predict(model, [0.2, 5])).toBeLessThan(0.1);
    // The feature that says nothing weighs little beside the one that separates.
    expect(Math.abs(model.weights[1] ?? 0)).toBeLessThan(Math.abs(model.weights[0] ?? 0) / 10);
    expect(fitLogistic(rows, labels, 0.01)).toEqual(model);
  });

  it('puts every gold item in one fold, whatever run or machine', () => {
    expect(foldOf('g-001')).toBe(foldOf('g-001'));
    const folds = new Set(Array.from({ length: 100 }, (_, i) => foldOf(`x-${i}`)));
    expect(folds).toEqual(new Set([0, 1, 2, 3, 4]));
  });

  it('reads the risk–coverage curve and the threshold of a target precision off the outcomes', () => {
    const outcomes: QuestionOutcome[] = [
      { id: 'a', answerable: true, confidence: 0.95, right: true },
      { id: 'b', answerable: true, confidence: 0.9, right: true },
      { id: 'c', answerable: false, confidence: 0.8, right: false },
      { id: 'd', answerable: true, confidence: 0.7, right: true },
      { id: 'e', answerable: true, confidence: -1, right: false },
    ];
    const curve = riskCoverage(outcomes);
    expect(curve.map((p) => [p.threshold, p.answered, p.right])).toEqual([
      [0.95, 1, 1],
      [0.9, 2, 2],
      [0.8, 3, 2],
      [0.7, 4, 3],
    ]);
    expect(curve[3]).toMatchObject({ precision: 0.75, coverage: 0.75, accuracy: 0.75, unanswerableRefused: 0 });
    expect(pointFor(curve, 0.95)?.threshold).toBe(0.9);
    expect(pointFor(curve, 0.7)?.threshold).toBe(0.7);
  });

  it('measures how often a right candidate is ranked above a wrong one', () => {
    expect(auc([{ p: 0.9, label: 1 }, { p: 0.1, label: 0 }])).toBe(1);
    expect(auc([{ p: 0.1, label: 1 }, { p: 0.9, label: 0 }])).toBe(0);
    expect(auc([{ p: 0.5, label: 1 }, { p: 0.5, label: 0 }])).toBe(0.5);
  });
});
