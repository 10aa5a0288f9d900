/** One stated figure of an indicator: a row of the indicator table, as stored with the index. */
import { z } from 'zod';

export const indicatorRowSchema = z
  .object({
    indicator: z.string(),
    /** The report's region and its level: a city's report gives the city's figures. */
    region: z.string(),
    regionLevel: z.enum(['province', 'city', 'county']),
    reportId: z.string(),
    /** The year the figure is about (`2024`), or a plan's span of years (`2021-2025`). */
    period: z.string().regex(/^\d{4}(?:-\d{4})?$/),
    kind: z.enum(['target', 'result']),
    /** A result stated as expected or preliminary (`预计`, `初步`). */
    estimate: z.boolean(),
    /** Null for a target stated without a number (`与经济增长同步`) and for a range, which has `low` and `high`. */
    value: z.number().nullable(),
    low: z.number().optional(),
    high: z.number().optional(),
    unit: z.string(),
    /** How the figure is hedged, as written: `左右`, `以上`, `以内`, `不少于`, `力争`, `控制在`. */
    qualifier: z.string().optional(),
    /** A stretch goal beside the target: `力争达到8%` (value 8), `力争更好结果` (value null). */
    stretch: z.object({ text: z.string(), value: z.number().nullable() }).optional(),
    /** The clause stating the figure, exactly as the chunk writes it. */
    quote: z.string().min(1),
    chunkId: z.string(),
    section: z.string(),
  })
  .strict();
export type IndicatorRow = z.infer<typeof indicatorRowSchema>;

export const indicatorTableSchema = z.array(indicatorRowSchema);
