/** The region and report-year filters, filled from the reports the server holds. */
import { h } from './dom.ts';
import type { ReportSummary } from './types.ts';

export interface FilterChoice {
  region?: string;
  year?: number;
}

export class Filters {
  private reports: readonly ReportSummary[] = [];

  constructor(
    private readonly region: HTMLSelectElement,
    private readonly year: HTMLSelectElement,
  ) {
    // A year is offered only if the chosen region has a report of it: any other pair would answer nothing.
    region.addEventListener('change', () => this.fillYears());
  }

  fill(reports: readonly ReportSummary[]): void {
    this.reports = reports;
    const regions = [...new Set(reports.map((r) => r.region))];
    this.region.replaceChildren(this.region.options[0] as HTMLOptionElement, ...regions.map((name) => h('option', { attrs: { value: name } }, name)));
    this.region.disabled = false;
    this.year.disabled = false;
    this.fillYears();
  }

  current(): FilterChoice {
    return {
      ...(this.region.value ? { region: this.region.value } : {}),
      ...(this.year.value ? { year: Number(this.year.value) } : {}),
    };
  }

  /** Back to all regions and years. */
  clear(): void {
    this.region.value = '';
    this.fillYears();
    this.year.value = '';
  }

  private fillYears(): void {
    const chosen = this.year.value;
    const inRegion = this.reports.filter((r) => !this.region.value || r.region === this.region.value);
    const years = [...new Set(inRegion.map((r) => r.year))].sort((a, b) => b - a).map(String);
    this.year.replaceChildren(this.year.options[0] as HTMLOptionElement, ...years.map((year) => h('option', { attrs: { value: year } }, year)));
    this.year.value = years.includes(chosen) ? chosen : '';
  }
}
