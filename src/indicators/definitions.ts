/**
 * The indicators the reports state figures of, defined once in `indicators.json`: what each is called, the words
 * the reports use for it, its unit and what kind of figure it is.
 */
import { createRequire } from 'node:module';
import { z } from 'zod';

export const MEASURES = [
  /** A change in percent over the year before: `增长5.5%`, `涨幅2%`, `下降0.1%`. */
  'growth',
  /** A rate or share in its own right: `城镇调查失业率5.5%`, `研发投入强度2.85%`, `细颗粒物浓度29微克/立方米`. */
  'level',
  /** A quantity in a unit: `5154.75亿元`, `城镇新增就业15万人`, `粮食产量500亿斤`. */
  'amount',
  /** A fall in percent, stated as a positive figure: `单位地区生产总值能耗下降2%`. */
  'decline',
] as const;
export type Measure = (typeof MEASURES)[number];

export const indicatorSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9_]*$/),
    name: z.string().min(2),
    nameEn: z.string().min(2),
    measure: z.enum(MEASURES),
    /** The unit the indicator is usually stated in. */
    unit: z.string().min(1),
    /** Every unit a figure of an amount may be stated in; a figure in another unit is of something else. */
    units: z.array(z.string().min(1)).min(1).optional(),
    /** The words the reports name the indicator by; indicators of different measures may share them. */
    variants: z.array(z.string().min(2)).min(1),
  })
  .strict()
  .refine((d) => d.measure !== 'amount' || d.units !== undefined, { message: 'an amount lists the units it may be stated in' });
export type Indicator = z.infer<typeof indicatorSchema>;

export const indicatorsSchema = z.array(indicatorSchema).superRefine((list, ctx) => {
  const ids = new Set<string>();
  for (const d of list) {
    if (ids.has(d.id)) ctx.addIssue({ code: 'custom', message: `indicator ${d.id} is defined twice` });
    ids.add(d.id);
  }
});

const require = createRequire(import.meta.url);

/** The definitions as shipped, validated when first imported. */
export const INDICATORS: readonly Indicator[] = indicatorsSchema.parse(require('./indicators.json'));

/** The units a figure of the indicator may be stated in: percentages for rates, the listed ones for amounts. */
export function unitsOf(indicator: Indicator): readonly string[] {
  return indicator.units ?? [indicator.unit];
}
