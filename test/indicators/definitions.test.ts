import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { INDICATORS, indicatorsSchema } from '../../src/indicators/definitions.ts';

const FILE = new URL('../../src/indicators/indicators.json', import.meta.url);

describe('the indicator definitions', () => {
  it('validate against their schema', () => {
    expect(() => indicatorsSchema.parse(JSON.parse(readFileSync(FILE, 'utf8')))).not.toThrow();
  });

  it('define at least 30 indicators, each once', () => {
    expect(INDICATORS.length).toBeGreaterThanOrEqual(30);
    expect(new Set(INDICATORS.map((d) => d.id)).size).toBe(INDICATORS.length);
  });

  it('hold the indicators the reports state most', () => {
    const ids = INDICATORS.map((d) => d.id);
    for (const id of ['gdp_growth', 'gdp_total', 'cpi', 'unemployment_rate', 'new_urban_jobs', 'disposable_income_growth', 'urban_income_growth', 'rural_income_growth', 'fixed_asset_investment_growth', 'retail_sales_growth', 'foreign_trade_growth', 'budget_revenue_growth', 'grain_output', 'rd_intensity', 'energy_intensity_decline', 'pm25', 'good_air_days']) {
      expect(ids).toContain(id);
    }
  });

  it('refuse an amount without its units and an indicator defined twice', () => {
    const gdp = INDICATORS.find((d) => d.id === 'gdp_total');
    expect(indicatorsSchema.safeParse([{ ...gdp, units: undefined }]).success).toBe(false);
    expect(indicatorsSchema.safeParse([gdp, gdp]).success).toBe(false);
  });
});
