/**
 * `FILE.meta.json` beside a report file: what the parser cannot find in the text, or finds wrongly, said by whoever
 * adds the file. Each field given overrides the parser's.
 */
import { z } from 'zod';
import { AppError } from '../errors.ts';

export const SIDECAR_SUFFIX = '.meta.json';

export const reportSidecarSchema = z.strictObject({
  /** `document` for a file that is not a government work report: indexed under its title, marked so. */
  kind: z.enum(['report', 'document']).optional(),
  region: z.string().trim().min(2).max(40).optional(),
  year: z.number().int().min(1949).max(2100).optional(),
  date: z.iso.date().optional(),
  meeting: z.string().trim().min(1).max(100).optional(),
  speaker: z.string().trim().min(1).max(40).optional(),
  role: z.string().trim().min(1).max(40).optional(),
  title: z.string().trim().min(1).max(100).optional(),
  sourceUrl: z.url({ protocol: /^https?$/ }).optional(),
});
export type ReportSidecar = z.infer<typeof reportSidecarSchema>;

export function sidecarName(file: string): string {
  return `${file}${SIDECAR_SUFFIX}`;
}

/** A sidecar's text, validated; refused with `invalid-metadata` naming the field at fault. */
export function parseSidecar(text: string, name: string): ReportSidecar {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new AppError('invalid-metadata', `${name} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = reportSidecarSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError('invalid-metadata', `${name}: ${issue?.path.length ? `${issue.path.join('.')}: ` : ''}${issue?.message ?? 'not valid'}`);
  }
  return parsed.data;
}
