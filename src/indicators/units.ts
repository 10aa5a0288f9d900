/**
 * Amounts stated in different units of one kind, made comparable: `1600亿斤` is 8,000万吨, `5.3万亿元` is 53,000亿元.
 * Pure, so that the chat page draws its bars on the same scale the server ranks by.
 */
import type { IndicatorRow } from './row.ts';

/** Each unit as a multiple of its kind's base unit; units of different kinds (亿元, 亿美元) never compare. */
const BASES: Readonly<Record<string, { kind: string; factor: number }>> = {
  '%': { kind: 'percent', factor: 1 },
  元: { kind: 'yuan', factor: 1 },
  美元: { kind: 'dollar', factor: 1 },
  人: { kind: 'people', factor: 1 },
  人次: { kind: 'visits', factor: 1 },
  斤: { kind: 'weight', factor: 0.5 },
  公斤: { kind: 'weight', factor: 1 },
  吨: { kind: 'weight', factor: 1e3 },
};

/** The multipliers written before a unit (`万吨`, `亿斤`, `万亿元`), longest first. */
const MULTIPLIERS: readonly [string, number][] = [
  ['万亿', 1e12],
  ['亿', 1e8],
  ['万', 1e4],
];

function scaleOf(unit: string): { kind: string; factor: number } | undefined {
  const [prefix, times] = MULTIPLIERS.find(([m]) => unit.startsWith(m) && BASES[unit.slice(m.length)]) ?? ['', 1];
  const base = BASES[unit.slice(prefix.length)];
  return base && { kind: base.kind, factor: base.factor * times };
}

/** Enough digits for any figure the reports state, few enough to drop the noise of the multiplication. */
const DIGITS = 12;

/** The value in another unit of its kind; undefined when the units are of different kinds or unknown. */
export function convert(value: number, from: string, to: string): number | undefined {
  if (from === to) return value;
  const source = scaleOf(from);
  const target = scaleOf(to);
  if (!source || !target || source.kind !== target.kind) return undefined;
  return Number(((value * source.factor) / target.factor).toPrecision(DIGITS));
}

/**
 * The figure a row is ranked by, in `unit`: its value, or the middle of its range; undefined without a number or in a
 * unit of another kind.
 */
export function figureIn(row: Pick<IndicatorRow, 'value' | 'low' | 'high' | 'unit'>, unit: string): number | undefined {
  const figure = row.value ?? (row.low !== undefined && row.high !== undefined ? (row.low + row.high) / 2 : undefined);
  return figure === undefined ? undefined : convert(figure, row.unit, unit);
}
