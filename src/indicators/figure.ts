/**
 * A row's figure in a few words, as the report hedges it: `6%左右`, `不少于26万人`, `5%—5.5%`, or in English `about 6%`.
 * Pure, so that the chat page draws its labels with the same words the server's answers use.
 */
import type { IndicatorRow } from './row.ts';

export type FigureLanguage = 'zh' | 'en';

/** How each hedge reads: in Chinese before or after the figure, in English around it. */
const HEDGES: Readonly<Record<string, { zh: 'before' | 'after'; en: (figure: string) => string }>> = {
  左右: { zh: 'after', en: (f) => `about ${f}` },
  以上: { zh: 'after', en: (f) => `${f} or more` },
  以内: { zh: 'after', en: (f) => `within ${f}` },
  不少于: { zh: 'before', en: (f) => `at least ${f}` },
  超过: { zh: 'before', en: (f) => `over ${f}` },
  超: { zh: 'before', en: (f) => `over ${f}` },
  突破: { zh: 'before', en: (f) => `over ${f}` },
  力争: { zh: 'before', en: (f) => `striving for ${f}` },
  低于: { zh: 'before', en: (f) => `below ${f}` },
};

export type FigureFields = Pick<IndicatorRow, 'value' | 'low' | 'high' | 'unit' | 'qualifier' | 'stretch' | 'estimate'>;

export function amount(value: number, unit: string): string {
  return `${value}${unit}`;
}

/** A number as hedged: `6%左右`, `不少于26万人`, `about 6%`; a hedge it does not know, left out. */
export function hedged(value: number, unit: string, qualifier: string | undefined, language: FigureLanguage): string {
  const plain = amount(value, unit);
  const hedge = qualifier ? HEDGES[qualifier] : undefined;
  if (!qualifier || !hedge) return plain;
  if (language === 'en') return hedge.en(plain);
  return hedge.zh === 'before' ? `${qualifier}${plain}` : `${plain}${qualifier}`;
}

/**
 * The figure with its hedge, the stretch goal's number and an estimate's mark (`7%以上（力争达到8%）`,
 * `5%—5.5%`); undefined when the report states no number.
 */
export function figureLabel(row: FigureFields, language: FigureLanguage): string | undefined {
  const zh = language === 'zh';
  if (row.value === null) {
    if (row.low === undefined || row.high === undefined) return undefined;
    return zh ? `${amount(row.low, row.unit)}—${amount(row.high, row.unit)}` : `${amount(row.low, row.unit)}–${amount(row.high, row.unit)}`;
  }
  const stretch = row.stretch?.value != null ? (zh ? `（${row.stretch.text}）` : ` (${row.stretch.text})`) : '';
  return `${hedged(row.value, row.unit, row.qualifier, language)}${stretch}${row.estimate ? (zh ? '（预计）' : ' (estimated)') : ''}`;
}
