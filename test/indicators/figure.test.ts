/** A row's figure in a few words, on rows of the real corpus's indicator table. */
import { describe, expect, it } from 'vitest';
import { figureLabel } from '../../src/indicators/figure.ts';
import type { IndicatorRow } from '../../src/indicators/row.ts';
import { rowsOf } from './table.ts';

function row(reportId: string, indicator: string, kind: IndicatorRow['kind'], period: string): IndicatorRow {
  const found = rowsOf(reportId, indicator).find((r) => r.kind === kind && r.period === period);
  if (!found) throw new Error(`no ${indicator} ${kind} ${period} in ${reportId}`);
  return found;
}

describe('a figure in a few words', () => {
  it('hedges as the report does, before or after the number, with the stretch goal and an estimate', () => {
    const tibet = row('2025-tibet', 'gdp_growth', 'target', '2025');
    expect(figureLabel(tibet, 'zh')).toBe('7%以上（力争达到8%）');
    expect(figureLabel(tibet, 'en')).toBe('7% or more (力争达到8%)');
    const beijingJobs = row('2025-beijing', 'new_urban_jobs', 'target', '2025');
    expect(figureLabel(beijingJobs, 'zh')).toBe('不少于26万人');
    expect(figureLabel(beijingJobs, 'en')).toBe('at least 26万人');
    const beijingGdp = row('2025-beijing', 'gdp_growth', 'result', '2024');
    expect(figureLabel(beijingGdp, 'zh')).toBe('5.2%左右（预计）');
    expect(figureLabel(beijingGdp, 'en')).toBe('about 5.2% (estimated)');
  });

  it('gives a range as its ends, a fall as a negative number, and nothing for a target stated without a number', () => {
    expect(figureLabel(row('2025-fujian', 'gdp_growth', 'target', '2025'), 'zh')).toBe('5%—5.5%');
    expect(figureLabel(row('2025-fujian', 'gdp_growth', 'target', '2025'), 'en')).toBe('5%–5.5%');
    expect(figureLabel(row('2025-ningxia', 'cpi', 'result', '2024'), 'zh')).toBe('-0.3%');
    expect(figureLabel(row('2025-hunan', 'cpi', 'target', '2025'), 'zh')).toBeUndefined();
  });
});
