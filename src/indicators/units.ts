/**
 * Amounts stated in different units of one kind, made comparable: `1600亿斤` is 8,000万吨, `5.3万亿元` is 53,000亿元.
 * Pure, so that the chat page draws its bars on the same scale the server ranks by.
 */

/** Each unit as a multiple of its kind's base unit; units of different kinds (亿元, 亿美元) never compare. */
const SCALES: Readonly<Record<string, { kind: string; factor: number }>> = {
  '%': { kind: 'percent', factor: 1 },
  元: { kind: 'yuan', factor: 1 },
  万元: { kind: 'yuan', factor: 1e4 },
  亿元: { kind: 'yuan', factor: 1e8 },
  万亿元: { kind: 'yuan', factor: 1e12 },
  美元: { kind: 'dollar', factor: 1 },
  万美元: { kind: 'dollar', factor: 1e4 },
  亿美元: { kind: 'dollar', factor: 1e8 },
  人: { kind: 'people', factor: 1 },
  万人: { kind: 'people', factor: 1e4 },
  亿人: { kind: 'people', factor: 1e8 },
  人次: { kind: 'visits', factor: 1 },
  万人次: { kind: 'visits', factor: 1e4 },
  亿人次: { kind: 'visits', factor: 1e8 },
  斤: { kind: 'weight', factor: 0.5 },
  万斤: { kind: 'weight', factor: 5e3 },
  亿斤: { kind: 'weight', factor: 5e7 },
  公斤: { kind: 'weight', factor: 1 },
  亿公斤: { kind: 'weight', factor: 1e8 },
  吨: { kind: 'weight', factor: 1e3 },
  万吨: { kind: 'weight', factor: 1e7 },
  亿吨: { kind: 'weight', factor: 1e11 },
  '微克/立方米': { kind: 'concentration', factor: 1 },
  '万元/人': { kind: 'productivity', factor: 1 },
};

/** Enough digits for any figure the reports state, few enough to drop the noise of the multiplication. */
const DIGITS = 12;

/** The value in another unit of its kind; undefined when the units are of different kinds or unknown. */
export function convert(value: number, from: string, to: string): number | undefined {
  if (from === to) return value;
  const source = SCALES[from];
  const target = SCALES[to];
  if (!source || !target || source.kind !== target.kind) return undefined;
  return Number(((value * source.factor) / target.factor).toPrecision(DIGITS));
}
