import { describe, expect, it } from 'vitest';
import { INDICATORS, unitsOf } from '../../../src/indicators/definitions.ts';
import { convert } from '../../../src/indicators/units.ts';

describe('amounts in units of one kind', () => {
  it('converts every unit an indicator may be stated in to its usual unit, except another currency', () => {
    for (const indicator of INDICATORS) {
      for (const unit of unitsOf(indicator)) {
        const converted = convert(1, unit, indicator.unit);
        const currencies = new Set([unit, indicator.unit]);
        if (currencies.has('亿美元') && currencies.has('亿元')) expect(converted, `${indicator.id} ${unit}`).toBeUndefined();
        else expect(converted, `${indicator.id} ${unit} → ${indicator.unit}`).toBeGreaterThan(0);
      }
    }
  });

  it('scales by what the units mean, without floating-point noise', () => {
    expect(convert(1600, '亿斤', '万吨')).toBe(8000);
    expect(convert(1955, '万吨', '亿斤')).toBe(391);
    expect(convert(5.3, '万亿元', '亿元')).toBe(53000);
    expect(convert(64697, '亿元', '万亿元')).toBe(6.4697);
    expect(convert(2.5, '万元', '元')).toBe(25000);
    expect(convert(12, '%', '%')).toBe(12);
  });

  it('never compares units of different kinds', () => {
    expect(convert(10, '亿美元', '亿元')).toBeUndefined();
    expect(convert(10, '万人', '万吨')).toBeUndefined();
    expect(convert(10, '里', '公里')).toBeUndefined();
  });
});
